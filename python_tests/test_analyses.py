"""The analyses compile and run on the test warehouse, and say what they should."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from marketseg.dbt import run_dbt

PROJECT = Path(__file__).resolve().parents[1]
ANALYSES = sorted(path.stem for path in (PROJECT / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def compiled(test_warehouse: Path, test_raw_path: Path) -> Path:
    run_dbt(
        ["compile", "--select", "resource_type:analysis"],
        PROJECT,
        test_warehouse,
        {"raw_path": str(test_raw_path), "extracted_at": "2026-01-01 00:00:00"},
    )
    return PROJECT / "target" / "compiled" / "marketplace_segmentation" / "analyses"


def run_analysis(compiled: Path, warehouse: Path, name: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute((compiled / f"{name}.sql").read_text()).fetchall()


@pytest.mark.parametrize("name", ANALYSES)
def test_every_analysis_runs_and_returns_rows(compiled: Path, test_warehouse: Path, name: str):
    assert run_analysis(compiled, test_warehouse, name)


def test_pareto_deciles_add_up_to_all_revenue(compiled: Path, test_warehouse: Path) -> None:
    rows = run_analysis(compiled, test_warehouse, "pareto_check")
    assert [row[0] for row in rows] == list(range(1, 11))
    assert rows[-1][3] == pytest.approx(1.0)
    # the top decile alone makes more than a tenth of revenue
    assert rows[0][3] > 0.1


def test_cohorts_are_fully_retained_in_their_first_month(compiled: Path, test_warehouse: Path):
    rows = run_analysis(compiled, test_warehouse, "cohort_retention")
    first_months = [row for row in rows if row[1] == 0]
    assert first_months and all(row[4] == pytest.approx(1.0) for row in first_months)


def test_stage_transitions_end_in_the_current_stages(
    compiled: Path, test_warehouse: Path, warehouse
) -> None:
    """By default the moves end on the reference date: they add up to buyer_segments."""
    rows = run_analysis(compiled, test_warehouse, "stage_transitions")
    arrivals: dict[str, int] = {}
    for _from_stage, to_stage, buyers_count in rows:
        arrivals[to_stage] = arrivals.get(to_stage, 0) + buyers_count
    current = dict(
        warehouse.execute(
            "select lifecycle_stage, count(*) from marts.buyer_segments group by 1"
        ).fetchall()
    )
    assert arrivals == current
    stages = {"prospect", "first_time", "inactive", "at_risk", "loyal", "repeat"}
    assert {row[0] for row in rows} <= {*stages, "not_known"}
