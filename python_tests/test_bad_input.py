"""No single row stops or skews the build (SPEC 1): hand-made bad rows in a user's export.

The deterministic test marketplace is copied and each table gets one more Parquet file, as
a user's export would hold it: amounts written as text, a NaN, an overflow, undecodable
bytes, null timestamps, implausible quantities and prices, impossible birth dates. The whole
project must build, every raw row must end as a clean row or a rejected row (the dbt test
`assert_raw_rows_conserved` runs in the build), and each bad row must be rejected with the
reason and the column, or kept with the bad attribute unknown.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marketseg.contract import RAW_TABLES
from marketseg.dbt import PROJECT_DIR, DbtError, run_dbt

VARS = {"extracted_at": "2026-01-01 00:00:00"}
AT = dt.datetime(2025, 6, 1, 12, 0, 0)


def undecodable(*values: str | bytes | None) -> pa.Array:
    """A string column whose bytes need not be valid UTF-8 (as some exporters write)."""
    raw = [v.encode() if isinstance(v, str) else v for v in values]
    return pa.array(raw, type=pa.binary()).view(pa.string())


def eur_paid_order(raw: Path) -> str:
    orders = pq.read_table(raw / "orders", schema=RAW_TABLES["orders"]).to_pylist()
    ids = sorted(o["order_id"] for o in orders if o["currency"] == "EUR" and o["status"] == "paid")
    return ids[0]


def bad_files(raw: Path) -> dict[str, pa.Table]:
    order = eur_paid_order(raw)
    orders = pa.table(
        {
            "order_id": ["O-NULL-ORDERED-AT", "O-UNDECODABLE-CURRENCY", "O-NULL-STATUS"],
            "buyer_id": ["B-ANY", "B-ANY", "B-ANY"],
            "ordered_at": pa.array([None, AT, AT], type=pa.timestamp("us")),
            "updated_at": pa.array([AT, AT, AT], type=pa.timestamp("us")),
            "status": ["paid", "paid", None],
            "currency": undecodable("EUR", b"EU\xff", "EUR"),
        }
    )
    # amounts as text, as a spreadsheet export writes them; quantities as 64-bit integers
    lines = [
        (101, 1, "12,50"),  # comma decimal
        (102, 1, "n/a"),
        (103, 1, "NaN"),
        (104, 1, "Infinity"),
        (105, 2_000_000_000, "10.00"),  # overflows decimal(18, 2) once multiplied
        (106, 1_000_000, "10.00"),  # one line would make its buyer the whole top tier
        (107, 1, "50000.01"),  # just above max_unit_price (EUR order)
        (108, 1000, "1.00"),  # exactly max_line_quantity: kept
        (109, 1, "50000.00"),  # exactly max_unit_price: kept
        (110, 1, "100000000.00"),  # overflowed decimal(18, 10) once converted
    ]
    order_items = pa.table(
        {
            "order_id": [order] * len(lines),
            "line_number": pa.array([n for n, _, _ in lines], type=pa.int64()),
            "seller_id": ["S-ANY"] * len(lines),
            "quantity": pa.array([q for _, q, _ in lines], type=pa.int64()),
            "unit_price": [p for _, _, p in lines],
        }
    )
    events = pa.table(
        {
            "event_id": [
                "E-NULL-OCCURRED-AT",
                "E-NULL-TYPE",
                "E-UNDECODABLE-SESSION",
                "E-NO-ACTOR",
            ],
            "occurred_at": pa.array([None, AT, AT, AT], type=pa.timestamp("us")),
            # the file has no anonymous_id column: E-NO-ACTOR has neither id
            "buyer_id": ["B-ANY"] * 3 + [None],
            "session_id": undecodable("S-1", "S-1", b"S-\xfe", "S-1"),
            "event_type": ["page_view", None, "page_view", "page_view"],
        }
    )
    buyers = pa.table(
        {
            "buyer_id": [
                "B-BORN-IN-FUTURE",
                "B-BORN-120-YEARS-AGO",
                "B-BORN-OVER-120-YEARS-AGO",
                "B-UNDECODABLE-CITY",
            ],
            "created_at": pa.array([AT] * 4, type=pa.timestamp("us")),
            "updated_at": pa.array([AT] * 4, type=pa.timestamp("us")),
            "birth_date": pa.array(
                [dt.date(2026, 1, 2), dt.date(1906, 1, 1), dt.date(1905, 12, 31), None],
                type=pa.date32(),
            ),
            "city": undecodable("paris", "paris", "paris", b"caf\xff city"),
        }
    )
    return {"orders": orders, "order_items": order_items, "events": events, "buyers": buyers}


def more_bad_files(raw: Path) -> dict[str, pa.Table]:
    """Bad rows whose column types differ again (a second file of the same table)."""
    order = eur_paid_order(raw)
    orders = pa.table(
        {
            "order_id": undecodable(
                "O-INFINITE-ORDERED-AT", b"O\xff-KEY", b"O\xff-KEY", "O-OF-A-TEST-BUYER"
            ),
            "buyer_id": ["B-ANY", "B-ANY", "B-ANY", "B-TEST-WITHOUT-CREATED-AT"],
            "ordered_at": ["infinity", str(AT), str(AT), str(AT)],
            "updated_at": pa.array(
                [AT, AT, AT + dt.timedelta(days=1), AT], type=pa.timestamp("us")
            ),
            "status": ["paid", "placed", "paid", "paid"],
            "currency": ["EUR"] * 4,
        }
    )
    order_items = pa.table(
        {
            "order_id": undecodable(order, order, b"O\xff-KEY"),
            "line_number": pa.array([111, 112, 1], type=pa.int64()),
            "seller_id": ["S-ANY"] * 3,
            "quantity": ["1", "2.5", "1"],  # a fraction is no quantity
            "unit_price": pa.array([10, 10, 10], type=pa.decimal128(18, 2)),
            "commission_amount": pa.array([1_000_000_000, 1, 1], type=pa.decimal128(18, 2)),
        }
    )
    buyers = pa.table(
        {
            "buyer_id": ["B-BIRTH-NOT-A-DATE", "B-TEST-WITHOUT-CREATED-AT"],
            "created_at": pa.array([AT, None], type=pa.timestamp("us")),
            "updated_at": pa.array([AT, AT], type=pa.timestamp("us")),
            "birth_date": ["31/12/1990", None],
            "deleted_at": pa.array([AT, None], type=pa.timestamp("us")),
            "is_test_account": [False, True],
        }
    )
    return {"orders": orders, "order_items": order_items, "buyers": buyers}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory, test_raw_path: Path) -> Path:
    base = tmp_path_factory.mktemp("bad_input")
    raw = base / "raw"
    shutil.copytree(test_raw_path, raw)
    files = {"user_bad_rows": bad_files(raw), "user_more_bad_rows": more_bad_files(raw)}
    for name, tables in files.items():
        for table, rows in tables.items():
            pq.write_table(rows, raw / table / f"{name}.parquet")
    warehouse = base / "warehouse.duckdb"
    run_dbt(
        ["build", "--exclude", "test_type:unit"], PROJECT_DIR, warehouse,
        {"raw_path": str(raw), **VARS},
    )  # fmt: skip
    return warehouse


@pytest.fixture()
def built(bad_build: Path):
    with duckdb.connect(str(bad_build), read_only=True) as connection:
        yield connection


@pytest.mark.parametrize(
    ("table", "key", "reason", "column"),
    [
        ("orders", "O-NULL-ORDERED-AT", "missing_value", "ordered_at"),
        ("orders", "O-NULL-STATUS", "missing_value", "status"),
        ("orders", "O-UNDECODABLE-CURRENCY", "invalid_value", "currency"),
        ("events", "E-NULL-OCCURRED-AT", "missing_value", "occurred_at"),
        ("events", "E-NULL-TYPE", "missing_value", "event_type"),
        ("events", "E-UNDECODABLE-SESSION", "invalid_value", "session_id"),
        ("events", "E-NO-ACTOR", "no_actor", None),
        ("order_items", "#101", "invalid_value", "unit_price"),
        ("order_items", "#102", "invalid_value", "unit_price"),
        ("order_items", "#103", "invalid_value", "unit_price"),
        ("order_items", "#104", "invalid_value", "unit_price"),
        ("order_items", "#105", "implausible_value", "quantity"),
        ("order_items", "#106", "implausible_value", "quantity"),
        ("order_items", "#107", "implausible_value", "unit_price"),
        ("order_items", "#110", "implausible_value", "unit_price"),
        ("order_items", "#111", "invalid_commission", None),
        ("order_items", "#112", "invalid_value", "quantity"),
        ("orders", "O-INFINITE-ORDERED-AT", "invalid_value", "ordered_at"),
        ("orders", "O-OF-A-TEST-BUYER", "test_account", None),
        ("buyers", "B-TEST-WITHOUT-CREATED-AT", "test_account", None),
    ],
)
def test_a_bad_row_is_rejected_naming_its_column(
    built: duckdb.DuckDBPyConnection, table: str, key: str, reason: str, column: str
) -> None:
    rows = built.execute(
        "select reason, reason_column from audit.rejected_rows "
        "where source_table = ? and (source_key = ? or source_key like '%' || ?)",
        [table, key, key if key.startswith("#") else "\x00"],
    ).fetchall()
    assert rows == [(reason, column)]


def test_the_raw_text_of_a_value_that_cannot_be_cast_is_kept(
    built: duckdb.DuckDBPyConnection,
) -> None:
    rows = built.execute(
        "select cast(split_part(source_key, '#', 2) as integer), rejected_value "
        "from audit.rejected_rows where source_table = 'order_items' "
        "and reason = 'invalid_value' and reason_column in ('unit_price', 'quantity') order by 1"
    ).fetchall()
    assert rows == [(101, "12,50"), (102, "n/a"), (103, "NaN"), (104, "Infinity"), (112, "2.5")]


def test_versions_of_an_undecodable_order_id_are_told_apart_once(
    built: duckdb.DuckDBPyConnection,
) -> None:
    rows = built.execute(
        "select source_table, reason, reason_column from audit.rejected_rows "
        "where source_key like 'O?-KEY%' order by all"
    ).fetchall()
    # one row per raw row: the line's own order id holds the same undecodable bytes; each
    # version of the order is rejected once for its key
    assert rows == [
        ("order_items", "invalid_value", "order_id"),
        ("orders", "invalid_value", "order_id"),
        ("orders", "invalid_value", "order_id"),
    ]


def test_an_unreadable_attribute_no_rule_needs_becomes_unknown(
    built: duckdb.DuckDBPyConnection,
) -> None:
    kept = built.execute(
        "select is_erased, birth_date from staging.stg_marketplace__buyers "
        "where buyer_id = 'B-BIRTH-NOT-A-DATE'"
    ).fetchall()
    assert kept == [(True, None)]
    (leaks,) = built.execute(
        "select count(*) from audit.rejected_rows where rejected_value like '%1990%'"
    ).fetchone()
    assert leaks == 0


def test_lines_at_the_bounds_are_kept(built: duckdb.DuckDBPyConnection) -> None:
    kept = built.execute(
        "select line_number, quantity, unit_price from staging.stg_marketplace__order_items "
        "where line_number in (108, 109) order by 1"
    ).fetchall()
    assert [(n, q, float(p)) for n, q, p in kept] == [(108, 1000, 1.0), (109, 1, 50000.0)]


def test_impossible_birth_dates_become_unknown_and_the_buyer_is_kept(
    built: duckdb.DuckDBPyConnection,
) -> None:
    rows = dict(
        built.execute(
            "select buyer_id, birth_date from staging.stg_marketplace__buyers "
            "where buyer_id like 'B-BORN-%'"
        ).fetchall()
    )
    assert rows == {
        "B-BORN-IN-FUTURE": None,
        "B-BORN-120-YEARS-AGO": dt.date(1906, 1, 1),
        "B-BORN-OVER-120-YEARS-AGO": None,
    }
    # as of 2025-12-31, a birthday on 1 January falls in the next 30 days: only the buyer
    # whose birth date is kept has a birthday moment
    with_birthday = built.execute(
        "select buyer_id from marts.buyer_loyalty_moments "
        "where buyer_id like 'B-BORN-%' and moment_type = 'birthday'"
    ).fetchall()
    assert with_birthday == [("B-BORN-120-YEARS-AGO",)]


def test_undecodable_free_text_is_kept_with_the_bytes_replaced(
    built: duckdb.DuckDBPyConnection,
) -> None:
    (city,) = built.execute(
        "select city from staging.stg_marketplace__buyers where buyer_id = 'B-UNDECODABLE-CITY'"
    ).fetchone()
    assert city == "caf? city"


def test_reviews_and_tickets_of_test_accounts_are_rejected(
    built: duckdb.DuckDBPyConnection, manifest_of_test_data: dict
) -> None:
    test_buyers = manifest_of_test_data["dirty"]["test_buyer"]["keys"]
    test_sellers = manifest_of_test_data["dirty"]["test_seller"]["keys"]
    staged = built.execute(
        "select 'review', review_id from staging.stg_marketplace__reviews "
        "where buyer_id in (select unnest(?)) or seller_id in (select unnest(?)) "
        "union all select 'ticket', ticket_id from staging.stg_marketplace__support_tickets "
        "where buyer_id in (select unnest(?)) or seller_id in (select unnest(?))",
        [test_buyers, test_sellers, test_buyers, test_sellers],
    ).fetchall()
    assert staged == []
    (rejected,) = built.execute(
        "select count(*) from audit.rejected_rows "
        "where source_table in ('reviews', 'support_tickets') and reason = 'test_account'"
    ).fetchone()
    assert rejected > 0, "the test data holds no review or ticket of a test account"


def test_a_truncated_file_stops_the_run_naming_the_file(
    tmp_path: Path, test_raw_path: Path
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(test_raw_path, raw)
    whole = (raw / "reviews" / "part-0.parquet").read_bytes()
    (raw / "reviews" / "part-0.parquet").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DbtError, match=r"reviews/part-0\.parquet"):
        run_dbt(
            ["run", "--select", "base_marketplace__reviews"], PROJECT_DIR,
            tmp_path / "warehouse.duckdb", {"raw_path": str(raw), **VARS},
        )  # fmt: skip


@pytest.mark.parametrize(
    ("dbt_vars", "message"),
    [
        ({"as_of_date": "2020-01-01"}, "as_of_date 2020-01-01 is before the first purchase"),
        ({"as_of_date": "2026-01-02"}, "as_of_date 2026-01-02 is after the export was taken"),
        ({"purchase_statuses": ["no_such_status"]}, "the export holds no purchase"),
    ],
)
def test_an_unusable_reference_date_stops_the_run_with_what_to_set(
    tmp_path: Path, test_raw_path: Path, dbt_vars: dict, message: str
) -> None:
    with pytest.raises(DbtError, match=message):
        run_dbt(
            ["run", "--select", "+int_reference_date"], PROJECT_DIR,
            tmp_path / "warehouse.duckdb", {"raw_path": str(test_raw_path), **VARS, **dbt_vars},
        )  # fmt: skip
