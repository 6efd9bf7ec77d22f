"""The same data gives bit-identical marts (SPEC 1): whatever the threads, the row order or
the machine's time zone.

One small marketplace, plus rows whose winner a careless rule would take from the physical
order of the files: two versions of an order with the same `updated_at` (one in EUR, one
in USD, each with a line) and one event id sent for two buyers. It is built four ways:
one thread; two threads; every raw table rewritten with its rows in reverse order; and
the timestamps of some tables written with a time zone (the same instants), the others
naive, and dbt run under TZ=Europe/Paris, where a day-level rule (the FX day, windows)
would shift if either kind leaked the machine's time zone.
Every relation of `marts` and `segments` must hold the same rows (EXCEPT ALL both ways),
the predictions' fitted parameters and scores among them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from mart_differences import differences

from marketseg.contract import RAW_TABLES, TS
from marketseg.dbt import PROJECT_DIR, run_dbt
from marketseg.generator import GeneratorConfig, write_marketplace

# the small marketplace has about 130 purchasers: both prediction models are fitted
VARS = {"extracted_at": "2026-01-01 00:00:00", "prediction_min_buyers": 20}
TIED_ORDER = "O-TIED-VERSIONS"
SHARED_EVENT = "E-SHARED-ID"


def tie_rows(raw: Path) -> dict[str, pa.Table]:
    """Rows that tie on every rule's ordering, against real buyers of the data set."""
    buyers = pq.read_table(raw / "buyers").column("buyer_id").drop_null().to_pylist()
    first, second = sorted(set(buyers))[:2]
    at = dt.datetime(2025, 12, 20, 12, 0, 0)
    orders = [
        {"order_id": TIED_ORDER, "buyer_id": first, "ordered_at": at, "updated_at": at,
         "status": "paid", "currency": currency, "channel": "web", "is_gift": False}
        for currency in ("EUR", "USD")
    ]  # fmt: skip
    items = [
        {"order_id": TIED_ORDER, "line_number": 1, "product_id": "P-X", "seller_id": seller,
         "category": "books", "quantity": 1, "unit_price": price, "discount_amount": 0,
         "commission_amount": 1, "is_returned": False}
        for seller, price in (("S-TIE-A", 40), ("S-TIE-B", 90))
    ]  # fmt: skip
    events = [
        {"event_id": SHARED_EVENT, "occurred_at": at, "buyer_id": buyer, "session_id": session,
         "event_type": "page_view", "page_type": "home", "device_type": "desktop",
         "traffic_source": "direct", "is_app": False}
        for buyer, session in ((first, "SES-TIE-1"), (second, "SES-TIE-2"))
    ]  # fmt: skip
    return {
        "orders": pa.Table.from_pylist(orders, schema=RAW_TABLES["orders"]),
        "order_items": pa.Table.from_pylist(items, schema=RAW_TABLES["order_items"]),
        "events": pa.Table.from_pylist(events, schema=RAW_TABLES["events"]),
    }


def write_raw(
    source: Path,
    out: Path,
    extra: dict[str, pa.Table],
    reverse: bool = False,
    zoned: frozenset[str] = frozenset(),
) -> Path:
    """Each table in one file: its rows plus the extra ones, reversed if asked; timestamps
    of the `zoned` tables carry the UTC time zone (the same instants)."""
    for table, schema in RAW_TABLES.items():
        rows = pq.read_table(source / table, schema=schema)
        if table in extra:
            rows = pa.concat_tables([rows, extra[table]])
        if reverse:
            rows = rows.take(pa.array(range(rows.num_rows - 1, -1, -1)))
        if table in zoned:
            rows = rows.cast(
                pa.schema(
                    pa.field(f.name, pa.timestamp("us", tz="UTC")) if f.type == TS else f
                    for f in schema
                )
            )
        (out / table).mkdir(parents=True)
        pq.write_table(rows, out / table / "part-0.parquet")
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("determinism")
    generated = base / "generated"
    write_marketplace(GeneratorConfig(seed=11, buyers=400, sellers=20), generated, progress=False)
    extra = tie_rows(generated)
    plain = write_raw(generated, base / "plain", extra)
    reversed_raw = write_raw(generated, base / "reversed", extra, reverse=True)
    # zoned timestamps must be converted, naive ones read as UTC whatever the machine's zone
    mixed = write_raw(
        generated, base / "mixed", extra, zoned=frozenset({"orders", "sellers", "products"})
    )
    warehouses = {}
    for name, raw, threads in (
        ("one_thread", plain, 1),
        ("two_threads", plain, 2),
        ("reversed_rows", reversed_raw, 2),
    ):
        warehouses[name] = base / f"{name}.duckdb"
        run_dbt(
            ["build", "--threads", str(threads), "--exclude", "test_type:unit"],
            PROJECT_DIR,
            warehouses[name],
            {"raw_path": str(raw), **VARS},
        )
    # the machine's time zone is read when the process starts: a process of its own
    warehouses["paris_time_zone"] = base / "paris_time_zone.duckdb"
    build = subprocess.run(
        [
            Path(sys.executable).with_name("dbt"), "build", "--exclude", "test_type:unit",
            "--project-dir", PROJECT_DIR, "--profiles-dir", PROJECT_DIR,
            "--vars", json.dumps({"raw_path": str(mixed), **VARS}),
        ],
        env={**os.environ, "TZ": "Europe/Paris",
             "MARKETSEG_DUCKDB_PATH": str(warehouses["paris_time_zone"])},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:]
    return warehouses


def test_the_tied_rows_reach_the_marts(builds: dict[str, Path]) -> None:
    with duckdb.connect(str(builds["one_thread"]), read_only=True) as connection:
        (orders,) = connection.execute(
            "select count(*) from staging.stg_marketplace__orders where order_id = ?",
            [TIED_ORDER],
        ).fetchone()
        (events,) = connection.execute(
            "select count(*) from staging.stg_marketplace__events where event_id = ?",
            [SHARED_EVENT],
        ).fetchone()
    assert (orders, events) == (1, 1)


def test_the_predictions_are_fitted(builds: dict[str, Path]) -> None:
    """The predictions' fits and scores are among the marts compared below."""
    with duckdb.connect(str(builds["one_thread"]), read_only=True) as connection:
        statuses = connection.execute(
            "select distinct model, fit_status from marts.prediction_model_parameters"
        ).fetchall()
        (valued,) = connection.execute(
            "select count(predicted_value) from marts.buyer_predictions"
        ).fetchone()
    assert sorted(statuses) == [("bg_nbd", "fitted"), ("gamma_gamma", "fitted")]
    assert valued > 100


@pytest.mark.parametrize("other", ["two_threads", "reversed_rows", "paris_time_zone"])
def test_marts_are_identical_whatever_the_threads_row_order_and_time_zone(
    builds: dict[str, Path], other: str
) -> None:
    assert differences(builds["one_thread"], builds[other]) == []


def test_the_comparison_sees_a_changed_row(builds: dict[str, Path], tmp_path: Path) -> None:
    changed = tmp_path / "changed.duckdb"
    shutil.copy(builds["one_thread"], changed)
    with duckdb.connect(str(changed)) as connection:
        connection.execute(
            "update marts.buyer_segments set monetary_total = monetary_total + 0.01 "
            "where buyer_id = (select min(buyer_id) from marts.buyer_segments "
            "where monetary_total > 0)"
        )
    assert differences(builds["one_thread"], changed) == [
        "marts.buyer_segments: 1 rows only in l",
        "marts.buyer_segments: 1 rows only in r",
    ]
