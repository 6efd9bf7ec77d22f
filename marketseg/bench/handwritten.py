"""The events path written by hand in DuckDB, the yardstick of the dbt events path (issue #14).

`events_handwritten.sql` builds the sessions of `int_sessions` straight from the raw Parquet
files; `run_handwritten` times it on a connection the caller owns (its memory limit, threads
and temp directory are the benchmark's)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

SQL_FILE = Path(__file__).with_name("events_handwritten.sql")
# the defaults of dbt_project.yml's vars
LAUNCH_DATE = "1995-01-01"
BOT_MAX_EVENTS_PER_DAY = 500
# no reference date: every session of the export (the benchmark's comparison)
NO_REFERENCE_DATE = date(9999, 12, 31)


def handwritten_statements(
    raw_path: Path,
    *,
    as_of_date: date = NO_REFERENCE_DATE,
    extracted_at: datetime | None = None,
    launch_date: str = LAUNCH_DATE,
    bot_max_events_per_day: int = BOT_MAX_EVENTS_PER_DAY,
) -> list[str]:
    """The hand-written SQL with its placeholders filled, one statement a string."""
    text = SQL_FILE.read_text(encoding="utf-8").format(
        raw_path=str(Path(raw_path).resolve()).replace("'", "''"),
        as_of_date=as_of_date.isoformat(),
        extracted_at=(extracted_at or datetime.now(UTC).replace(tzinfo=None)).isoformat(sep=" "),
        launch_date=launch_date,
        bot_max_events_per_day=int(bot_max_events_per_day),
    )
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [statement.strip() for statement in code.split(";") if statement.strip()]


def run_handwritten(
    raw_path: Path,
    con: duckdb.DuckDBPyConnection,
    *,
    as_of_date: date = NO_REFERENCE_DATE,
    extracted_at: datetime | None = None,
) -> dict:
    """Build temp table hw_sessions on `con`; return {"seconds": ..., "sessions": rows}."""
    statements = handwritten_statements(raw_path, as_of_date=as_of_date, extracted_at=extracted_at)
    started = time.perf_counter()
    for statement in statements:
        con.execute(statement)
    seconds = time.perf_counter() - started
    (sessions,) = con.execute("select count(*) from hw_sessions").fetchone()
    return {"seconds": round(seconds, 2), "sessions": sessions}
