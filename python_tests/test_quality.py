"""The quality gate: a clean build passes the checkpoint; a corrupted copy of the marts
fails it with messages naming the mart, the column and the expectation. The identifiable
rule's determinism half: a rebuild gives identical memberships."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from marketseg.cli import main
from marketseg.dbt import run_dbt

PROJECT = Path(__file__).resolve().parents[1]
TEST_VARS = {"extracted_at": "2026-01-01 00:00:00"}

# (corruption, the failure message it must cause: mart.column: expectation)
CORRUPTIONS = [
    (
        "insert into marts.buyer_segments select * from marts.buyer_segments limit 1",
        "buyer_segments.buyer_id: expect_column_values_to_be_unique",
    ),
    (
        "update marts.buyer_segments set r_score = 9"
        " where buyer_id = (select min(buyer_id) from marts.buyer_segments where r_score = 5)",
        "buyer_segments.r_score: expect_column_values_to_be_between",
    ),
    (
        "delete from marts.buyer_segment_memberships"
        " where segment_family = 'catalogue' and segment_key = 'vip'",
        "buyer_segment_memberships.segment_key: expect_column_distinct_values_to_contain_set",
    ),
    (
        "update marts.buyer_value_pareto set pct_buyers_top = 0.9",
        "buyer_value_pareto.pct_buyers_top: expect_column_values_to_be_between",
    ),
    (
        "update marts.segment_kpis set pct_members = 0.99"
        " where segment_family = 'lifecycle_stage' and segment_key = 'prospect'",
        "segment_kpis.pct_members: expect_column_values_to_be_between",
    ),
    (
        "create or replace table audit.previous_mart_row_counts as"
        " select 'seller_segments' as mart, 2 * count(*) + 2 as rows_count"
        " from marts.seller_segments",
        "seller_segments.(table): expect_table_row_count_to_be_between",
    ),
]


def quality(warehouse: Path, docs: Path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setenv("MARKETSEG_DUCKDB_PATH", str(warehouse))
    code = main(["quality", "--docs-dir", str(docs)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_clean_build_passes_the_checkpoint(
    test_warehouse: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    copy = tmp_path / "clean.duckdb"
    shutil.copy(test_warehouse, copy)
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys)
    assert code == 0, output
    assert "(0 errors" in output
    assert (tmp_path / "docs" / "index.html").exists()


def test_corrupted_marts_fail_the_checkpoint_naming_mart_column_and_expectation(
    test_warehouse: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    copy = tmp_path / "corrupted.duckdb"
    shutil.copy(test_warehouse, copy)
    with duckdb.connect(str(copy)) as db:
        for statement, _ in CORRUPTIONS:
            db.execute(statement)
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys)
    assert code == 1
    errors = [line for line in output.splitlines() if line.startswith("  ERROR ")]
    for _, message in CORRUPTIONS:
        assert any(message in line for line in errors), f"{message!r} not in:\n{output}"
    assert "severity error failed" in output


def test_a_missing_warehouse_fails_clearly(tmp_path: Path, monkeypatch, capsys) -> None:
    code, output = quality(tmp_path / "none.duckdb", tmp_path / "docs", monkeypatch, capsys)
    assert code == 1
    assert "no warehouse at" in output


@pytest.mark.parametrize("family", ["catalogue", "lifecycle_stage", "rfm_segment", "micro_segment"])
def test_a_rebuild_gives_identical_memberships(
    family: str, rebuilt_warehouse: Path, test_warehouse: Path
) -> None:
    with duckdb.connect(str(rebuilt_warehouse), read_only=True) as db:
        db.execute(f"attach '{test_warehouse}' as first (read_only)")
        query = (
            "select segment_key, category, buyer_id from {}.marts.buyer_segment_memberships"
            f" where segment_family = '{family}'"
        )
        rebuilt, first = "rebuilt_warehouse", "first"
        only_once = db.sql(
            f"({query.format(rebuilt)} except all {query.format(first)})"
            f" union all ({query.format(first)} except all {query.format(rebuilt)})"
        ).fetchall()
        rows = db.sql(f"select count(*) from ({query.format(first)})").fetchall()[0][0]
    assert rows > 0
    assert only_once == []


@pytest.fixture(scope="module")
def rebuilt_warehouse(test_raw_path: Path, tmp_path_factory) -> Path:
    """The same project built a second time from the same data and vars."""
    path = tmp_path_factory.mktemp("rebuild") / "rebuilt_warehouse.duckdb"
    run_dbt(
        ["build", "--select", "+buyer_segment_memberships", "--exclude", "test_type:data"],
        PROJECT,
        path,
        {"raw_path": str(test_raw_path), **TEST_VARS},
    )
    return path
