"""The DuckDB warehouse that dbt builds: where it is and what it holds."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from marketseg.dbt import PROJECT_DIR

DEFAULT_PATH = PROJECT_DIR / "warehouse" / "marketseg.duckdb"
# the published copy of the marts that BI tools open read-only (SPEC 9, write-audit-publish)
DEFAULT_SERVING_PATH = PROJECT_DIR / "warehouse" / "serving.duckdb"
SCHEMAS = ("staging", "intermediate", "marts", "segments", "audit")
REBUILD = "run `make run` (or `dbt build`) and fix the first error it reports"


class WarehouseError(Exception):
    """The warehouse cannot be read; the message says why and what to do."""


class WarehouseLockedError(WarehouseError):
    """Another process (a dbt build, a client opened for writing) holds the warehouse."""


def warehouse_path() -> Path:
    """The file named by MARKETSEG_DUCKDB_PATH, else the project's warehouse.

    A relative MARKETSEG_DUCKDB_PATH is relative to the current folder, as for dbt-duckdb,
    which opens the same value from where dbt runs; unset, profiles.yml's default is
    relative to the project, where `make run` and `dbt build` run.
    """
    return Path(os.environ.get("MARKETSEG_DUCKDB_PATH", DEFAULT_PATH))


def serving_path() -> Path:
    """The serving file named by MARKETSEG_SERVING_PATH, else `warehouse/serving.duckdb`.

    Only `marketseg publish` writes it, by swapping a complete new file in; readers open it
    read-only and never see the build warehouse.
    """
    return Path(os.environ.get("MARKETSEG_SERVING_PATH", DEFAULT_SERVING_PATH))


@contextlib.contextmanager
def open_warehouse(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; WarehouseError when the warehouse cannot be read."""
    fix = "set MARKETSEG_DUCKDB_PATH to the warehouse file dbt builds (see docs/configuration.md)"
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `make run` (or `dbt build`) first")
    if path.is_dir():
        raise WarehouseError(f"{path} is a folder, not a DuckDB warehouse: {fix}")
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        if "lock" in str(error):
            raise WarehouseLockedError(
                f"the warehouse {path} is locked by another process (a dbt build?): "
                "wait until it ends, then run this again"
            ) from None
        raise WarehouseError(f"{path} is not a DuckDB warehouse: {fix}") from None
    try:
        with connection:
            yield connection
    except duckdb.CatalogException as error:
        raise WarehouseError(
            f"the build of {path} did not finish ({_first_line(error)}): {REBUILD}"
        ) from None
    except duckdb.Error as error:  # e.g. a view over raw files that moved
        raise WarehouseError(f"cannot read {path} ({_first_line(error)}): {REBUILD}") from None


def _first_line(error: duckdb.Error) -> str:
    return str(error).splitlines()[0]


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: str
    rows: int


def built_relations(path: Path) -> list[Relation]:
    with open_warehouse(path) as connection:
        listed = connection.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            "where table_schema in ? order by 1, 2",
            [list(SCHEMAS)],
        ).fetchall()
        relations = []
        for schema, name, kind in listed:
            (rows,) = connection.execute(f'select count(*) from "{schema}"."{name}"').fetchone()
            relations.append(Relation(schema, name, "view" if "VIEW" in kind else "table", rows))
    return relations


def rejected_by_reason(path: Path) -> list[tuple[str, str, int]]:
    """Rejected raw rows by table and reason (`reason:column` when it names a column); a bot
    day's row stands for its raw events (`rows_count`)."""
    with open_warehouse(path) as connection:
        return connection.execute(
            "select source_table, reason || coalesce(':' || reason_column, ''), sum(rows_count) "
            "from audit.rejected_rows group by 1, 2 order by 1, 2"
        ).fetchall()
