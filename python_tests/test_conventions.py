"""House conventions (STYLE.md, dbt-project-evaluator rules) checked over target/manifest.json."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from marketseg.dbt import run_dbt

PROJECT = Path(__file__).resolve().parents[1]
LAYER_PREFIX = {"staging": ("stg_", "base_"), "intermediate": ("int_",), "audit": ("",)}
HARD_CODED_RELATION = re.compile(r"\b(from|join)\s+(raw|staging|intermediate|marts|audit)\.", re.I)


@pytest.fixture(scope="module")
def manifest(test_warehouse: Path, test_raw_path: Path) -> dict:
    run_dbt(["parse"], PROJECT, test_warehouse, {"raw_path": str(test_raw_path)})
    return json.loads((PROJECT / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def models(manifest: dict) -> list[dict]:
    found = [node for node in manifest["nodes"].values() if node["resource_type"] == "model"]
    assert found, "the manifest holds no model"
    return found


def layer(model: dict) -> str:
    return Path(model["original_file_path"]).parts[1]


def data_tests_of(manifest: dict, model: dict) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and model["unique_id"] in node["depends_on"]["nodes"]
    ]


def test_only_staging_reads_sources(models: list[dict]) -> None:
    offenders = [
        m["name"]
        for m in models
        if m["depends_on"]["nodes"]
        and layer(m) != "staging"
        and any(dep.startswith("source.") for dep in m["depends_on"]["nodes"])
    ]
    assert offenders == []


def test_staging_never_reads_marts_or_intermediate(models: list[dict]) -> None:
    by_id = {m["unique_id"]: m for m in models}
    offenders = [
        m["name"]
        for m in models
        if layer(m) == "staging"
        and any(layer(by_id[d]) not in {"staging"} for d in m["depends_on"]["nodes"] if d in by_id)
    ]
    assert offenders == []


def test_model_names_carry_their_layer(models: list[dict]) -> None:
    offenders = [
        m["name"]
        for m in models
        if layer(m) in LAYER_PREFIX and not m["name"].startswith(LAYER_PREFIX[layer(m)])
    ]
    assert offenders == []


def test_every_model_describes_its_grain(models: list[dict]) -> None:
    offenders = [
        m["name"]
        for m in models
        if not m["config"].get("meta", {}).get("grain")
        or not (m["description"].startswith("One row per") or "One row per" in m["description"])
    ]
    assert offenders == []


def test_every_column_is_documented(models: list[dict]) -> None:
    undocumented = [
        f"{m['name']}.{name}"
        for m in models
        for name, column in m["columns"].items()
        if not column.get("description")
    ]
    assert undocumented == []


def test_every_model_tests_its_primary_key(manifest: dict, models: list[dict]) -> None:
    missing = []
    for model in models:
        meta = model["config"].get("meta", {})
        if meta.get("grain_is_raw_row"):
            continue  # one row per raw row: no key exists (see DECISIONS.md)
        key = meta.get("primary_key")
        if not key:
            missing.append(f"{model['name']}: no meta.primary_key")
            continue
        tests = data_tests_of(manifest, model)
        kinds = {
            (t["test_metadata"]["name"], t.get("column_name"))
            for t in tests
            if t.get("test_metadata")
        }
        if len(key) == 1:
            if not {("unique", key[0]), ("not_null", key[0])} <= kinds:
                missing.append(f"{model['name']}: unique + not_null on {key[0]}")
        else:
            combined = [
                t
                for t in tests
                if t.get("test_metadata", {}).get("name") == "unique_combination_of_columns"
                and t["test_metadata"]["kwargs"].get("combination_of_columns") == key
            ]
            not_null = {column for name, column in kinds if name == "not_null"}
            # a key column may be null when the model says so (null = "not split by it")
            not_null |= set(meta.get("nullable_key_columns", []))
            if not combined or not set(key) <= not_null:
                missing.append(
                    f"{model['name']}: unique_combination_of_columns + not_null on {key}"
                )
    assert missing == []


def test_no_hard_coded_relation_names(models: list[dict]) -> None:
    offenders = [m["name"] for m in models if HARD_CODED_RELATION.search(m["raw_code"])]
    assert offenders == []


def test_no_clock_in_models(models: list[dict]) -> None:
    clock = re.compile(r"\b(current_date|current_timestamp|now\(\)|getdate\(\))", re.I)
    assert [m["name"] for m in models if clock.search(m["raw_code"])] == []


def test_marts_enforce_their_contract(models: list[dict]) -> None:
    marts = [m for m in models if layer(m) == "marts"]
    offenders = [m["name"] for m in marts if not m["config"].get("contract", {}).get("enforced")]
    assert offenders == []


def segment_models(models: list[dict]) -> list[dict]:
    return [m for m in models if m["fqn"][1:3] == ["marts", "segments"]]


def test_catalogue_holds_at_least_45_segments(models: list[dict]) -> None:
    assert len(segment_models(models)) >= 45


def test_every_catalogue_segment_declares_its_owner_and_playbook_goal(
    models: list[dict],
) -> None:
    with (PROJECT / "seeds" / "lifecycle_playbook.csv").open(newline="") as playbook:
        goals = {row["playbook_goal"] for row in csv.DictReader(playbook)}
    offenders = []
    for model in segment_models(models):
        segment = model["config"].get("meta", {}).get("segment") or {}
        missing = [f for f in ("key", "label", "owner", "playbook_goal") if not segment.get(f)]
        if missing or not model["description"]:
            offenders.append(f"{model['name']}: missing {missing or 'description'}")
        elif segment["playbook_goal"] not in goals:
            offenders.append(f"{model['name']}: unknown playbook goal {segment['playbook_goal']}")
        elif model["name"] != f"segment_{segment['key']}":
            offenders.append(f"{model['name']}: name is not segment_<key>")
    assert offenders == []


def test_catalogue_segment_keys_are_unique(models: list[dict]) -> None:
    keys = [m["config"]["meta"]["segment"]["key"] for m in segment_models(models)]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_memberships_depend_on_every_segment_model(manifest: dict, models: list[dict]) -> None:
    memberships = manifest["nodes"]["model.marketplace_segmentation.buyer_segment_memberships"]
    missing = [
        m["name"]
        for m in segment_models(models)
        if m["unique_id"] not in memberships["depends_on"]["nodes"]
    ]
    assert missing == []
