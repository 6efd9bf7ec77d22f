"""The DuckDB warehouse that dbt builds: where it is and what it holds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

DEFAULT_PATH = "warehouse/marketseg.duckdb"
SCHEMAS = ("staging", "intermediate", "marts", "segments", "audit")


def warehouse_path() -> Path:
    """The file named by MARKETSEG_DUCKDB_PATH, with the same default as profiles.yml."""
    return Path(os.environ.get("MARKETSEG_DUCKDB_PATH", DEFAULT_PATH))


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: str
    rows: int


def built_relations(path: Path) -> list[Relation]:
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `make run` (or `dbt build`) first")
    with duckdb.connect(str(path), read_only=True) as connection:
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
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(
            "select source_table, reason, count(*) from audit.rejected_rows "
            "group by 1, 2 order by 1, 2"
        ).fetchall()
