"""The Spark target (docs/spark.md): a local SparkSession configured as dbt's `spark` target,
and a copy of Spark tables into a DuckDB file through Arrow, where the quality gate and the
engine comparison read them."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import duckdb
import jinja2
import yaml

from marketseg.dbt import PROJECT_DIR

PROFILE = "marketplace_segmentation"
TARGET = "spark"
# a relation named schema.table in the SQL of the quality gate's checks
RELATION_PATTERN = re.compile(
    r"\b(staging|intermediate|marts|segments|audit)\.([a-z_][a-z0-9_]*)\b"
)


class SparkTargetError(Exception):
    """The Spark target cannot be used; the message says why and what to do."""


def _env_var(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise SparkTargetError(f"profiles.yml's spark target reads {name}: set it")
    return value


def session_parameters(project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """The Spark settings of profiles.yml's `spark` target (`server_side_parameters`), rendered
    with this process's environment as dbt renders them: one place to configure both."""
    profiles = yaml.safe_load((project_dir / "profiles.yml").read_text())
    target = profiles[PROFILE]["outputs"][TARGET]
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    environment.globals["env_var"] = _env_var
    return {
        str(key): environment.from_string(str(value)).render()
        for key, value in (target.get("server_side_parameters") or {}).items()
    }


def spark_session(project_dir: Path = PROJECT_DIR):
    """The SparkSession of the `spark` target, with its warehouse and metastore (run from
    the folder dbt ran from: relative paths are relative to it, as for dbt). Spark's
    embedded metastore (Derby) takes one process at a time: no dbt run meanwhile."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkTargetError(
            "PySpark is not installed: `pip install -e '.[spark]'` (make install-spark)"
        ) from None
    builder = SparkSession.builder.appName("marketseg").enableHiveSupport()
    for key, value in session_parameters(project_dir).items():
        builder = builder.config(key, value)
    # dbt-spark sets it on every session (its macros are written for it)
    builder = builder.config("spark.sql.ansi.enabled", "false")
    return builder.getOrCreate()


def spark_tables(spark, schemas: Iterable[str]) -> list[tuple[str, str]]:
    """(schema, table) of every table and view of `schemas` that exist."""
    found = []
    databases = {row.namespace for row in spark.sql("show databases").collect()}
    for schema in schemas:
        if schema not in databases:
            continue
        for row in spark.sql(f"show tables in {schema}").collect():
            if not row.isTemporary:
                found.append((schema, row.tableName))
    return sorted(found)


def copy_to_duckdb(spark, relations: Iterable[tuple[str, str]], path: Path) -> int:
    """Copy `relations` (schema, table) of Spark into the DuckDB file `path` (created anew;
    the caller owns it) through Arrow, keeping the column names and types; Spark's
    timestamps (instants, read back with a time zone) become UTC timestamps without one,
    the type the DuckDB build has. Each table passes through the driver: raise
    MARKETSEG_SPARK_DRIVER_MEMORY for a large build. The number of relations copied."""
    if path.exists():
        path.unlink()
    copied = 0
    with duckdb.connect(str(path)) as connection:
        connection.execute("set TimeZone = 'UTC'")
        for schema, table in relations:
            frame = spark.table(f"{schema}.{table}").toArrow()  # noqa: F841 (read by DuckDB)
            connection.execute(f"create schema if not exists {schema}")
            connection.execute(f"create table {schema}.{table} as select * from frame")
            for (column,) in connection.execute(
                "select column_name from duckdb_columns() where schema_name = ? "
                "and table_name = ? and data_type = 'TIMESTAMP WITH TIME ZONE'",
                [schema, table],
            ).fetchall():
                connection.execute(
                    f'alter table {schema}.{table} alter column "{column}" '
                    f"set data type timestamp using timezone('UTC', \"{column}\")"
                )
            copied += 1
    return copied


def gate_relations(spark, sql_texts: Iterable[str]) -> list[tuple[str, str]]:
    """What the quality gate reads: every mart, the audit's build vars and build outcome
    (which dbt build made the marts) and each relation the checks' SQL names."""
    wanted = set(spark_tables(spark, ["marts"]))
    for text in sql_texts:
        wanted.update(RELATION_PATTERN.findall(text))
    available = set(spark_tables(spark, sorted({schema for schema, _ in wanted} | {"audit"})))
    wanted.update({("audit", "build_vars"), ("audit", "build_outcome")})
    return sorted(wanted & available)
