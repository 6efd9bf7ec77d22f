"""On Spark, the models grown by landing day overwrite their `landed_date` partitions (issue
#15, DECISIONS.md "On Spark, the counts by landing day overwrite their partitions" and "On
Spark, typed row versions are kept by landing day"): built day by day over landed
partitions, `base_marketplace__event_actor_day_counts` and the typed events, orders and
order lines equal a `--full-refresh` build of the same folder, and each daily run rewrote
only the partitions since its cutoff.

The raw folder is the small partitioned marketplace of test_incremental.py: everything
landed before a window of four consecutive landed days holding late events, then one day
at a time. A plain events file (rows without a landing day, Spark's null partition) is
there from the start, a second one lands on the third day, and both are removed on the
fourth (moved into partitions, say): the null partition is recomputed on every run, and
emptied when no plain row is left. Each build is a `dbt run` of the Spark target in its own process
(one Spark session, one metastore per warehouse); the tables are read from their Parquet
files.
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
COUNTS = "base_marketplace__event_actor_day_counts"
# each model grown by landing day, and the raw table it reads
MODELS = {
    COUNTS: "events",
    "base_marketplace__events_typed": "events",
    "base_marketplace__orders_typed": "orders",
    "base_marketplace__order_items_typed": "order_items",
}
TYPED = [model for model in MODELS if model != COUNTS]
DAYS = 4
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
LOOKBACK_DAYS = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"][
    "incremental_lookback_days"
]


def spark_run(raw: Path, warehouse: Path, day: dt.date, *extra: str) -> dict[str, tuple[str, str]]:
    """`dbt run` of the models on the Spark target in a process of its own: each model's
    compiled SQL and the statement its materialization ran."""
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
            *MODELS,
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
    return {
        model: tuple(
            next((target_path / folder).rglob(f"{model}.sql")).read_text()
            for folder in ("compiled", "run")
        )
        for model in MODELS
    }


def table_folder(warehouse: Path, model: str) -> Path:
    return warehouse / "tables" / "staging.db" / model


def partition_files(warehouse: Path, model: str) -> dict[str, set[str]]:
    """The Parquet files of each `landed_date` partition of the model's Spark table."""
    return {
        folder.name.removeprefix("landed_date="): {f.name for f in folder.glob("*.parquet")}
        for folder in table_folder(warehouse, model).iterdir()
        if folder.name.startswith("landed_date=")
    }


def rows(warehouse: Path, model: str) -> str:
    """Every row of the model's Spark table, every column (the partition's as a date)."""
    return (
        f"(select * replace (cast(nullif(landed_date, '{NULL_PARTITION}') as date) as "
        f"landed_date) from read_parquet('{table_folder(warehouse, model)}/*/*.parquet', "
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
    # every table grown here lands within the window, so each one's daily overwrite is seen
    for table in set(MODELS.values()):
        assert any((generated / table / f"landed_date={day}").is_dir() for day in window), table

    raw = tmp_path / "raw"
    copy_days(generated, raw, {d for d in days if d < window[0]})
    write_plain_events(generated, raw, "plain-first", 200)
    incremental = tmp_path / "incremental"
    spark_run(raw, incremental, window[0] - dt.timedelta(days=1))
    for number, day in enumerate(window):
        before = {model: partition_files(incremental, model) for model in MODELS}
        copy_days(generated, raw, {day})
        if number == 2:
            write_plain_events(generated, raw, "plain-second", 300)
        if number == 3:
            for plain in (raw / "events").glob("plain-*.parquet"):
                plain.unlink()
        sql = spark_run(raw, incremental, day)
        for model, table in MODELS.items():
            compiled, ran = sql[model]
            # the incremental branch: only the partitions landed since the cutoff are read
            # (var incremental_lookback_days before the latest one held)
            held = before[model]
            latest = max(dt.date.fromisoformat(p) for p in held if p != NULL_PARTITION)
            cutoff = latest - dt.timedelta(days=LOOKBACK_DAYS)
            assert f"landed_date >= cast('{cutoff}' as date)" in compiled, model
            assert "insert overwrite table" in ran and "partition (landed_date)" in ran, model
            after = partition_files(incremental, model)
            assert str(day) not in held, model
            assert (str(day) in after) == (generated / table / f"landed_date={day}").is_dir(), model
            for partition, files in held.items():
                rewritten = partition == NULL_PARTITION or partition >= str(cutoff)
                # Spark names every file of a write anew: an older partition keeps its files
                assert (after.get(partition) != files) == rewritten, (model, day, partition)
            # plain files are events: no plain row left on the last day, no null partition
            if table == "events":
                assert NULL_PARTITION in held or number < 3
                if number == 3:
                    assert NULL_PARTITION not in after, model

    full = tmp_path / "full"
    spark_run(raw, full, window[-1], "--full-refresh")
    raw_events = f"read_parquet('{raw}/events/**/*.parquet', union_by_name = true)"
    with duckdb.connect() as connection:
        for model in MODELS:
            for one, other in ((incremental, full), (full, incremental)):
                (extra,) = connection.execute(
                    f"select count(*) from (from {rows(one, model)} "
                    f"except all from {rows(other, model)})"
                ).fetchone()
                assert extra == 0, f"{extra} rows of {model} only in {one.name}"
        total, plain = connection.execute(
            f"select sum(events_count), sum(events_count) filter (where landed_date is null) "
            f"from {rows(full, COUNTS)}"
        ).fetchone()
        # every raw row with an actor and a timestamp is counted once, plain files' under null
        (expected,) = connection.execute(
            f"select count(*) from {raw_events} where coalesce(nullif(trim(buyer_id), ''), "
            "nullif(trim(anonymous_id), '')) is not null and occurred_at is not null"
        ).fetchone()
        assert (total, plain) == (expected, None)
        # every raw row is typed once, in the partition it landed in (no plain file is left)
        for model in TYPED:
            typed_by_day, raw_by_day = (
                connection.execute(
                    f"select landed_date, count(*) from {relation} group by 1 order by 1"
                ).fetchall()
                for relation in (
                    rows(full, model),
                    f"read_parquet('{raw}/{MODELS[model]}/*/*.parquet', hive_partitioning = "
                    "true, union_by_name = true)",
                )
            )
            assert typed_by_day == raw_by_day, model
