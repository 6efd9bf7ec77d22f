"""The quality gate: a clean build passes the checkpoint; a corrupted copy of the marts
fails it with messages naming the mart, the column and the expectation. The identifiable
rule's determinism half: a rebuild gives identical memberships."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from marketseg.cli import main
from marketseg.dbt import run_dbt
from marketseg.quality.suites import BUILD_VARS

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
    # a cell that keeps an axis holds at least micro_segment_min_buyers (50) buyers
    (
        "update marts.micro_segments set buyers_count = 49 where micro_segment_key ="
        " (select min(micro_segment_key) from marts.micro_segments where axes_kept_count > 0)",
        "micro_segments.buyers_count: expect_column_values_to_be_between",
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


# loyalty moments fall in the next moments_horizon_days (30) days, or (thresholds
# crossed) in the last 30 days, the reference date included: days_until 1..30 or -29..0
MOMENTS_OUTSIDE_THE_HORIZON = [("birthday", 31), ("birthday", 0), ("spend_threshold_crossed", -30)]


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


@pytest.mark.parametrize(("moment_type", "days_until"), MOMENTS_OUTSIDE_THE_HORIZON)
def test_a_loyalty_moment_outside_the_horizon_fails_the_checkpoint(
    moment_type: str,
    days_until: int,
    test_warehouse: Path,
    tmp_path: Path,
    monkeypatch,
    capsys,
) -> None:
    copy = tmp_path / "moments.duckdb"
    shutil.copy(test_warehouse, copy)
    with duckdb.connect(str(copy)) as db:
        db.execute(
            "update marts.buyer_loyalty_moments set days_until = ?"
            " where buyer_id || moment_key = (select min(buyer_id || moment_key)"
            " from marts.buyer_loyalty_moments where moment_type = ?)",
            [days_until, moment_type],
        )
        assert db.fetchall() == [(1,)]
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys)
    assert code == 1, output
    message = "buyer_loyalty_moments.days_until: expect_column_values_to_be_between"
    assert any(line.startswith("  ERROR ") and message in line for line in output.splitlines()), (
        output
    )


def test_an_empty_catalogue_segment_is_reported(
    test_warehouse: Path, test_raw_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """A declared catalogue segment without any member (researchers), or a family none of
    whose keys has one (delivery_<method>), has no membership and no KPI row. The
    checkpoint and the substantial rule report both, as warnings: real data may lack a
    segment's population (CDNOW has no events, no gender, no delivery method)."""
    copy = tmp_path / "empty.duckdb"
    shutil.copy(test_warehouse, copy)
    empty = "segment_key = 'researchers' or starts_with(segment_key, 'delivery_')"
    with duckdb.connect(str(copy)) as db:
        for mart in ("buyer_segment_memberships", "segment_kpis"):
            db.execute(f"delete from marts.{mart} where segment_family = 'catalogue' and ({empty})")
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys)
    assert code == 0, output
    reported = [
        line
        for line in output.splitlines()
        if line.startswith("  WARNING ")
        and "buyer_segment_memberships.segment_model: expect_column_distinct_values" in line
    ]
    assert len(reported) == 1, output
    assert "segment_delivery" in reported[0]
    assert "segment_researchers" in reported[0]

    run_dbt(
        ["test", "--select", "test_name:segment_substantial", "--store-failures"],
        PROJECT,
        copy,
        {"raw_path": str(test_raw_path), **TEST_VARS},
    )
    with duckdb.connect(str(copy), read_only=True) as db:
        ((schema, table),) = db.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_name like 'segment_substantial%'"
        ).fetchall()
        flagged = db.execute(
            f"select segment_key, members_count from {schema}.{table}"
            " where segment_family = 'catalogue' and members_count = 0 order by 1"
        ).fetchall()
    assert flagged == [("delivery", 0), ("researchers", 0)]


def test_the_build_keeps_every_var_the_checkpoint_reads(test_warehouse: Path) -> None:
    hooks = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["on-run-start"]
    assert f"{{{{ keep_build_vars({list(BUILD_VARS)}) }}}}" in hooks
    with duckdb.connect(str(test_warehouse), read_only=True) as db:
        kept = db.execute("select var_name from audit.build_vars order by 1").fetchall()
    assert [name for (name,) in kept] == sorted(BUILD_VARS)


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
