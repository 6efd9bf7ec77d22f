"""The catalogue an analyst extends: adding the README's example segment (its SQL file, its
YAML, and its `ref` in the list at the top of buyer_segment_memberships.sql) to a copy of
the project puts its members in the memberships, the catalogue, the KPIs and the
audiences; a segment model left out of the list fails one dbt test that names it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from marketseg.dbt import DbtError, run_dbt

PROJECT = Path(__file__).resolve().parents[1]
NOT_COPIED = {".venv", ".git", "target", "warehouse", "data", "logs", "dbt_packages"}
EXAMPLE = re.compile(r"^`(models/marts/segments/[\w.]+)`:\n```\w+\n(.*?)^```", re.M | re.S)
TEST_VARS = {"extracted_at": "2026-01-01 00:00:00"}
MEMBERSHIPS = Path("models/marts/buyer_segment_memberships.sql")
LISTING_TEST = "assert_every_segment_model_is_listed"


def readme_example() -> dict[str, str]:
    """The example segment of the README: {path in the project: file text}."""
    files = dict(EXAMPLE.findall((PROJECT / "README.md").read_text()))
    assert sorted(Path(p).suffix for p in files) == [".sql", ".yml"], files.keys()
    return files


@pytest.fixture()
def project_with_example(tmp_path: Path) -> Path:
    """A copy of the project with the README's example segment's SQL and YAML added, not
    yet in the list of the memberships model."""
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=lambda _, names: [n for n in names if n in NOT_COPIED])
    for path, text in readme_example().items():
        (copy / path).write_text(text)
    return copy


def add_to_the_list(project: Path, model: str) -> None:
    """The analyst's last step: `ref('<model>')` in the list at the top of the memberships
    model, in alphabetical order."""
    path = project / MEMBERSHIPS
    lines = path.read_text().splitlines(keepends=True)
    listed = [i for i, line in enumerate(lines) if re.fullmatch(r"    ref\('\w+'\),\n", line)]
    assert listed, f"no list of refs in {MEMBERSHIPS}"
    at = next((i for i in listed if lines[i] > f"    ref('{model}'),\n"), listed[-1] + 1)
    lines.insert(at, f"    ref('{model}'),\n")
    path.write_text("".join(lines))


def compiled_test(project: Path, name: str) -> str:
    """The compiled SQL of the generic test `name` on segment memberships or KPIs."""
    (found,) = (project / "target" / "compiled").rglob(f"{name}_*.sql")
    return found.read_text()


def test_a_segment_left_out_of_the_list_fails_one_test_naming_it(
    project_with_example: Path, test_raw_path: Path, tmp_path: Path, capfd
) -> None:
    warehouse = tmp_path / "unlisted.duckdb"
    dbt_vars = {"raw_path": str(test_raw_path), **TEST_VARS}
    with pytest.raises(DbtError, match=LISTING_TEST):
        run_dbt(["build", "--select", LISTING_TEST], project_with_example, warehouse, dbt_vars)
    message = (
        "segment_returners is not in the list at the top of"
        " models/marts/buyer_segment_memberships.sql: add ref('segment_returners') to it"
    )
    assert message in capfd.readouterr().out
    (compiled,) = (project_with_example / "target" / "compiled").rglob(f"{LISTING_TEST}.sql")
    assert duckdb.sql(compiled.read_text()).fetchall() == [("segment_returners", message)]
    add_to_the_list(project_with_example, "segment_returners")
    run_dbt(["build", "--select", LISTING_TEST], project_with_example, warehouse, dbt_vars)


def test_an_added_segment_reaches_every_catalogue_mart(
    project_with_example: Path, test_raw_path: Path, tmp_path: Path
) -> None:
    # the example also sets its own quality threshold (meta.segment.quality)
    yml = project_with_example / "models/marts/segments/segment_returners.yml"
    yml.write_text(
        yml.read_text().replace("keep_active}", "keep_active, quality: {min_members: 99999}}")
    )
    add_to_the_list(project_with_example, "segment_returners")
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
    again = [
        "--select",
        "buyer_segment_memberships",
        "test_name:segment_stable",
        "--indirect-selection",
        "cautious",
    ]
    run_dbt(["build", *again, "--exclude", "test_type:unit"], copy, warehouse, dbt_vars)
    with duckdb.connect(str(warehouse)) as db:
        db.execute(
            "update audit.previous_segment_memberships set buyer_id = buyer_id || '-gone'"
            " where segment_family = 'catalogue' and segment_key = 'vip'"
        )
        stable = db.sql(compiled_test(copy, "segment_stable")).df()
    assert list(stable.segment_key) == ["vip"]
    assert list(stable.churn) == [2.0]
