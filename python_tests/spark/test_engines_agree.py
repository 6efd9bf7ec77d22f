"""The Spark build of the test data equals the DuckDB build (issue #15, docs/spark.md).

`make test-spark` builds the deterministic test data on the `spark` target, then runs this
file: every relation of `marts` and `segments` of the Spark build, copied through Arrow, is
compared row by row with the DuckDB build of the same data (`make build-test`): the same
columns, money (decimals) and every other value exact, floating-point ratios within 1e-9
relative. `make test` leaves these tests out (marker `spark`, pyproject's addopts).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from marketseg.spark import copy_to_duckdb, spark_session, spark_tables

pytestmark = pytest.mark.spark

PROJECT = Path(__file__).resolve().parents[2]
DUCKDB_BUILD = Path(
    os.environ.get("MARKETSEG_DUCKDB_PATH", PROJECT / "target" / "test_warehouse.duckdb")
)
SPARK_COPY = PROJECT / "target" / "test_spark_marts.duckdb"
SCHEMAS = ("marts", "segments")
RELATIVE_TOLERANCE = 1e-9
FLOATING = ("DOUBLE", "FLOAT", "REAL")


def type_family(data_type: str) -> str:
    """What must agree between engines: integers are integers whatever their width (a
    contract's `int` is Spark's `int`, DuckDB's `integer`), decimals keep their scale."""
    if data_type in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"):
        return "integer"
    if data_type.startswith("DECIMAL"):
        return "decimal, scale " + data_type.rstrip(")").split(",")[-1].strip()
    return data_type


def column_types(connection, database: str, schema: str, table: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
        [database, schema, table],
    ).fetchall()


def mismatches(connection, schema: str, table: str, columns: list[tuple[str, str]]) -> list[str]:
    """Pair the rows of both sides in one order (floats rounded for ordering only) and
    compare them column by column."""
    order = ", ".join(
        f'round("{name}", 6)' if data_type in FLOATING else f'"{name}"'
        for name, data_type in columns
    )

    def numbered(database: str) -> str:
        return (
            f"select *, row_number() over (order by {order} nulls first) as _row "
            f"from {database}.{schema}.{table}"
        )

    found = []
    (left_rows,) = connection.execute(f"select count(*) from d.{schema}.{table}").fetchone()
    (right_rows,) = connection.execute(f"select count(*) from s.{schema}.{table}").fetchone()
    if left_rows != right_rows:
        return [f"{schema}.{table}: {left_rows} rows on DuckDB, {right_rows} on Spark"]
    for name, data_type in columns:
        if data_type in FLOATING:
            # a null (Spark's x / 0) against a value or an infinity (DuckDB's) differs too
            differs = (
                f'a."{name}" is distinct from b."{name}" and (a."{name}" is null '
                f'or b."{name}" is null or isnan(a."{name}") or isnan(b."{name}") '
                f'or isinf(a."{name}") or isinf(b."{name}") or not (abs(a."{name}" - b."{name}") '
                f'<= {RELATIVE_TOLERANCE} * greatest(abs(a."{name}"), abs(b."{name}"))))'
            )
        else:
            differs = f'a."{name}" is distinct from b."{name}"'
        count, example = connection.execute(
            f"select count(*), any_value(a.\"{name}\"::varchar || ' vs ' || "
            f"coalesce(b.\"{name}\"::varchar, 'null')) "
            f"from ({numbered('d')}) as a join ({numbered('s')}) as b using (_row) where {differs}"
        ).fetchone()
        if count:
            found.append(
                f"{schema}.{table}.{name}: {count} rows differ (DuckDB vs Spark: {example})"
            )
    return found


@pytest.fixture(scope="module")
def engines() -> duckdb.DuckDBPyConnection:
    if not DUCKDB_BUILD.exists():
        pytest.fail(f"no DuckDB build of the test data at {DUCKDB_BUILD}: run `make build-test`")
    spark = spark_session(PROJECT)
    try:
        copied = copy_to_duckdb(spark, spark_tables(spark, SCHEMAS), SPARK_COPY)
    finally:
        spark.stop()
    assert copied > 50, f"the Spark build holds {copied} relations in {SCHEMAS}"
    connection = duckdb.connect()
    connection.execute(f"attach '{DUCKDB_BUILD}' as d (read_only)")
    connection.execute(f"attach '{SPARK_COPY}' as s (read_only)")
    yield connection
    connection.close()


def relations(connection, database: str) -> list[tuple[str, str]]:
    return connection.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = ? and schema_name in ('marts', 'segments') order by 1, 2",
        [database],
    ).fetchall()


def test_both_engines_build_the_same_relations(engines):
    assert relations(engines, "s") == relations(engines, "d")


def test_every_relation_has_the_same_columns_and_rows(engines):
    found = []
    compared = 0
    for schema, table in relations(engines, "d"):
        if (schema, table) not in relations(engines, "s"):
            continue  # the test above names it
        duck = column_types(engines, "d", schema, table)
        spark = column_types(engines, "s", schema, table)
        if [name for name, _ in duck] != [name for name, _ in spark]:
            found.append(f"{schema}.{table}: columns {duck} on DuckDB, {spark} on Spark")
            continue
        types = [
            f"{name} {left} vs {right}"
            for (name, left), (_, right) in zip(duck, spark, strict=True)
            if type_family(left) != type_family(right)
        ]
        if types:
            found.append(f"{schema}.{table}: types differ ({', '.join(types)})")
            continue
        found.extend(mismatches(engines, schema, table, duck))
        compared += 1
    assert not found, "\n".join(found)
    assert compared > 50


ONE_BUYER = "where buyer_id = (select min(buyer_id) from marts.buyer_segments where {})"


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        # money is exact: a cent more
        (
            "set monetary_total = monetary_total + 0.01 " + ONE_BUYER.format("monetary_total > 0"),
            ["monetary_total"],
        ),
        # a ratio beyond the tolerance, a ratio turned null (Spark's x / 0), an infinity
        (
            "set pct_revenue_discounted = pct_revenue_discounted * (1 + 1e-6) "
            + ONE_BUYER.format("pct_revenue_discounted > 0"),
            ["pct_revenue_discounted"],
        ),
        (
            "set pct_revenue_discounted = null "
            + ONE_BUYER.format("pct_revenue_discounted is not null"),
            ["pct_revenue_discounted"],
        ),
        (
            "set pct_revenue_discounted = 'infinity'::double "
            + ONE_BUYER.format("pct_revenue_discounted is not null"),
            ["pct_revenue_discounted"],
        ),
        # within the tolerance: not a difference
        (
            "set pct_revenue_discounted = pct_revenue_discounted * (1 + 1e-12) "
            + ONE_BUYER.format("pct_revenue_discounted > 0"),
            [],
        ),
    ],
)
def test_the_comparison_reports_exactly_what_changed(engines, tmp_path, change, reported):
    """The check can fail: one value of one buyer changed on the Spark side."""
    copy = tmp_path / "changed.duckdb"
    with duckdb.connect(str(copy)) as connection:
        connection.execute(f"attach '{SPARK_COPY}' as source (read_only)")
        connection.execute("create schema marts")
        connection.execute("create table marts.buyer_segments as from source.marts.buyer_segments")
        (changed,) = connection.execute(f"update marts.buyer_segments {change}").fetchone()
        assert changed == 1
    engines.execute("detach s")
    try:
        engines.execute(f"attach '{copy}' as s (read_only)")
        columns = column_types(engines, "d", "marts", "buyer_segments")
        found = mismatches(engines, "marts", "buyer_segments", columns)
    finally:
        engines.execute("detach s")
        engines.execute(f"attach '{SPARK_COPY}' as s (read_only)")
    assert [line.split(":")[0] for line in found] == [
        f"marts.buyer_segments.{column}" for column in reported
    ]
    assert all(": 1 rows differ" in line for line in found), found
