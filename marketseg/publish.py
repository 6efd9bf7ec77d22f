"""Write, audit, publish (SPEC 9): copy a build that passed its tests and the gate into the
serving file BI tools read, in one atomic step.

dbt builds into the build warehouse (MARKETSEG_DUCKDB_PATH); its hooks record in
`audit.build_outcome` whether the last `dbt build` succeeded, and `marketseg quality`
records its verdict for that same build (by dbt invocation id) in `audit.quality_verdict`.
`publish` checks both, writes the marts, the segments and what a reader needs from `audit`
into a new file beside the serving file, closes it, and swaps it in with `os.replace`:
a reader holding the old file keeps reading it, a reader opening the path gets either the
old or the new file, complete. See DECISIONS.md, "Write, audit, publish".
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # Great Expectations takes seconds to import; publish does not need it
    from marketseg.quality.checkpoint import QualityReport

# what is published: every relation of these schemas ...
PUBLISHED_SCHEMAS = ("marts", "segments")
# ... these dbt models of `audit`
PUBLISHED_AUDIT = ("build_info", "rejected_row_counts")
# ... and the gate's verdict on the build (`marketseg quality` writes it, not dbt)
PUBLISHED_VERDICT = "quality_verdict"
# the serving file's storage format: readable by DuckDB 1.0 and later (DuckDB 2.0 writes
# storage version 69 by default, which no 1.x CLI or driver opens; DECISIONS.md)
STORAGE_VERSION = "v1.0.0"
REBUILD = "run `marketseg build` (or `dbt build` then `marketseg quality`)"
STALE_LISTED = 5  # relations a message names before "and N more"


class BuildLockedError(Exception):
    """Another process holds the build warehouse."""


class NotPublishableError(Exception):
    """The build warehouse holds no build that passed its tests and the gate."""


class PublishError(Exception):
    """The serving file could not be written; it was left as it was."""


@dataclass(frozen=True)
class BuildOutcome:
    invocation_id: str
    dbt_command: str
    status: str
    failed_nodes_count: int
    # `schema.name` of every relation the build rebuilt, space separated
    built_relations: str = ""


@dataclass(frozen=True)
class Published:
    serving: Path
    invocation_id: str
    as_of_date: str
    tables: int
    rows: int
    seconds: float


def _is_lock(error: duckdb.Error) -> bool:
    return "lock" in str(error).lower()


def locked_error(path: Path) -> BuildLockedError:
    return BuildLockedError(
        f"the build warehouse {path} is locked by another process (a running build, or a "
        "client left open on it; BI tools should open the serving file instead): close it "
        "or wait, then run this again"
    )


def check_not_locked(path: Path) -> None:
    """BuildLockedError when another process holds `path` (before dbt, which would crash)."""
    if not path.is_file():
        return
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error as error:
        if _is_lock(error):
            raise locked_error(path) from None
        raise NotPublishableError(
            f"{path} is not a DuckDB warehouse ({_first_line(error)}): set "
            "MARKETSEG_DUCKDB_PATH to the build warehouse's file, or to a new file"
        ) from None


def _tables(connection: duckdb.DuckDBPyConnection, catalog: str) -> set[tuple[str, str]]:
    return {
        (schema, name)
        for schema, name in connection.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_catalog = ?",
            [catalog],
        ).fetchall()
    }


def read_outcome(connection: duckdb.DuckDBPyConnection, catalog: str) -> BuildOutcome | None:
    """The last dbt build's outcome as its hooks recorded it; None before any."""
    if ("audit", "build_outcome") not in _tables(connection, catalog):
        return None
    row = connection.execute(
        "select invocation_id, dbt_command, status, failed_nodes_count, built_relations"
        f" from {catalog}.audit.build_outcome"
    ).fetchone()
    return BuildOutcome(*row) if row else None


def build_under_check(warehouse: Path) -> BuildOutcome | None:
    """The build the gate is about to check (read before it reads the marts); None when
    the warehouse cannot be read (the gate then says why) or records no build."""
    try:
        with _attached(warehouse) as connection:
            return read_outcome(connection, "build")
    except (BuildLockedError, NotPublishableError, duckdb.Error):
        return None


@contextlib.contextmanager
def _attached(warehouse: Path, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with the build warehouse attached as `build`."""
    if not warehouse.is_file():
        raise NotPublishableError(f"no build warehouse at {warehouse}: {REBUILD} first")
    connection = duckdb.connect()
    try:
        mode = " (read_only)" if read_only else ""
        try:
            connection.execute(f"attach '{_quoted(warehouse)}' as build{mode}")
        except duckdb.IOException as error:
            if _is_lock(error):
                raise locked_error(warehouse) from None
            raise NotPublishableError(f"{warehouse} is not a DuckDB warehouse: {REBUILD}") from None
        yield connection
    finally:
        connection.close()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameter)."""
    return "'" + text.replace("'", "''") + "'"


def record_verdict(warehouse: Path, checked: BuildOutcome | None, report: QualityReport) -> bool:
    """Record the gate's verdict on the build `checked` in `audit.quality_verdict`: passed or
    not, the counts of expectations, passed, errors and warnings, what failed, where the
    Data Docs are. Published with the marts (the dashboard's data quality page reads it).

    Recorded only when the warehouse still holds that build (no build ran while the gate
    read it); returns whether it was recorded.
    """
    if checked is None:
        return False
    failures = [f"{failure.severity}: {failure}" for failure in report.failures]
    docs = str(report.docs_index.resolve()) if report.docs_index else None
    with _attached(warehouse, read_only=False) as connection:
        current = read_outcome(connection, "build")
        if current != checked:
            return False
        connection.execute("create schema if not exists build.audit")
        connection.execute(
            "create or replace table build.audit.quality_verdict as select"
            " ?::varchar as invocation_id, ?::boolean as passed, ?::integer as expectations_count,"
            " ?::integer as passed_count, ?::integer as errors_count,"
            " ?::integer as warnings_count, ?::varchar as failures_json,"
            " ?::varchar as docs_index, now() at time zone 'UTC' as checked_at",
            [
                checked.invocation_id,
                not report.errors,
                report.expectations,
                report.passed,
                len(report.errors),
                len(report.warnings),
                json.dumps(failures),
                docs,
            ],
        )
    return True


def _check_publishable(connection: duckdb.DuckDBPyConnection) -> BuildOutcome:
    """The build to publish; NotPublishableError (one line: why, what to do) otherwise."""
    outcome = read_outcome(connection, "build")
    if outcome is None:
        raise NotPublishableError(f"the build warehouse records no dbt build: {REBUILD}")
    ref = f"the last dbt {outcome.dbt_command} ({outcome.invocation_id})"
    if outcome.status == "running":
        raise NotPublishableError(f"{ref} did not finish (killed, or still running): {REBUILD}")
    if outcome.status != "success":
        raise NotPublishableError(
            f"{ref} failed ({outcome.failed_nodes_count} models, tests or hooks failed): "
            f"nothing published; fix the first error dbt reports and {REBUILD}"
        )
    if outcome.dbt_command != "build":
        raise NotPublishableError(f"{ref} ran no data tests: {REBUILD}")
    tables = _tables(connection, "build")
    verdict = None
    if ("audit", "quality_verdict") in tables:
        verdict = connection.execute(
            "select invocation_id, passed from build.audit.quality_verdict"
        ).fetchone()
    if verdict is None or verdict[0] != outcome.invocation_id:
        raise NotPublishableError(
            f"the quality gate has not checked {ref}: run `marketseg quality`, then publish"
        )
    if not verdict[1]:
        raise NotPublishableError(
            f"the quality gate failed on {ref}: nothing published; see `marketseg quality`"
        )
    missing = [name for name in PUBLISHED_AUDIT if ("audit", name) not in tables]
    if missing:
        listed = ", ".join(f"audit.{name}" for name in missing)
        raise NotPublishableError(f"the build warehouse lacks {listed}: {REBUILD}")
    (built_by,) = connection.execute("select invocation_id from build.audit.build_info").fetchone()
    if built_by != outcome.invocation_id:
        raise NotPublishableError(
            f"audit.build_info was not rebuilt by {ref} (its selection left it out): "
            "select build_info too (`marketseg build --select` does)"
        )
    # the verdict is the gate's, checked above to name this build
    stale = sorted(
        f"{schema}.{name}"
        for schema, name in _published_relations(tables)
        if f"{schema}.{name}" not in set(outcome.built_relations.split())
        and (schema, name) != ("audit", PUBLISHED_VERDICT)
    )
    if stale:
        raise NotPublishableError(
            f"{ref} did not rebuild {_first_names(stale)}: publishing it would mix two "
            "builds; build every published relation (`marketseg build` without --select, "
            "or a selection such as `--select +tag:marts +tag:serving`), and drop a "
            "relation no model builds any more"
        )
    return outcome


def _first_names(names: list[str]) -> str:
    """The first STALE_LISTED names, then how many more."""
    more = len(names) - STALE_LISTED
    return ", ".join(names[:STALE_LISTED]) + (f" and {more} more" if more > 0 else "")


def _published_relations(tables: set[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(
        (schema, name)
        for schema, name in tables
        if schema in PUBLISHED_SCHEMAS
        or (schema == "audit" and name in (*PUBLISHED_AUDIT, PUBLISHED_VERDICT))
    )


def _copy(connection: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Copy the published relations from `build` into `serving`, with their comments;
    check every table's row count and column types; (tables, rows) copied."""
    relations = _published_relations(_tables(connection, "build"))
    rows = 0
    for schema in sorted({schema for schema, _ in relations}):
        connection.execute(f'create schema serving."{schema}"')
    for schema, name in relations:
        source, target = f'build."{schema}"."{name}"', f'serving."{schema}"."{name}"'
        connection.execute(f"create table {target} as select * from {source}")
        (copied,) = connection.execute(f"select count(*) from {target}").fetchone()
        (built,) = connection.execute(f"select count(*) from {source}").fetchone()
        if copied != built:
            raise PublishError(f"{schema}.{name}: {copied} rows copied of {built}")
        rows += copied
    # the same columns and types on both sides, and the documentation dbt persisted
    columns = (
        "select schema_name, table_name, column_name, data_type, comment from duckdb_columns()"
        " where database_name = ? order by all"
    )
    built_columns = [
        column
        for column in connection.execute(columns, ["build"]).fetchall()
        if column[:2] in relations
    ]
    served = connection.execute(columns, ["serving"]).fetchall()
    if [c[:4] for c in built_columns] != [c[:4] for c in served]:
        raise PublishError("the serving file's columns or types differ from the build's")
    for schema, table, column, _, comment in built_columns:
        if comment:
            connection.execute(
                f'comment on column serving."{schema}"."{table}"."{column}" is {_literal(comment)}'
            )
    for schema, table, comment in connection.execute(
        "select schema_name, table_name, comment from duckdb_tables() where database_name = 'build'"
    ).fetchall():
        if comment and (schema, table) in relations:
            connection.execute(
                f'comment on table serving."{schema}"."{table}" is {_literal(comment)}'
            )
    return len(relations), rows


def temp_path(serving: Path, pid: int | None = None) -> Path:
    """The file publish writes before the swap: beside the serving file (same file system,
    so os.replace is atomic), hidden, named after this process."""
    return serving.parent / f".{serving.name}.publishing-{pid or os.getpid()}"


def _remove_orphans(serving: Path) -> None:
    """Remove the temporary files of publishes that were killed (SIGKILL, power loss: no
    `finally` ran): those named after a process that no longer runs. Only files of this
    exact name pattern, which only publish writes, are touched."""
    prefix = f".{serving.name}.publishing-"
    for path in serving.parent.glob(f"{glob.escape(prefix)}*"):
        pid_text = path.name[len(prefix) :].removesuffix(".wal")
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        except PermissionError:  # a live process of another user
            continue


def _keep_mode(temp: Path, serving: Path) -> None:
    """The new file keeps the permissions an operator gave the serving file (a BI service
    account reading it through its group, say)."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(temp, stat.S_IMODE(serving.stat().st_mode))


def publish(warehouse: Path, serving: Path) -> Published:
    """Publish the build warehouse's last build to `serving` if it passed its tests and the
    gate. Writes only `serving` and its temporary file, which never outlives a failure."""
    started = time.monotonic()
    if not serving.parent.is_dir():
        raise PublishError(
            f"the folder of the serving file {serving} does not exist: create it, or set "
            "MARKETSEG_SERVING_PATH to a file in a folder you can write to"
        )
    if serving.is_dir():
        raise PublishError(f"{serving} is a folder: set MARKETSEG_SERVING_PATH to a file")
    wal = serving.with_name(serving.name + ".wal")
    if wal.exists():
        raise PublishError(
            f"{wal} exists: a client opened the serving file for writing (readers must open "
            "it read-only); close it, and remove the .wal file once no client has it open"
        )
    _remove_orphans(serving)
    temp = temp_path(serving)
    leftovers = (temp, temp.with_name(temp.name + ".wal"))
    try:
        with _attached(warehouse) as connection:
            outcome = _check_publishable(connection)
            try:
                connection.execute(
                    f"attach '{_quoted(temp)}' as serving (storage_version '{STORAGE_VERSION}')"
                )
            except duckdb.Error as error:
                raise PublishError(f"cannot write {temp}: {_first_line(error)}") from None
            tables, rows = _copy(connection)
            (as_of_date,) = connection.execute(
                "select cast(as_of_date as varchar) from serving.audit.build_info"
            ).fetchone()
            connection.execute("detach serving")  # checkpoints: one complete file, no WAL
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        _keep_mode(temp, serving)
        os.replace(temp, serving)
        _fsync_folder(serving.parent)
    except OSError as error:
        raise PublishError(f"cannot write {serving} ({error.strerror})") from None
    except duckdb.Error as error:
        raise PublishError(f"cannot publish to {serving}: {_first_line(error)}") from None
    finally:
        for path in leftovers:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return Published(
        serving, outcome.invocation_id, as_of_date, tables, rows, time.monotonic() - started
    )


def _fsync_folder(folder: Path) -> None:
    """Make the swap durable (the folder's entry), where the platform allows it."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _first_line(error: duckdb.Error) -> str:
    return str(error).splitlines()[0]
