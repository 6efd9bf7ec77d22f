"""The catalogue an analyst extends: adding the README's example segment (one SQL file and
its YAML) to a copy of the project puts its members in the memberships, the catalogue,
the KPIs and the audiences; a stale generated list stops dbt with the command to run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from marketseg.catalogue import GENERATED_MACRO, render_macro, segment_model_names, sync
from marketseg.cli import main
from marketseg.dbt import DbtError, run_dbt

PROJECT = Path(__file__).resolve().parents[1]
NOT_COPIED = {".venv", ".git", "target", "warehouse", "data", "logs", "dbt_packages"}
EXAMPLE = re.compile(r"^`(models/marts/segments/[\w.]+)`:\n```\w+\n(.*?)^```", re.M | re.S)
TEST_VARS = {"extracted_at": "2026-01-01 00:00:00"}


def readme_example() -> dict[str, str]:
    """The example segment of the README: {path in the project: file text}."""
    files = dict(EXAMPLE.findall((PROJECT / "README.md").read_text()))
    assert sorted(Path(p).suffix for p in files) == [".sql", ".yml"], files.keys()
    return files


@pytest.fixture()
def project_with_example(tmp_path: Path) -> Path:
    """A copy of the project with the README's example segment added, and nothing else."""
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=lambda _, names: [n for n in names if n in NOT_COPIED])
    for path, text in readme_example().items():
        (copy / path).write_text(text)
    return copy


def compiled_test(project: Path, name: str) -> str:
    """The compiled SQL of the generic test `name` on segment memberships or KPIs."""
    (found,) = (project / "target" / "compiled").rglob(f"{name}_*.sql")
    return found.read_text()


def test_a_stale_list_stops_dbt_with_the_command_to_run(
    project_with_example: Path, test_raw_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(DbtError, match=r"segment_returners.*marketseg segments sync"):
        run_dbt(
            ["build", "--select", "buyer_segment_memberships"],
            project_with_example,
            tmp_path / "stale.duckdb",
            {"raw_path": str(test_raw_path), **TEST_VARS},
        )


def test_sync_check_fails_on_a_stale_list_and_sync_fixes_it(
    project_with_example: Path, capsys
) -> None:
    arguments = ["segments", "sync", "--project-dir", str(project_with_example)]
    assert main([*arguments, "--check"]) == 1
    assert "run `marketseg segments sync`" in capsys.readouterr().err
    assert main(arguments) == 0
    assert main([*arguments, "--check"]) == 0
    assert "'segment_returners'," in (project_with_example / GENERATED_MACRO).read_text()


def test_an_added_segment_reaches_every_catalogue_mart(
    project_with_example: Path, test_raw_path: Path, tmp_path: Path
) -> None:
    # the example also sets its own quality threshold (meta.segment.quality)
    yml = project_with_example / "models/marts/segments/segment_returners.yml"
    yml.write_text(
        yml.read_text().replace("keep_active}", "keep_active, quality: {min_members: 99999}}")
    )
    sync(project_with_example)
    warehouse = tmp_path / "added.duckdb"
    dbt_vars = {"raw_path": str(test_raw_path), **TEST_VARS}
    run_dbt(["build"], project_with_example, warehouse, dbt_vars)
    with duckdb.connect(str(warehouse), read_only=True) as db:
        returned = {
            row[0]
            for row in db.sql(
                "select distinct buyer_id from staging.stg_marketplace__order_items as items"
                " join intermediate.int_purchase_lines as lines using (order_id, line_number)"
                " where items.is_returned and lines.days_ago < 365"
            ).fetchall()
        }
        members = {
            row[0]
            for row in db.sql(
                "select buyer_id from marts.buyer_segment_memberships"
                " where segment_family = 'catalogue' and segment_key = 'returners'"
            ).fetchall()
        }
        kpis = db.sql(
            "select distinct members_count from marts.segment_kpis"
            " where segment_family = 'catalogue' and segment_key = 'returners'"
        ).fetchall()
        catalogue = db.sql(
            "select segment_label, owner, playbook_goal from marts.segment_catalogue"
            " where segment_key = 'returners'"
        ).fetchall()
        contactable = db.sql(
            "select count(*) from marts.activation_audiences"
            " where segment_key = 'returners' and segment_family = 'catalogue'"
        ).fetchall()[0][0]
        expected_contactable = db.sql(
            "select count(*) from intermediate.int_buyers_known as buyers"
            " join marts.buyer_segment_memberships as memberships using (buyer_id)"
            " where memberships.segment_key = 'returners' and buyers.is_contactable"
        ).fetchall()[0][0]
        substantial = db.sql(compiled_test(project_with_example, "segment_substantial")).df()
    assert returned, "the test data holds no returned line: the example proves nothing"
    assert members == returned
    assert kpis == [(len(returned),)]
    assert catalogue == [("Returners", "customer_care", "keep_active")]
    assert 0 < contactable == expected_contactable < len(returned)
    assert list(substantial[substantial.segment_key == "returners"].min_members) == [99999]


def test_the_stable_rule_reports_a_segment_whose_members_changed(
    test_raw_path: Path, tmp_path: Path
) -> None:
    """Build twice (the second run keeps the first one's memberships), then replace the
    previous run's vip buyers by others: the stable rule reports vip, churn 2."""
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=lambda _, names: [n for n in names if n in NOT_COPIED])
    warehouse = tmp_path / "stable.duckdb"
    dbt_vars = {"raw_path": str(test_raw_path), **TEST_VARS}
    upstream = ["--select", "+buyer_segment_memberships", "--exclude", "test_type:data"]
    run_dbt(["build", *upstream, "test_type:unit"], copy, warehouse, dbt_vars)
    again = ["--select", "buyer_segment_memberships", "--indirect-selection", "cautious"]
    run_dbt(["build", *again, "--exclude", "test_type:unit"], copy, warehouse, dbt_vars)
    with duckdb.connect(str(warehouse)) as db:
        db.execute(
            "update audit.previous_segment_memberships set buyer_id = buyer_id || '-gone'"
            " where segment_family = 'catalogue' and segment_key = 'vip'"
        )
        stable = db.sql(compiled_test(copy, "segment_stable")).df()
    assert list(stable.segment_key) == ["vip"]
    assert list(stable.churn) == [2.0]


def test_the_committed_list_names_every_segment_model() -> None:
    up_to_date, names = sync(PROJECT, check=True)
    assert up_to_date, "run `marketseg segments sync` and commit macros/generated/"
    assert len(names) >= 45


def test_the_list_is_sorted_and_rejects_duplicate_names(tmp_path: Path) -> None:
    assert render_macro(["segment_a", "segment_b"]).count("'segment_") == 2
    folder = tmp_path / "models" / "marts" / "segments"
    (folder / "sub").mkdir(parents=True)
    (folder / "segment_b.sql").write_text("select 1")
    (folder / "segment_a.sql").write_text("select 1")
    assert segment_model_names(tmp_path) == ["segment_a", "segment_b"]
    (folder / "sub" / "segment_a.sql").write_text("select 1")
    with pytest.raises(ValueError, match="segment_a"):
        segment_model_names(tmp_path)
