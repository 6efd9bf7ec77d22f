"""Tags, selectors (selectors.yml) and exposures, checked over target/manifest.json and
`dbt ls --selector`: what an orchestrator or a BI team selects by name is what they need."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketseg.dbt import run_dbt
from marketseg.publish import PUBLISHED_AUDIT
from marketseg.quality.suites import Facts, build_suites

PROJECT = Path(__file__).resolve().parents[1]
LAYER_TAGS = {"staging", "intermediate", "marts", "segments", "audit", "semantic"}
DOMAIN_TAGS = {"buyers", "sellers", "orders", "events", "products", "aftersales", "catalogue"}
# what the exposures read (their depends_on must hold these)
EXPOSURE_NEEDS = {
    "crm_audience_export": {"activation_audiences"},
    "segments_dashboard": {"segment_kpis", "buyer_segments", "seller_segments", "build_info"},
}


@pytest.fixture(scope="module")
def manifest(test_warehouse: Path, test_raw_path: Path) -> dict:
    run_dbt(["parse"], PROJECT, test_warehouse, {"raw_path": str(test_raw_path)})
    return json.loads((PROJECT / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def models(manifest: dict) -> dict[str, dict]:
    found = {
        uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] == "model"
    }
    assert found, "the manifest holds no model"
    return found


@pytest.fixture(scope="module")
def selected(test_warehouse: Path, test_raw_path: Path, manifest: dict) -> dict[str, set[str]]:
    """unique_id of everything each selector of selectors.yml selects (`dbt ls`)."""
    assert {s["name"] for s in manifest["selectors"].values()} >= {
        "nightly",
        "daily",
        "bi_marts",
        "ci",
    }
    found = {}
    for name in ("nightly", "daily", "bi_marts", "ci"):
        lines = run_dbt(
            ["ls", "--selector", name, "--output", "json", "--output-keys", "unique_id"],
            PROJECT,
            test_warehouse,
            {"raw_path": str(test_raw_path)},
        )
        found[name] = {json.loads(line)["unique_id"] for line in lines}
    return found


def folder(model: dict) -> str:
    """`staging`, `intermediate`, `marts`, `marts/segments` or `audit`."""
    parts = Path(model["original_file_path"]).parts[1:-1]
    return "marts/segments" if parts[:2] == ("marts", "segments") else parts[0]


def ancestors(manifest: dict, unique_ids: set[str]) -> set[str]:
    """Every node the given nodes are built from, transitively."""
    seen: set[str] = set()
    todo = list(unique_ids)
    while todo:
        for parent in manifest["parent_map"].get(todo.pop(), []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def of_type(unique_ids: set[str], kind: str) -> set[str]:
    return {u for u in unique_ids if u.split(".")[0] == kind}


def test_every_model_carries_the_layer_tag_of_its_folder(models: dict[str, dict]) -> None:
    expected = {
        "staging": {"staging"},
        "intermediate": {"intermediate"},
        "marts": {"marts"},
        "marts/segments": {"marts", "segments"},
        "audit": {"audit"},
        "semantic": {"semantic"},
    }
    wrong = {
        m["name"]: sorted(set(m["tags"]) & LAYER_TAGS)
        for m in models.values()
        if set(m["tags"]) & LAYER_TAGS != expected.get(folder(m), {"?"})
    }
    assert wrong == {}, "models whose layer tag is missing or wrong (dbt_project.yml)"


def test_every_staging_intermediate_and_mart_model_has_a_domain_tag(
    models: dict[str, dict],
) -> None:
    untagged = [
        m["name"]
        for m in models.values()
        if folder(m) not in {"audit", "semantic"} and not set(m["tags"]) & DOMAIN_TAGS
    ]
    assert untagged == [], "add a domain tag in dbt_project.yml"


def test_domain_tags_follow_the_names(models: dict[str, dict]) -> None:
    """A spot check that the per-model tags in dbt_project.yml are the right way round."""
    mismatched = [
        m["name"]
        for m in models.values()
        for word, tag in (("seller", "sellers"), ("event", "events"), ("order", "orders"))
        if folder(m) in {"staging", "intermediate"}
        and f"{word}" in m["name"].split("__")[-1]
        and tag not in m["tags"]
    ]
    assert mismatched == []


def test_nightly_selects_everything(manifest: dict, selected: dict[str, set[str]]) -> None:
    everything = {
        u
        for u, n in manifest["nodes"].items()
        if n["resource_type"] in {"model", "seed", "test", "snapshot"}
    }
    everything |= set(manifest["unit_tests"]) | set(manifest["exposures"])
    assert everything - selected["nightly"] == set()


def test_ci_builds_every_model_seed_and_test_that_nightly_does(
    selected: dict[str, set[str]],
) -> None:
    built = {"model", "seed", "test", "unit_test", "snapshot"}
    nightly = {u for u in selected["nightly"] if u.split(".")[0] in built}
    ci = {u for u in selected["ci"] if u.split(".")[0] in built}
    assert len(of_type(ci, "model")) > 0
    assert nightly - ci == set(), "ci leaves these out (a model without a layer tag?)"
    assert ci - nightly == set()


def test_daily_is_nightly_without_the_unit_tests(selected: dict[str, set[str]]) -> None:
    """The production run: every model, seed and data test nightly builds, no unit test."""
    nightly, daily = selected["nightly"], selected["daily"]
    assert of_type(nightly, "unit_test"), "nightly selects no unit test: nothing to check"
    assert of_type(daily, "unit_test") == set()
    assert nightly - of_type(nightly, "unit_test") == daily
    assert of_type(daily, "model") and of_type(daily, "test")


def test_bi_marts_is_the_marts_and_everything_they_need(
    manifest: dict, models: dict[str, dict], selected: dict[str, set[str]]
) -> None:
    marts = {u for u, m in models.items() if folder(m) in {"marts", "marts/segments"}}
    exposed = {
        parent
        for exposure in manifest["exposures"].values()
        for parent in exposure["depends_on"]["nodes"]
    }
    # and the audit tables publish copies for readers (build_info says which build)
    served = {u for u, m in models.items() if m["name"] in PUBLISHED_AUDIT}
    assert {m["name"] for u, m in models.items() if "serving" in m["tags"]} == set(
        PUBLISHED_AUDIT
    ), "tag `serving` (dbt_project.yml) must be on what marketseg publish copies from audit"
    needed = marts | exposed | served | ancestors(manifest, marts | exposed | served)
    chosen = of_type(selected["bi_marts"], "model")
    assert "model.marketplace_segmentation.buyer_segments" in chosen
    assert "model.marketplace_segmentation.segment_kpis" in chosen
    assert needed & set(models) - chosen == set(), "bi_marts leaves out what a mart needs"
    assert chosen - needed == set(), "bi_marts selects models no mart needs"
    # and it leaves something out: the current-state staging view no mart reads
    assert "model.marketplace_segmentation.stg_marketplace__buyers" not in chosen
    # the seeds the marts read come along, as do the tests of what it builds
    assert of_type(needed, "seed") <= selected["bi_marts"]
    tests_of_marts = {
        u
        for u, n in manifest["nodes"].items()
        if n["resource_type"] == "test" and set(n["depends_on"]["nodes"]) <= chosen
    }
    assert tests_of_marts
    assert tests_of_marts - selected["bi_marts"] == set()


def test_every_exposure_has_an_owner_a_type_a_maturity_and_inputs(manifest: dict) -> None:
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert set(exposures) >= {"crm_audience_export", "segments_dashboard", "quality_report"}
    incomplete = [
        name
        for name, e in exposures.items()
        if not (
            e["owner"].get("name")
            and "@" in (e["owner"].get("email") or "")
            and e["type"]
            and e["maturity"]
            and e["description"]
            and e["depends_on"]["nodes"]
        )
    ]
    assert incomplete == []


def test_exposures_depend_on_what_their_readers_read(manifest: dict) -> None:
    reads = {
        e["name"]: {uid.split(".")[-1] for uid in e["depends_on"]["nodes"]}
        for e in manifest["exposures"].values()
    }
    missing = {name: needs - reads[name] for name, needs in EXPOSURE_NEEDS.items()}
    # the quality report reads every mart the gate has an expectation suite for
    missing["quality_report"] = set(build_suites(Facts())) - reads["quality_report"]
    assert {name: gap for name, gap in missing.items() if gap} == {}
