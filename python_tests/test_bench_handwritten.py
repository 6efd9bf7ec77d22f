"""The hand-written events path (marketseg/bench/events_handwritten.sql) builds the same
sessions as the dbt project: the benchmark compares like with like (issue #14)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from marketseg.bench.handwritten import run_handwritten

EXTRACTED_AT = datetime(2026, 1, 1)  # conftest.TEST_VARS


@pytest.fixture()
def handwritten(test_raw_path: Path, test_warehouse: Path):
    with duckdb.connect(str(test_warehouse), read_only=True) as built:
        (as_of_date,) = built.execute(
            "select as_of_date from intermediate.int_reference_date"
        ).fetchone()
    connection = duckdb.connect()
    result = run_handwritten(
        test_raw_path, connection, as_of_date=as_of_date, extracted_at=EXTRACTED_AT
    )
    connection.execute(f"attach '{test_warehouse}' as built (read_only)")
    yield connection, result
    connection.close()


def test_handwritten_sessions_equal_int_sessions(handwritten) -> None:
    connection, result = handwritten
    columns = [
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns where table_catalog = "
            "'built' and table_schema = 'intermediate' and table_name = 'int_sessions' "
            "order by ordinal_position"
        ).fetchall()
    ]
    written = [
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns "
            "where table_name = 'hw_sessions' order by ordinal_position"
        ).fetchall()
    ]
    assert written == columns
    (built_rows,) = connection.execute(
        "select count(*) from built.intermediate.int_sessions"
    ).fetchone()
    assert result["sessions"] == built_rows > 0
    assert result["seconds"] > 0
    for left, right in (
        ("hw_sessions", "built.intermediate.int_sessions"),
        ("built.intermediate.int_sessions", "hw_sessions"),
    ):
        (extra,) = connection.execute(
            f"select count(*) from (select * from {left} except all select * from {right})"
        ).fetchone()
        assert extra == 0, f"{extra} rows of {left} are not in {right}"


def test_handwritten_removes_what_staging_rejects(handwritten) -> None:
    """Bots, duplicates, test accounts and invalid rows never reach a session: the test
    data holds each, so a hand-written path that kept one would count more events."""
    connection, _ = handwritten
    (bot_sessions,) = connection.execute(
        "select count(*) from hw_sessions where anonymous_id like 'BOT%'"
    ).fetchone()
    assert bot_sessions == 0
    (events,) = connection.execute("select sum(events_count) from hw_sessions").fetchone()
    (staged,) = connection.execute(
        "select count(*) from built.staging.stg_marketplace__events as events "
        "cross join built.intermediate.int_reference_date as reference "
        "where cast(events.occurred_at as date) <= reference.as_of_date"
    ).fetchone()
    assert events == staged
