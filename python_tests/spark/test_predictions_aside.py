"""Without the predictions, the project builds the same marts less the predictions.

Spark runs no dbt Python model, so `make test-spark` compares the Spark build with a DuckDB
build of `predictions_enabled: false` (MARKETSEG_DUCKDB_PATH). This file checks that
build against the DuckDB build with the predictions (MARKETSEG_PREDICTIONS_WAREHOUSE, the
one of `make build-test`): the prediction marts and the fading buyers segment are the only
relations added, the prediction columns the only columns filled, the fading buyers the
only segment added; every other row is the same.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from mart_differences import one_sided_rows, relations

pytestmark = pytest.mark.spark

PROJECT = Path(__file__).resolve().parents[2]
WITHOUT = Path(
    os.environ.get(
        "MARKETSEG_DUCKDB_PATH", PROJECT / "target" / "test_warehouse_no_predictions.duckdb"
    )
)
WITH = Path(
    os.environ.get("MARKETSEG_PREDICTIONS_WAREHOUSE", PROJECT / "target" / "test_warehouse.duckdb")
)
PREDICTION_RELATIONS = {
    ("marts", "buyer_predictions"),
    ("marts", "prediction_model_parameters"),
    ("segments", "segment_fading_buyers"),
}
PREDICTION_COLUMNS = {
    "buyer_segments": {"p_alive", "predicted_value"},
    "segment_kpis": {"predicted_value_total", "avg_predicted_value"},
}
PREDICTION_SEGMENT = "fading_buyers"


@pytest.fixture(scope="module")
def builds():
    for path in (WITHOUT, WITH):
        if not path.exists():
            pytest.fail(f"no build at {path}: run `make test-spark`")
    connection = duckdb.connect()
    connection.execute(f"attach '{WITHOUT}' as without_predictions (read_only)")
    connection.execute(f"attach '{WITH}' as with_predictions (read_only)")
    yield connection
    connection.close()


def _relations(connection, database: str) -> set[tuple[str, str]]:
    return set(relations(connection, database))


def _columns(connection, database: str, schema: str, table: str) -> list[str]:
    return [
        name
        for (name,) in connection.execute(
            "select column_name from duckdb_columns() where database_name = ? "
            "and schema_name = ? and table_name = ? order by column_index",
            [database, schema, table],
        ).fetchall()
    ]


def test_only_the_prediction_relations_are_added(builds):
    without = _relations(builds, "without_predictions")
    assert len(without) > 50
    assert _relations(builds, "with_predictions") - without == PREDICTION_RELATIONS
    assert not without - _relations(builds, "with_predictions")


def test_every_other_row_is_the_same(builds):
    found = []
    for schema, table in sorted(_relations(builds, "without_predictions")):
        columns = _columns(builds, "without_predictions", schema, table)
        assert columns == _columns(builds, "with_predictions", schema, table), table
        predicted = PREDICTION_COLUMNS.get(table, set())
        for column in predicted:
            (filled,) = builds.execute(
                f'select count("{column}") from without_predictions.{schema}.{table}'
            ).fetchone()
            if filled:
                found.append(f"{table}.{column}: {filled} values without the predictions")
            (filled,) = builds.execute(
                f'select count("{column}") from with_predictions.{schema}.{table}'
            ).fetchone()
            if not filled:
                found.append(f"{table}.{column}: no value with the predictions")
        kept = ", ".join(f'"{name}"' for name in columns if name not in predicted)
        segment = (
            f"where segment_key is distinct from '{PREDICTION_SEGMENT}'"
            if "segment_key" in columns
            else ""
        )
        found += one_sided_rows(
            builds, ("with_predictions", "without_predictions"), f"{schema}.{table}", kept, segment
        )
    assert not found, "\n".join(found)


def test_the_prediction_segment_has_members(builds):
    """The fading buyers reach the catalogue's memberships with the predictions."""
    (members,) = builds.execute(
        "select count(*) from with_predictions.marts.buyer_segment_memberships "
        f"where segment_key = '{PREDICTION_SEGMENT}'"
    ).fetchone()
    (segment,) = builds.execute(
        "select count(*) from with_predictions.segments.segment_fading_buyers"
    ).fetchone()
    assert members == segment > 0
