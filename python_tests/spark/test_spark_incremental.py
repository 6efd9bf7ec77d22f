"""On Spark, a model grown by landing day overwrites its `landed_date` partitions (issue #15,
DECISIONS.md "On Spark, the counts by landing day overwrite their partitions"): built day
by day over landed partitions, `base_marketplace__event_actor_day_counts` equals a
`--full-refresh` build of the same folder, and each daily run rewrote only the partitions
since its cutoff.

The raw folder is the small partitioned marketplace of test_incremental.py: everything
landed before a window of four consecutive landed days holding late events, then one day
at a time. A plain events file (rows without a landing day, Spark's null partition) is
there from the start, a second one lands on the third day, and both are removed on the
fourth (moved into partitions, say): the null partition is recomputed on every run, and
emptied when no plain row is left. Each build is a `dbt run` of the Spark target in its own
process (one Spark session, one metastore per warehouse); the tables are read from their
Parquet files.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml
from test_incremental import CONFIG, copy_days, landed_days, window_cases

from marketseg.contract import RAW_TABLES, partition_day
from marketseg.generator import write_marketplace

pytestmark = pytest.mark.spark

PROJECT = Path(__file__).resolve().parents[2]
MODEL = "base_marketplace__event_actor_day_counts"
DAYS = 4
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
LOOKBACK_DAYS = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"][
    "incremental_lookback_days"
]


def spark_run(raw: Path, warehouse: Path, day: dt.date, *extra: str) -> tuple[str, str]:
    """`dbt run` of the model on the Spark target in a process of its own: its compiled SQL
    and the statement the materialization ran."""
    target_path = warehouse / "dbt_target"
    env = {
        **os.environ,
        "MARKETSEG_TARGET": "spark",
        "MARKETSEG_SPARK_WAREHOUSE": str(warehouse),
        "SPARK_LOCAL_IP": "127.0.0.1",
    }
    dbt_vars = f"{{raw_path: '{raw}', extracted_at: '{day} 23:59:59'}}"
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "run",
            "--select",
            MODEL,
            "--vars",
            dbt_vars,
            "--target-path",
            str(target_path),
            *extra,
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return tuple(
        next((target_path / folder).rglob(f"{MODEL}.sql")).read_text()
        for folder in ("compiled", "run")
    )


def table_folder(warehouse: Path) -> Path:
    return warehouse / "tables" / "staging.db" / MODEL


def partition_files(warehouse: Path) -> dict[str, set[str]]:
    """The Parquet files of each `landed_date` partition of the Spark table."""
    return {
        folder.name.removeprefix("landed_date="): {f.name for f in folder.glob("*.parquet")}
        for folder in table_folder(warehouse).iterdir()
        if folder.name.startswith("landed_date=")
    }


def rows(connection: duckdb.DuckDBPyConnection, warehouse: Path) -> str:
    return (
        f"(select actor_id, activity_date, events_count, nullif(landed_date, '{NULL_PARTITION}') "
        f"as landed_date from read_parquet('{table_folder(warehouse)}/*/*.parquet', "
        "hive_partitioning = true, hive_types = {'landed_date': varchar}))"
    )


def write_plain_events(generated: Path, raw: Path, name: str, sample: int) -> None:
    """A plain events file (no landing day): `sample` generated events under new ids."""
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select * exclude (landed_date) replace ('plain-{name}-' || event_id as "
            f"event_id) from read_parquet('{generated}/events/*/*.parquet', hive_partitioning "
            f"= true) where buyer_id is not null order by event_id limit {sample}) "
            f"to '{raw / 'events' / name}.parquet' (format parquet)"
        )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("spark_daily") / "generated"
    write_marketplace(CONFIG, raw, progress=False, daily_partitions=True)
    return raw


def test_daily_runs_overwrite_their_partitions_and_equal_a_full_refresh(
    generated: Path, tmp_path: Path
) -> None:
    days = landed_days(generated)
    every_table = max(
        min(partition_day(p.name) for p in (generated / table).iterdir()) for table in RAW_TABLES
    )
    window = days[-DAYS:]
    assert (window[-1] - window[0]).days == DAYS - 1 and window[0] > every_table
    assert window_cases(generated, window[0], window[-1])["late_events"] > 0

    raw = tmp_path / "raw"
    copy_days(generated, raw, {d for d in days if d < window[0]})
    write_plain_events(generated, raw, "plain-first", 200)
    incremental = tmp_path / "incremental"
    spark_run(raw, incremental, window[0] - dt.timedelta(days=1))
    for number, day in enumerate(window):
        before = partition_files(incremental)
        copy_days(generated, raw, {day})
        if number == 2:
            write_plain_events(generated, raw, "plain-second", 300)
        if number == 3:
            for plain in (raw / "events").glob("plain-*.parquet"):
                plain.unlink()
        compiled, ran = spark_run(raw, incremental, day)
        # the incremental branch: only the partitions landed since the cutoff are read
        # (var incremental_lookback_days before the latest one held)
        latest = max(dt.date.fromisoformat(p) for p in before if p != NULL_PARTITION)
        cutoff = latest - dt.timedelta(days=LOOKBACK_DAYS)
        assert f"landed_date >= cast('{cutoff}' as date)" in compiled
        assert "insert overwrite table" in ran and "partition (landed_date)" in ran
        after = partition_files(incremental)
        assert str(day) in after and str(day) not in before
        for partition, files in before.items():
            rewritten = partition == NULL_PARTITION or partition >= str(cutoff)
            # Spark names every file of a write anew: an older partition keeps its files
            assert (after.get(partition) != files) == rewritten, (day, partition)
    # no plain row left: no null partition
    assert NULL_PARTITION in before and NULL_PARTITION not in after

    full = tmp_path / "full"
    spark_run(raw, full, window[-1], "--full-refresh")
    with duckdb.connect() as connection:
        for one, other in ((incremental, full), (full, incremental)):
            (extra,) = connection.execute(
                f"select count(*) from (from {rows(connection, one)} "
                f"except all from {rows(connection, other)})"
            ).fetchone()
            assert extra == 0, f"{extra} counts only in {one.name}"
        total, plain = connection.execute(
            f"select sum(events_count), sum(events_count) filter (where landed_date is null) "
            f"from {rows(connection, full)}"
        ).fetchone()
        # every raw row with an actor and a timestamp is counted once, plain files' under null
        (expected,) = connection.execute(
            f"select count(*) from read_parquet('{raw}/events/**/*.parquet', union_by_name = "
            "true) where coalesce(nullif(trim(buyer_id), ''), nullif(trim(anonymous_id), '')) "
            "is not null and occurred_at is not null"
        ).fetchone()
    assert (total, plain) == (expected, None)
