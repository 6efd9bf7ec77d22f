"""The example Dagster project (orchestration/marketseg_dagster), run in-process on the
deterministic test data: dbt build with its data tests as asset checks, then the quality
gate, then publish; and a gate that fails publishes nothing."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT = Path(__file__).resolve().parents[1]
TEST_VARS = {"extracted_at": "2026-01-01 00:00:00"}

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def dagster_project():
    """The example's modules (importing them parses the dbt project if needed)."""
    sys.path.insert(0, str(PROJECT / "orchestration"))
    try:
        from marketseg_dagster import assets, definitions

        yield assets, definitions
    finally:
        sys.path.remove(str(PROJECT / "orchestration"))


@pytest.fixture()
def build_warehouse(tmp_path: Path, test_warehouse: Path, monkeypatch) -> Path:
    """A copy of the test warehouse as the build warehouse, and a serving file beside it."""
    path = tmp_path / "build.duckdb"
    shutil.copy(test_warehouse, path)
    monkeypatch.setenv("MARKETSEG_DUCKDB_PATH", str(path))
    monkeypatch.setenv("MARKETSEG_SERVING_PATH", str(tmp_path / "serving.duckdb"))
    monkeypatch.setenv("MARKETSEG_DUCKDB_TEMP_DIR", str(tmp_path / "duckdb_tmp"))
    return path


def run_config(tmp_path: Path, raw_path: Path) -> dict:
    return {
        "ops": {
            "marketseg_dbt_assets": {
                "config": {"dbt_vars": json.dumps({"raw_path": str(raw_path), **TEST_VARS})}
            },
            "quality_gate": {"config": {"docs_dir": str(tmp_path / "data_docs")}},
        }
    }


def failed_steps(result) -> list[str]:
    return [event.step_key for event in result.all_events if event.is_step_failure]


def test_nightly_job_builds_checks_audits_and_publishes(
    dagster_project, build_warehouse: Path, tmp_path: Path, test_raw_path: Path
) -> None:
    from dagster import AssetCheckSeverity, AssetKey

    assets, definitions = dagster_project
    job = definitions.defs.resolve_job_def("nightly")
    result = job.execute_in_process(
        run_config=run_config(tmp_path, test_raw_path), raise_on_error=False
    )
    assert result.success, f"failed steps: {failed_steps(result)}"

    # every model and seed was materialized, then the gate, then the serving file
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    dbt_keys = set(assets.marketseg_dbt_assets.keys)
    assert len(dbt_keys) > 100
    assert dbt_keys - materialized == set()
    assert {AssetKey("quality_gate"), AssetKey("serving_warehouse")} <= materialized

    # every data test of one model ran as an asset check; none of severity error failed
    declared = {spec.key for spec in assets.marketseg_dbt_assets.check_specs}
    evaluations = result.get_asset_check_evaluations()
    assert len(declared) > 300
    assert {e.asset_check_key for e in evaluations} == declared
    failed = [
        e.asset_check_key.to_user_string()
        for e in evaluations
        if not e.passed and e.severity == AssetCheckSeverity.ERROR
    ]
    assert failed == []

    # the serving file holds what the build made
    serving = tmp_path / "serving.duckdb"
    assert serving.exists(), "publish reported success but wrote no serving file"
    with duckdb.connect(str(build_warehouse), read_only=True) as built:
        (built_rows,) = built.execute("select count(*) from marts.buyer_segments").fetchone()
    with duckdb.connect(str(serving), read_only=True) as served:
        (served_rows,) = served.execute("select count(*) from marts.buyer_segments").fetchone()
    assert served_rows == built_rows > 0


def test_a_failed_gate_fails_its_asset_and_publishes_nothing(
    dagster_project, build_warehouse: Path, tmp_path: Path, test_raw_path: Path
) -> None:
    from dagster import AssetKey

    _, definitions = dagster_project
    # a duplicated buyer: the gate's key expectation (severity critical) fails
    with duckdb.connect(str(build_warehouse)) as connection:
        connection.execute(
            "insert into marts.buyer_segments select * from marts.buyer_segments limit 1"
        )
    job = definitions.defs.resolve_job_def("nightly")
    result = job.execute_in_process(
        run_config={
            "ops": {"quality_gate": run_config(tmp_path, test_raw_path)["ops"]["quality_gate"]}
        },
        asset_selection=[AssetKey("quality_gate"), AssetKey("serving_warehouse")],
        raise_on_error=False,
    )
    assert not result.success
    assert failed_steps(result) == ["quality_gate"]
    # Dagster abandons a step whose upstream failed: publish never started
    started = {event.step_key for event in result.all_events if event.is_step_start}
    assert started == {"quality_gate"}
    assert AssetKey("serving_warehouse") not in {
        event.asset_key for event in result.get_asset_materialization_events()
    }
    assert not (tmp_path / "serving.duckdb").exists()
