"""SPEC 2's property: a build on the full data as of D equals a build on the same data
cut at D, for every relation of `marts` and `segments`.

The cut removes every version of an order, buyer or seller written after the end of D
(`updated_at`), every row whose own time is after D (`ordered_at`, `occurred_at`,
`created_at`, `rate_date`) and the lines of orders so removed. The generator writes
versions that change after any date (payments, refunds, cancellations, deliveries,
consent and city changes, erasures, plan changes), so the property only holds when
every model reads the version in force on D. Both builds fix `extracted_at`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from mart_differences import differences

from marketseg.contract import RAW_TABLES
from marketseg.dbt import run_dbt
from marketseg.generator import GeneratorConfig, write_marketplace

PROJECT = Path(__file__).resolve().parents[1]
CONFIG = GeneratorConfig(seed=13, buyers=400, sellers=20)
EXTRACTED_AT = "2026-01-01 00:00:00"
DATES = (dt.date(2025, 6, 30), dt.date(2025, 10, 15))
VERSION_COLUMN = {"orders": "updated_at", "buyers": "updated_at", "sellers": "updated_at"}
TIME_COLUMN = {
    "orders": "ordered_at",
    "buyers": "created_at",
    "sellers": "created_at",
    "products": "created_at",
    "events": "occurred_at",
    "support_tickets": "created_at",
    "reviews": "created_at",
    "fx_rates": "rate_date",
}
NO_TEST = ["--exclude", "resource_type:test", "resource_type:unit_test"]


def after(rows: pa.Table, column: str, day: dt.date) -> pa.Array:
    """True where `column` is after `day` (a null time is not)."""
    values = rows.column(column)
    limit = pa.scalar(day + dt.timedelta(days=1), pa.date32())
    if pa.types.is_timestamp(values.type):
        limit = pa.scalar(dt.datetime.combine(limit.as_py(), dt.time()), values.type)
    return pc.fill_null(pc.greater_equal(values, limit), False)


def cut(source: Path, out: Path, day: dt.date) -> Path:
    """The raw folder as it was at the end of `day`."""
    tables = {}
    for table, schema in RAW_TABLES.items():
        rows = pq.read_table(source / table, schema=schema)
        for column in (TIME_COLUMN.get(table), VERSION_COLUMN.get(table)):
            if column:
                rows = rows.filter(pc.invert(after(rows, column, day)))
        tables[table] = rows
    orders = tables["orders"].column("order_id")
    items = tables["order_items"]
    tables["order_items"] = items.filter(
        pc.or_(pc.is_null(items.column("order_id")), pc.is_in(items.column("order_id"), orders))
    )
    for table, rows in tables.items():
        (out / table).mkdir(parents=True)
        pq.write_table(rows, out / table / "part-0.parquet")
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("point_in_time") / "full"
    write_marketplace(CONFIG, path, progress=False)
    return path


def build(raw: Path, warehouse: Path, day: dt.date) -> Path:
    run_dbt(
        ["build", *NO_TEST],
        PROJECT,
        warehouse,
        {"raw_path": str(raw), "extracted_at": EXTRACTED_AT, "as_of_date": day.isoformat()},
    )
    return warehouse


def test_the_data_changes_after_the_dates(generated: Path) -> None:
    """The property is only worth checking if versions written after D change what D
    sees: an order placed before D paid, refunded or cancelled after it, a consent and a
    plan changed after it, a seller created after it."""
    orders = pq.read_table(generated / "orders")
    moved = set()
    for day in DATES:
        later = orders.filter(after(orders, "updated_at", day))
        later = later.filter(pc.invert(after(later, "ordered_at", day)))
        statuses = set(pc.unique(later.column("status")).to_pylist())
        assert statuses & {"paid", "refunded", "cancelled"}, f"no purchase changes after {day}"
        moved |= statuses
        for table, change in (("buyers", "marketing_consent"), ("sellers", "plan")):
            rows = pq.read_table(generated / table)
            changed = rows.filter(after(rows, "updated_at", day))
            changed = changed.filter(pc.invert(after(changed, "created_at", day)))
            assert changed.num_rows > 0, f"no {table} {change} changes after {day}"
        sellers = pq.read_table(generated / "sellers")
        assert pc.any(after(sellers, "created_at", day)).as_py(), f"no seller created after {day}"
    assert {"paid", "refunded"} <= moved


@pytest.mark.parametrize("day", DATES, ids=str)
def test_a_build_as_of_a_date_equals_a_build_of_the_data_cut_at_it(
    generated: Path, day: dt.date, tmp_path: Path
) -> None:
    full = build(generated, tmp_path / "full.duckdb", day)
    truncated = build(cut(generated, tmp_path / "cut", day), tmp_path / "cut.duckdb", day)
    assert differences(full, truncated) == []
