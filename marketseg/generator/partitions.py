"""`--daily-partitions`: the raw tables split into daily partitions by landing day.

The plain files `write_marketplace` writes are re-split with DuckDB into
`<table>/landed_date=YYYY-MM-DD/part-0.parquet`. A row lands on the day of its own
timestamp (LANDED_ON), clamped to the generated period (a junk date lands on the nearest
day of the period, an unknown one on the last day); order lines land with their order's
first version. A deterministic small share of events and order lines lands LATE_DAYS
later (late rows: a hash of the row's key picks them, so the same config gives the same
partitions); a later version of an order lands on its own day. The partition column is
not written into the files (the folder name carries it, docs/raw_data.md).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb

from marketseg.contract import PARTITION_COLUMN, RAW_TABLES

# the column whose day a row lands on (order_items: their order's first version)
LANDED_ON = {
    "buyers": "updated_at",
    "sellers": "updated_at",
    "products": "created_at",
    "orders": "updated_at",
    "events": "occurred_at",
    "support_tickets": "created_at",
    "reviews": "created_at",
    "fx_rates": "rate_date",
}
# late rows: this share (per mille, 1%) of events and order lines lands 1 to 3 days late
LATE_PER_MILLE = 10
# the split's DuckDB memory (it spills beyond); the plain tables are written in chunks
SPLIT_MEMORY_LIMIT = "2GB"
LATE_KEYS = {"events": "r.event_id", "order_items": "r.order_id || '-' || r.line_number"}


def _late_days(table: str) -> str:
    """SQL: 0, or 1 to 3 days for the late share of `table`'s rows (by a hash of the key)."""
    if table not in LATE_KEYS:
        return "0"
    key = f"coalesce(cast({LATE_KEYS[table]} as varchar), '')"
    bucket = f"cast(('0x' || substr(md5({key}), 1, 8)) as bigint)"
    return (
        f"case when {bucket} % 1000 < {LATE_PER_MILLE} then 1 + ({bucket} // 1000) % 3 else 0 end"
    )


def _landed_sql(table: str, plain: Path, start: dt.date, end: dt.date) -> str:
    def files(name: str) -> str:
        return "read_parquet('" + str(plain / name).replace("'", "''") + "/*.parquet')"

    if table == "order_items":
        # a line lands with its order's first version (an unknown order: the last day)
        joined = (
            f"{files(table)} as r left join (select order_id, cast(min(updated_at) as date) "
            f"as first_day from {files('orders')} group by order_id) as o "
            "on r.order_id = o.order_id"
        )
        day = "o.first_day"
    else:
        joined = f"{files(table)} as r"
        day = f"cast(r.{LANDED_ON[table]} as date)"
    clamped = f"least(greatest(coalesce({day}, date '{end}'), date '{start}'), date '{end}')"
    landed = f"least({clamped} + cast({_late_days(table)} as integer), date '{end}')"
    return f"select r.*, {landed} as {PARTITION_COLUMN} from {joined}"


def _sorted_by_day(landed: str) -> str:
    """SQL: the rows of `landed` ordered by landing day, then by their order in the files
    (numbered while they stream in, one thread: the same order on every run)."""
    return (
        f"select * exclude (_row) from (select *, row_number() over () as _row from ({landed})) "
        f"order by {PARTITION_COLUMN}, _row"
    )


def split_into_days(plain: Path, out: Path, start: dt.date, end: dt.date) -> list[str]:
    """Write every table of `plain` as daily partitions under `out`; the files written,
    relative to `out`, sorted."""
    connection = duckdb.connect()
    try:
        # one writer thread: one file per partition, the same files for the same input
        connection.execute("set threads = 1")
        connection.execute("set preserve_insertion_order = true")
        # the rows sorted by landing day (file order within a day): the writer fills one
        # partition after another instead of holding every day's rows until the end (21 GB
        # at 1 M buyers, issue #14); the sort spills to a folder inside the scratch one
        connection.execute(f"set memory_limit = '{SPLIT_MEMORY_LIMIT}'")
        spill = plain / "_spill"
        spill.mkdir(exist_ok=True)
        connection.execute("set temp_directory = '" + str(spill).replace("'", "''") + "'")
        for table in RAW_TABLES:
            target = out / table
            if target.exists():
                shutil.rmtree(target)
            connection.execute(
                f"copy ({_sorted_by_day(_landed_sql(table, plain, start, end))}) to "
                + "'"
                + str(target).replace("'", "''")
                + "' "
                f"(format parquet, compression zstd, partition_by ({PARTITION_COLUMN}), "
                "filename_pattern 'part-{i}', write_partition_columns false)"
            )
    finally:
        connection.close()
    return sorted(
        path.relative_to(out).as_posix()
        for table in RAW_TABLES
        for path in (out / table).rglob("*.parquet")
    )
