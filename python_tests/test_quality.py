"""The quality gate: a clean build passes the checkpoint; a corrupted copy of the marts
fails it with messages naming the mart, the column (or check) and the expectation; drift
is measured against a published serving file, and a first publish says there was nothing
to compare. The identifiable rule's determinism half: a rebuild gives identical
memberships. Every case corrupts a copy of the test warehouse: nothing is rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from marketseg.cli import main
from marketseg.dbt import run_dbt
from marketseg.quality.suites import BUILD_VARS, Facts, build_suites

PROJECT = Path(__file__).resolve().parents[1]
TEST_VARS = {"extracted_at": "2026-01-01 00:00:00"}

# an expectation of a suite, on every row of a column, that a dbt test of that kind repeats
DBT_TEST_OF = {
    "expect_column_values_to_be_between": "accepted_range",
    "expect_column_values_to_be_in_set": "accepted_values",
    "expect_column_values_to_not_be_null": "not_null",
    "expect_column_values_to_be_unique": "unique",
}

# (corruption, the failure message it must cause: mart.column: expectation)
CORRUPTIONS = [
    # keys are dbt's tests; the gate's completeness check sees the duplicate too
    (
        "insert into marts.buyer_segments select * from marts.buyer_segments limit 1",
        "buyer_segments.known_buyers_once: expect_table_row_count_to_equal",
    ),
    # a score out of 1-5 is dbt's accepted_range; a negative spend no dbt test declares
    (
        "update marts.buyer_segments set monetary_total = -1"
        " where buyer_id = (select min(buyer_id) from marts.buyer_segments)",
        "buyer_segments.monetary_total: expect_column_values_to_be_between",
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
]

# (case, corruption of a copy of the test warehouse, the failing check the report names,
# what its line must say): each must fail the gate on its own, without a published build
SINGLE_CORRUPTIONS = [
    (
        # a join upstream loses buyers: int_buyers_known and the mart shrink together, so only
        # the comparison with staging itself sees it
        "90% of known buyers lost upstream",
        "delete from intermediate.int_buyers_known where hash(buyer_id) % 10 <> 0;"
        " delete from marts.buyer_segments"
        " where buyer_id not in (select buyer_id from intermediate.int_buyers_known)",
        "buyer_segments.staging_buyers_present: expect_table_row_count_to_equal",
        ": missing",
    ),
    (
        "90% of buyer_segments deleted",
        "delete from marts.buyer_segments where hash(buyer_id) % 10 <> 0",
        "buyer_segments.known_buyers_once: expect_table_row_count_to_equal",
        ": missing",
    ),
    (
        "every stage set to loyal",
        "update marts.buyer_segments set lifecycle_stage = 'loyal'",
        "buyer_segments.lifecycle_stage_follows_the_rules: expect_table_row_count_to_equal",
        "stage loyal, the rule gives ",
    ),
    (
        "a seller duplicated",
        "insert into marts.seller_segments"
        " select * from marts.seller_segments order by seller_id limit 1",
        "seller_segments.known_sellers_once: expect_table_row_count_to_equal",
        "1 violation, e.g. ",
    ),
    (
        "a buyer missing from one single-valued family",
        "delete from marts.buyer_segment_memberships where segment_family = 'rfm_segment'"
        " and buyer_id = (select min(buyer_id) from marts.buyer_segment_memberships"
        " where segment_family = 'rfm_segment')",
        "buyer_segment_memberships.single_valued_families_once: expect_table_row_count_to_equal",
        " in rfm_segment: missing",
    ),
    # a score still within 1-5 (dbt's accepted_range passes) but not the one its cut points give
    (
        "a score that contradicts rfm_cut_points",
        "update marts.buyer_segments set m_score = 4"
        " where buyer_id = (select min(buyer_id) from marts.buyer_segments where m_score = 5)",
        "buyer_segments.scores_agree_with_rfm_cut_points: expect_table_row_count_to_equal",
        "monetary: score 4 for ",
    ),
]


# loyalty moments fall in the next moments_horizon_days (30) days, or (thresholds
# crossed) in the last 30 days, the reference date included: days_from_reference_date
# 1..30 or -29..0
MOMENTS_OUTSIDE_THE_HORIZON = [("birthday", 31), ("birthday", 0), ("spend_threshold_crossed", -30)]


def quality(
    warehouse: Path, docs: Path, monkeypatch, capsys, serving: Path | None = None
) -> tuple[int, str]:
    """Run `marketseg quality` on `warehouse`, against the published build `serving` (none:
    a path where no file is, a first publish)."""
    monkeypatch.setenv("MARKETSEG_DUCKDB_PATH", str(warehouse))
    monkeypatch.setenv("MARKETSEG_SERVING_PATH", str(serving or docs.parent / "no_serving.duckdb"))
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


def test_a_first_publish_says_there_was_nothing_to_compare(
    test_warehouse: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    copy = tmp_path / "clean.duckdb"
    shutil.copy(test_warehouse, copy)
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys)
    assert code == 0, output
    assert "NOTE drift: nothing to compare, no published build at " in output


def test_a_build_within_the_bands_of_the_published_one_passes(
    test_warehouse: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    copy = tmp_path / "clean.duckdb"
    shutil.copy(test_warehouse, copy)
    serving = tmp_path / "serving.duckdb"
    publish(test_warehouse, serving)
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys, serving)
    assert code == 0, output
    assert f"NOTE drift: compared with the published build {serving}" in output


@pytest.mark.parametrize(
    ("statement", "message", "shown"),
    [case[1:] for case in SINGLE_CORRUPTIONS],
    ids=[case[0] for case in SINGLE_CORRUPTIONS],
)
def test_each_corruption_fails_the_gate_on_a_first_publish(
    statement: str,
    message: str,
    shown: str,
    test_warehouse: Path,
    tmp_path: Path,
    monkeypatch,
    capsys,
) -> None:
    copy = tmp_path / "corrupted.duckdb"
    shutil.copy(test_warehouse, copy)
    with duckdb.connect(str(copy)) as db:
        db.execute(statement)
        assert db.fetchall()[0][0] > 0
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys)
    assert code == 1, output
    assert "nothing to compare" in output
    failing = [line for line in output.splitlines() if line.startswith(f"  ERROR {message}")]
    assert len(failing) == 1, output
    assert shown in failing[0]
    assert "; error: " in failing[0], "the line gives the severity's reason"


# (corruption of the PUBLISHED copy, the drift expectation it must fail): the build itself
# is clean, so only the comparison with the published file can fail it
DRIFTS = [
    # the build has a third of the sellers published: below drift_min_rows_ratio (0.5)
    (
        "insert into marts.seller_segments select * from marts.seller_segments"
        " union all select * from marts.seller_segments",
        "seller_segments.(table): expect_table_row_count_to_be_between",
    ),
    # published: every first-time buyer (16% on the test data) was loyal, so the build's
    # loyal share is far lower and its first_time share far higher
    (
        "update marts.buyer_segments set lifecycle_stage = 'loyal'"
        " where lifecycle_stage = 'first_time'",
        "buyer_segments_stage_shares.pct_buyers: expect_column_values_to_be_between",
    ),
]


@pytest.mark.parametrize(
    ("statement", "message"), DRIFTS, ids=["published sellers x3", "published stages moved"]
)
def test_drift_beyond_the_band_of_the_published_build_fails_the_gate(
    statement: str, message: str, test_warehouse: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    copy = tmp_path / "clean.duckdb"
    shutil.copy(test_warehouse, copy)
    serving = tmp_path / "serving.duckdb"
    publish(test_warehouse, serving)
    with duckdb.connect(str(serving)) as db:
        db.execute(statement)
        assert db.fetchall()[0][0] > 0
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys, serving)
    assert code == 1, output
    errors = [line for line in output.splitlines() if line.startswith("  ERROR ")]
    assert errors, output
    for line in errors:
        assert message in line, output
        assert "; error: " in line, "the line gives the severity's reason"


def publish(warehouse: Path, serving: Path) -> None:
    """A serving file as `marketseg publish` writes it: the schemas marts and segments of
    a built warehouse."""
    with duckdb.connect(str(serving)) as db:
        db.execute(f"attach '{warehouse}' as built (read_only)")
        for schema in ("marts", "segments"):
            db.execute(f"create schema {schema}")
            names = db.execute(
                "select table_name from duckdb_tables()"
                " where database_name = 'built' and schema_name = ?",
                [schema],
            ).fetchall()
            for (name,) in names:
                db.execute(f"create table {schema}.{name} as select * from built.{schema}.{name}")
        db.execute("detach built")


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


@pytest.mark.parametrize(("moment_type", "days_from_reference_date"), MOMENTS_OUTSIDE_THE_HORIZON)
def test_a_loyalty_moment_outside_the_horizon_fails_the_checkpoint(
    moment_type: str,
    days_from_reference_date: int,
    test_warehouse: Path,
    tmp_path: Path,
    monkeypatch,
    capsys,
) -> None:
    copy = tmp_path / "moments.duckdb"
    shutil.copy(test_warehouse, copy)
    with duckdb.connect(str(copy)) as db:
        db.execute(
            "update marts.buyer_loyalty_moments set days_from_reference_date = ?"
            " where buyer_id || moment_key = (select min(buyer_id || moment_key)"
            " from marts.buyer_loyalty_moments where moment_type = ?)",
            [days_from_reference_date, moment_type],
        )
        assert db.fetchall() == [(1,)]
    code, output = quality(copy, tmp_path / "docs", monkeypatch, capsys)
    assert code == 1, output
    message = "buyer_loyalty_moments.days_from_reference_date: expect_column_values_to_be_between"
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


def covered_by(test: dict, expectation) -> bool:
    """Whether the dbt test `test` already says what `expectation` says: any test of the
    same kind, except a range, which must be as narrow as the expectation's (a bound given
    as Jinja is not compared: the expectation is kept)."""
    if test["test_metadata"]["name"] != "accepted_range":
        return True
    kwargs = test["test_metadata"]["kwargs"]
    for dbt_bound, gx_bound, narrower in (
        (kwargs.get("min_value"), expectation.min_value, lambda dbt, gx: dbt >= gx),
        (kwargs.get("max_value"), expectation.max_value, lambda dbt, gx: dbt <= gx),
    ):
        if gx_bound is None:
            continue
        if not isinstance(dbt_bound, int | float) or not narrower(dbt_bound, gx_bound):
            return False
    return True


def test_the_suites_do_not_repeat_the_dbt_tests_of_the_marts(
    test_warehouse: Path, test_raw_path: Path
) -> None:
    """Keys, not-nulls, accepted values and accepted ranges are dbt tests of the marts' YAML:
    no expectation on every row of a column repeats one (a range on some rows only, by a
    row condition, or narrower than dbt's, is the suites' own)."""
    run_dbt(["parse"], PROJECT, test_warehouse, {"raw_path": str(test_raw_path), **TEST_VARS})
    manifest = json.loads((PROJECT / "target" / "manifest.json").read_text())
    tests = {}
    for node in manifest["nodes"].values():
        if (
            node["resource_type"] == "test"
            and node.get("test_metadata")
            and node.get("column_name")
        ):
            model = (node.get("attached_node") or "").split(".")[-1]
            key = (model, node["column_name"], node["test_metadata"]["name"])
            tests.setdefault(key, []).append(node)
    repeated = [
        f"{mart}.{expectation.column}: {expectation.expectation_type}"
        for mart, expectations in build_suites(Facts()).items()
        for expectation in expectations
        if expectation.expectation_type in DBT_TEST_OF
        and expectation.row_condition is None
        and any(
            covered_by(test, expectation)
            for test in tests.get(
                (mart, expectation.column, DBT_TEST_OF[expectation.expectation_type]), []
            )
        )
    ]
    assert not repeated, f"dbt already tests these: {repeated}"
