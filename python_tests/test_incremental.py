"""Daily runs (issue #14): building day by day over landed partitions gives exactly the
marts and segments of a `--full-refresh` build of the same folder.

A small partitioned marketplace is generated; the test picks four consecutive landed days
holding late events, late order lines and an order whose later version lands on a later
day (and fails if the data stops holding them), builds everything landed before them,
then one `dbt build --selector daily` per day after copying that day's partitions into
the raw folder, and finally a `--full-refresh` build of the same folder into another
warehouse. Both builds take `extracted_at` at the end of the last landed day. Crafted rows
land in the window too, for the cases whose effect reaches days already built: an event id
re-sent (once as an exact copy, once earlier by a day, which moves the kept row to another
day), a buyer turned test account by a later version, and a bot day completed by rows
landing late.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from mart_differences import differences

from marketseg.contract import RAW_TABLES, partition_day
from marketseg.dbt import DbtError, run_dbt
from marketseg.generator import GeneratorConfig, write_marketplace

PROJECT = Path(__file__).resolve().parents[1]
CONFIG = GeneratorConfig(
    seed=11,
    buyers=500,
    sellers=20,
    start=dt.date(2025, 9, 1),
    end=dt.date(2025, 12, 31),
    chunk_buyers=1_000,
)
DAYS = 4
# rows crafted to land this long before the window: beyond the lookback of every daily run
# of the window (incremental_lookback_days, 2), so that no run reads them again
EARLIER = dt.timedelta(days=5)


def landed_days(raw: Path) -> list[dt.date]:
    return sorted({partition_day(p.name) for table in RAW_TABLES for p in (raw / table).iterdir()})


def window_cases(raw: Path, first: dt.date, last: dt.date) -> dict[str, int]:
    """What lands in [first, last] that a daily run must get right: late events, and lines
    and versions of orders that first landed before `first` (already built)."""

    def read(table: str) -> str:
        return f"read_parquet('{raw / table}/*/*.parquet', hive_partitioning = true)"

    window = f"between date '{first}' and date '{last}'"
    with duckdb.connect() as connection:
        late_events = connection.execute(
            f"select count(*) from {read('events')} where landed_date {window} "
            "and landed_date > cast(occurred_at as date)"
        ).fetchone()[0]
        first_days = (
            f"(select order_id, min(landed_date) as first_day from {read('orders')} group by 1)"
        )
        late_lines = connection.execute(
            f"select count(*) from {read('order_items')} as items inner join {first_days} "
            "as orders on items.order_id = orders.order_id "
            f"where items.landed_date {window} and orders.first_day < date '{first}'"
        ).fetchone()[0]
        updated_later = connection.execute(
            f"select count(*) from {read('orders')} as versions inner join {first_days} "
            "as orders on versions.order_id = orders.order_id "
            f"where versions.landed_date {window} and orders.first_day < date '{first}'"
        ).fetchone()[0]
    return {
        "late_events": late_events,
        "late_order_lines": late_lines,
        "orders_updated_later": updated_later,
    }


def craft_late_cases(generated: Path, window: list[dt.date]) -> dict[dt.date, dict[str, str]]:
    """SQL per window day and raw table: crafted rows landing that day whose effect reaches
    days built before the window (see the module's docstring). Picks its rows among those
    landed before the window, by sorted ids."""

    def before(table: str) -> str:
        return (
            f"(select * exclude (landed_date) from read_parquet('{generated / table}/*/*.parquet',"
            f" hive_partitioning = true) where landed_date < date '{window[0]}')"
        )

    # clean-looking page views of identified buyers, well before the window
    page_views = (
        f"select * from {before('events')} where buyer_id is not null and event_type = "
        f"'page_view' and occurred_at < timestamp '{window[0] - dt.timedelta(days=10)}' "
        "and event_id is not null and session_id is not null"
    )
    buyers_with_views = f"select distinct buyer_id from ({page_views})"
    ranked = (
        f"select buyer_id, row_number() over (order by buyer_id) as n from ({buyers_with_views})"
    )

    def buyer(n: int) -> str:
        return f"(select buyer_id from ({ranked}) where n = {n})"

    def first_view(n: int) -> str:
        return (
            f"(select * from ({page_views}) where buyer_id = {buyer(n)} order by event_id limit 1)"
        )

    latest_version = (
        f"(select * from {before('buyers')} where buyer_id = {buyer(3)} "
        "order by updated_at desc limit 1)"
    )
    bot_rows = (
        f"select * replace ('crafted-bot-' || n as event_id) from {first_view(4)}, "
        "range(501) as numbers(n)"
    )

    def rejected_before(n: int, event_id: str, replace: str) -> str:
        return f"select * replace ('{event_id}' as event_id, {replace}) from {first_view(n)}"

    unknown_type = "'teleport' as event_type"
    resent_with_actor = rejected_before(5, "crafted-resent-no-actor", "occurred_at as occurred_at")
    return {
        # rejected rows built before the window whose reason a later day changes (the kept
        # rejected events are checked again): an unknown event type on the day that turns
        # bot (counted in the bot day) and of the buyer turned test account (test_account);
        # a row of that buyer without a timestamp (no day: its test-account flag); a row
        # without an actor whose id is re-sent with one (a duplicate, ranked second)
        window[0] - EARLIER: {
            "events": " union all ".join(
                [
                    rejected_before(4, "crafted-unknown-4", unknown_type),
                    rejected_before(3, "crafted-unknown-3", unknown_type),
                    rejected_before(
                        3,
                        "crafted-undated-3",
                        "case when false then occurred_at end as occurred_at",
                    ),
                    rejected_before(
                        5,
                        "crafted-resent-no-actor",
                        "case when false then buyer_id end as buyer_id, "
                        "case when false then anonymous_id end as anonymous_id",
                    ),
                ]
            )
        },
        # an exact copy of one event; another sent again a day earlier (it ranks first)
        window[1]: {
            "events": f"select * from {first_view(1)} union all "
            f"select * replace (occurred_at - interval 1 day as occurred_at) from {first_view(2)} "
            f"union all {resent_with_actor}"
        },
        # a buyer's new version, a test account: every event and order of theirs is rejected
        window[2]: {
            "buyers": f"select * replace (true as is_test_account, "
            f"timestamp '{window[2]} 12:00:00' as updated_at) from {latest_version}"
        },
        # 501 events of an actor on a day built long ago: a bot day, landed late
        window[3]: {"events": bot_rows},
    }


def write_crafted(raw: Path, day: dt.date, crafted: dict[str, str]) -> None:
    with duckdb.connect() as connection:
        for table, select in crafted.items():
            folder = raw / table / f"landed_date={day}"
            folder.mkdir(parents=True, exist_ok=True)
            connection.execute(
                f"copy ({select}) to '{folder / 'crafted.parquet'}' (format parquet)"
            )
            (rows,) = connection.execute(
                f"select count(*) from read_parquet('{folder / 'crafted.parquet'}')"
            ).fetchone()
            assert rows > 0, f"no crafted {table} row for {day}: the generated data changed"


def copy_days(source: Path, target: Path, days: set[dt.date]) -> None:
    for table in RAW_TABLES:
        for partition in (source / table).iterdir():
            if partition_day(partition.name) in days:
                shutil.copytree(partition, target / table / partition.name)


def build(raw: Path, warehouse: Path, day: dt.date, *extra: str) -> object:
    return run_dbt(
        ["build", "--selector", "daily", *extra],
        PROJECT,
        warehouse,
        {"raw_path": str(raw), "extracted_at": f"{day} 23:59:59"},
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("daily") / "generated"
    write_marketplace(CONFIG, raw, progress=False, daily_partitions=True)
    return raw


# what the incremental branches compile to (a full build has neither)
CUTOFF = "landed_date >= cast('"
TOUCHED_DAYS_JOIN = "inner join touched_days"


def test_day_by_day_equals_full_refresh(generated: Path, tmp_path: Path) -> None:
    days = landed_days(generated)
    # the latest window of consecutive landed days holding every case, after a day by
    # which every table has landed
    every_table = max(
        min(partition_day(p.name) for p in (generated / table).iterdir()) for table in RAW_TABLES
    )
    for end in range(len(days) - 1, DAYS, -1):
        window = days[end - DAYS + 1 : end + 1]
        if (window[-1] - window[0]).days != DAYS - 1 or window[0] <= every_table:
            continue
        cases = window_cases(generated, window[0], window[-1])
        if all(cases.values()):
            break
    else:
        pytest.fail("no window of landed days holds late rows and an order updated later")
    assert all(cases.values()), cases

    raw = tmp_path / "raw"
    copy_days(generated, raw, {d for d in days if d < window[0]})
    incremental = tmp_path / "incremental.duckdb"
    crafted = craft_late_cases(generated, window)
    before = window[0] - EARLIER
    write_crafted(raw, before, crafted.pop(before))
    build(raw, incremental, window[0] - dt.timedelta(days=1))
    for day in window:
        copy_days(generated, raw, {day})
        if day in crafted:
            write_crafted(raw, day, crafted[day])
        results = build(raw, incremental, day).results
        # every incremental model ran its incremental branch: it read only the partitions
        # landed since its last run (the lookback's cutoff date is in its SQL), or only the
        # actor-days the touched-days model lists, itself computed from the cutoff
        incrementals = [
            r.node
            for r in results
            if getattr(r.node, "config", {}).get("materialized") == "incremental"
            or r.node.name == "base_marketplace__event_touched_days"
        ]
        assert len(incrementals) > 1, "no incremental model in the daily selector"
        for node in incrementals:
            code = node.compiled_code or ""
            assert CUTOFF in code or TOUCHED_DAYS_JOIN in code, node.unique_id
    unique_ids = next(
        r.node.compiled_code
        for r in results
        if r.node.name == "unique_stg_marketplace__events_event_id"
    )
    full = tmp_path / "full.duckdb"
    build(raw, full, window[-1], "--full-refresh")

    assert differences(incremental, full) == []
    with duckdb.connect() as connection:
        connection.execute(f"attach '{incremental}' as i (read_only)")
        connection.execute(f"attach '{full}' as f (read_only)")
        shapes = (
            "select schema_name, table_name, column_name, data_type from duckdb_columns() "
            "where database_name = ? and schema_name in ('marts', 'segments') order by all"
        )
        assert (
            connection.execute(shapes, ["i"]).fetchall()
            == connection.execute(shapes, ["f"]).fetchall()
        )
        counts = {}
        for alias in ("i", "f"):
            counts[alias] = {
                (schema, name): connection.execute(
                    f"select count(*) from {alias}.{schema}.{name}"
                ).fetchone()[0]
                for schema, name in connection.execute(
                    "select schema_name, table_name from duckdb_tables() where database_name = ? "
                    "and schema_name in ('marts', 'segments')",
                    [alias],
                ).fetchall()
            }
        assert counts["i"] == counts["f"]
        # the published audit counts: every raw row accounted for the same way
        audit = "select * from {}.audit.rejected_row_counts"
        for first, second in (("i", "f"), ("f", "i")):
            assert (
                connection.execute(
                    f"{audit.format(first)} except all {audit.format(second)}"
                ).fetchall()
                == []
            )
        # the events path's incremental tables, and the audit's rows, hold what a full
        # refresh computes
        for relation in (
            "staging.stg_marketplace__events",
            "staging.base_marketplace__event_rejections",
            "intermediate.int_session_days",
            "intermediate.int_anonymous_id_link_days",
            "audit.rejected_rows",
        ):
            for one, other in (("i", "f"), ("f", "i")):
                (extra,) = connection.execute(
                    f"select count(*) from (select * from {one}.{relation} "
                    f"except all select * from {other}.{relation})"
                ).fetchone()
                assert extra == 0, f"{relation}: {extra} rows only in {one}"
        assert sum(counts["f"].values()) > 0
        assert_crafted_effects(connection, raw, window)
    assert_daily_uniqueness_test_scope(incremental, tmp_path, unique_ids)
    # a model reading the touched days, run incrementally without them, stops and says so
    with pytest.raises(DbtError, match="base_marketplace__event_touched_days"):
        run_dbt(
            ["run", "--select", "stg_marketplace__events"],
            PROJECT,
            incremental,
            {"raw_path": str(raw), "extracted_at": f"{window[-1]} 23:59:59"},
        )


def assert_crafted_effects(connection: duckdb.DuckDBPyConnection, raw: Path, window: list) -> None:
    """The crafted rows had their effect, on the full refresh (attached as `f`; the daily
    build was found equal to it)."""
    resent, test_buyer, bot_rows = (
        raw / "events" / f"landed_date={window[1]}" / "crafted.parquet",
        raw / "buyers" / f"landed_date={window[2]}" / "crafted.parquet",
        raw / "events" / f"landed_date={window[3]}" / "crafted.parquet",
    )
    events = "f.staging.stg_marketplace__events"
    moved = connection.execute(
        f"select count(*) from read_parquet('{resent}') as sent inner join {events} as kept "
        "on sent.event_id = kept.event_id and sent.occurred_at = kept.occurred_at"
    ).fetchone()[0]
    assert moved == 3, "a re-sent id's kept row is not the one ranked first"
    assert connection.execute(
        f"select count(*) from {events} where buyer_id in "
        f"(select buyer_id from read_parquet('{test_buyer}'))"
    ).fetchone() == (0,), "the buyer turned test account keeps clean events"
    assert connection.execute(
        "select count(*) from f.staging.base_marketplace__event_bot_days as bots "
        f"inner join (select distinct buyer_id, cast(occurred_at as date) as day from "
        f"read_parquet('{bot_rows}')) as crafted "
        "on bots.actor_id = crafted.buyer_id and bots.activity_date = crafted.day"
    ).fetchone() == (1,), "the bot day completed late is not a bot day"
    reasons = dict(
        connection.execute(
            "select source_key, list(reason order by reason) from f.audit.rejected_rows "
            "where source_table = 'events' and source_key like 'crafted-%' "
            "and source_key not like 'crafted-bot-%' group by 1"
        ).fetchall()
    )
    assert "crafted-unknown-4" not in reasons, "a row of a day turned bot is listed apart"
    assert reasons["crafted-unknown-3"] == ["test_account"]
    assert reasons["crafted-resent-no-actor"] == ["duplicate"]
    assert connection.execute(
        "select reason != 'test_account' from f.audit.rejected_rows "
        "where source_key = 'crafted-undated-3'"
    ).fetchall() == [(True,)]
    assert connection.execute(
        "select is_test_buyer from f.staging.base_marketplace__event_rejections "
        "where event_id = 'crafted-undated-3'"
    ).fetchall() == [(True,)], "a row without a day keeps a stale test-account flag"


def assert_daily_uniqueness_test_scope(warehouse: Path, tmp_path: Path, sql: str) -> None:
    """The last daily run's uniqueness test of the clean events' ids (its `where`
    placeholder, macros/incremental/get_where_subquery.sql) tests the actor-days that run
    rebuilt, and every row once the touched-days list is empty (as after a full build):
    run on a copy of the warehouse holding one duplicated id in a rebuilt day, then one
    in a day the run did not touch."""
    events = "staging.stg_marketplace__events"
    touched = "staging.base_marketplace__event_touched_days"
    in_touched = (
        f"exists (select 1 from {touched} as t "
        "where t.actor_id = e.actor_id and t.activity_date = e.activity_date)"
    )

    def failures(duplicate_where: str, empty_list: bool = False) -> int:
        copy = tmp_path / "scope" / warehouse.name  # the compiled SQL names the file's catalog
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(warehouse, copy)
        with duckdb.connect(str(copy)) as connection:
            connection.execute(
                f"insert into {events} select * from {events} as e where {duplicate_where} "
                "order by event_id limit 1"
            )
            if empty_list:
                connection.execute(f"delete from {touched}")
            (count,) = connection.execute(f"select count(*) from ({sql})").fetchone()
        copy.unlink()
        return count

    assert "base_marketplace__event_touched_days" in sql
    assert failures(in_touched) == 1
    assert failures("not " + in_touched) == 0
    assert failures("not " + in_touched, empty_list=True) == 1
