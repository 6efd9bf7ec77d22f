"""House conventions (STYLE.md, dbt-project-evaluator rules) checked over target/manifest.json."""

from __future__ import annotations

import configparser
import csv
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from marketseg.dbt import run_dbt

PROJECT = Path(__file__).resolve().parents[1]
LAYER_PREFIX = {"staging": ("stg_", "base_"), "intermediate": ("int_",), "audit": ("",)}
HARD_CODED_RELATION = re.compile(r"\b(from|join)\s+(raw|staging|intermediate|marts|audit)\.", re.I)
# dbt-project-evaluator's default `too_many_joins_threshold`: its fct_too_many_joins flags a
# model with this many distinct parents (refs and sources) or more
TOO_MANY_JOINS_THRESHOLD = 7
# the evaluator's rules a model may be excepted from, in its YAML:
# config.meta.evaluator_exceptions: {<rule>: "<why>"}
EVALUATOR_RULES = {"too_many_joins", "direct_join_to_source", "dependent_on_source"}
DISPATCH_PREFIXES = ("default__", "duckdb__", "spark__")


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


def evaluator_exceptions(model: dict) -> dict:
    return model["config"].get("meta", {}).get("evaluator_exceptions") or {}


def parents(model: dict) -> set[str]:
    """The model's direct parents as dbt-project-evaluator counts them (refs, sources, seeds)."""
    return set(model["depends_on"]["nodes"])


def test_only_staging_reads_sources(models: list[dict]) -> None:
    """dbt-project-evaluator's fct_marts_or_intermediate_dependent_on_source: only staging
    (stg_ and base_ models) reads sources, unless its YAML writes down why
    (config.meta.evaluator_exceptions.dependent_on_source)."""
    offenders = [
        m["name"]
        for m in models
        if layer(m) != "staging"
        and any(dep.startswith("source.") for dep in parents(m))
        and "dependent_on_source" not in evaluator_exceptions(m)
    ]
    assert offenders == []


def test_no_direct_join_to_source(models: list[dict]) -> None:
    """dbt-project-evaluator's fct_direct_join_to_source: a model reads either sources or
    models, not both, unless its YAML writes down why
    (config.meta.evaluator_exceptions.direct_join_to_source)."""
    offenders = [
        f"{m['name']}: reads a source and a model (rule direct_join_to_source)"
        for m in models
        if any(dep.startswith("source.") for dep in parents(m))
        and any(not dep.startswith("source.") for dep in parents(m))
        and "direct_join_to_source" not in evaluator_exceptions(m)
    ]
    assert offenders == [], "\n".join(
        [*offenders, "read sources in a base model, or write why in the model's YAML"]
    )


def test_no_model_has_too_many_joins(models: list[dict]) -> None:
    """dbt-project-evaluator's fct_too_many_joins: fewer than TOO_MANY_JOINS_THRESHOLD
    direct parents, unless the model's YAML writes down why
    (config.meta.evaluator_exceptions.too_many_joins)."""
    offenders = [
        f"{m['name']}: {len(parents(m))} parents (rule too_many_joins, "
        f"threshold {TOO_MANY_JOINS_THRESHOLD})"
        for m in models
        if len(parents(m)) >= TOO_MANY_JOINS_THRESHOLD
        and "too_many_joins" not in evaluator_exceptions(m)
    ]
    assert offenders == [], "\n".join(
        [*offenders, "split the model, or write why in the model's YAML"]
    )


def test_evaluator_exceptions_are_known_needed_and_explained(models: list[dict]) -> None:
    """An exception names a rule of EVALUATOR_RULES, says why in words, and is still
    needed: a model that no longer breaks the rule drops it."""
    breaks = {
        "too_many_joins": lambda m: len(parents(m)) >= TOO_MANY_JOINS_THRESHOLD,
        "direct_join_to_source": lambda m: (
            any(dep.startswith("source.") for dep in parents(m))
            and any(not dep.startswith("source.") for dep in parents(m))
        ),
        "dependent_on_source": lambda m: (
            layer(m) != "staging" and any(dep.startswith("source.") for dep in parents(m))
        ),
    }
    problems = []
    for model in models:
        for rule, why in evaluator_exceptions(model).items():
            if rule not in EVALUATOR_RULES:
                problems.append(f"{model['name']}: unknown rule {rule!r}")
            elif not isinstance(why, str) or len(why.split()) < 3:
                problems.append(f"{model['name']}: the exception to {rule} needs a reason")
            elif not breaks[rule](model):
                problems.append(f"{model['name']}: no longer breaks {rule}, drop the exception")
    assert problems == [], "\n".join(problems)


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


def test_every_model_description_starts_with_its_grain(models: list[dict]) -> None:
    """STYLE.md: a model's description starts with its grain, "One row per ...", and its
    meta.grain says it again for tools."""
    offenders = [
        m["name"]
        for m in models
        if not m["config"].get("meta", {}).get("grain")
        or not m["description"].lstrip().startswith("One row per")
    ]
    assert offenders == [], "start these models' descriptions with 'One row per ...': " + (
        ", ".join(offenders)
    )


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


def test_no_four_byte_float() -> None:
    """`dbt.type_float()` is a 4-byte FLOAT on DuckDB (7 digits): ratios use `type_double()`."""
    offenders = [
        str(path.relative_to(PROJECT))
        for folder in ("models", "macros", "analyses", "tests")
        for path in sorted((PROJECT / folder).rglob("*.sql"))
        if "dbt.type_float()" in path.read_text() and path.name != "type_double.sql"
    ]
    assert offenders == []


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


def test_one_macro_per_file_named_after_it(manifest: dict) -> None:
    """STYLE.md: one macro per file, named after it; a dispatched macro's variants
    (default__, duckdb__, spark__) stay in its file."""
    offenders = []
    for macro in manifest["macros"].values():
        if macro["package_name"] != "marketplace_segmentation":
            continue
        path = Path(macro["original_file_path"])
        name = macro["name"]
        for prefix in DISPATCH_PREFIXES:
            name = name.removeprefix(prefix)
        if path.parts[0] == "tests":
            name = name.removeprefix("test_")  # a generic test `{% test x %}` is macro test_x
        if path.suffix == ".sql" and name != path.stem:
            offenders.append(f"{path}: defines {macro['name']}")
    assert offenders == [], "move each macro into a file named after it:\n" + "\n".join(offenders)


def test_every_macro_is_documented(manifest: dict) -> None:
    undocumented = [
        f"{m['original_file_path']}: {m['name']}"
        for m in manifest["macros"].values()
        if m["package_name"] == "marketplace_segmentation"
        and m["original_file_path"].startswith("macros/")
        and not m["name"].startswith(DISPATCH_PREFIXES)
        and not m["description"]
    ]
    assert undocumented == [], "describe them in the folder's _<folder>__macros.yml:\n" + "\n".join(
        undocumented
    )


def test_hook_tables_are_declared_in_the_audit_schema(manifest: dict, models: list[dict]) -> None:
    """The hooks write the tables of the `audit` source (replace_audit_table looks them up);
    they live in the schema dbt gives the audit folder's models."""
    audit_schemas = {m["schema"] for m in models if layer(m) == "audit"}
    declared = {
        s["name"]: s["schema"]
        for s in manifest["sources"].values()
        if s["source_name"] == "audit" and s["package_name"] == "marketplace_segmentation"
    }
    assert set(declared) >= {"previous_segment_memberships", "build_vars", "build_outcome"}
    assert {schema for schema in declared.values()} == audit_schemas


def test_rejected_rows_hold_every_raw_table_and_every_base_column(
    manifest: dict, warehouse
) -> None:
    """rejected_rows writes one CTE per raw table: each raw table of the marketplace source
    has one, and its record lists every column of its base model but the reason."""
    rejected_rows = manifest["nodes"]["model.marketplace_segmentation.rejected_rows"]
    code = rejected_rows["raw_code"]
    tables = sorted(
        s["name"] for s in manifest["sources"].values() if s["source_name"] == "marketplace"
    )
    problems = []
    for table in tables:
        cte = re.search(rf"\n{table}_rejected as \((.*?)\n\)", code, re.S)
        if not cte:
            problems.append(f"{table}: no {table}_rejected CTE in rejected_rows")
            continue
        listed = re.findall(r"'(\w+)'", cte.group(1).split("row_as_json", 1)[-1])
        built = [
            row[0]
            for row in warehouse.execute(
                "select column_name from information_schema.columns where table_schema = "
                "'staging' and table_name = ? order by ordinal_position",
                [f"base_marketplace__{table}"],
            ).fetchall()
            if row[0] not in ("rejection_reason", "contract_violation")
        ]
        if listed != built:
            problems.append(f"{table}: the record lists {listed}, the base model has {built}")
    assert problems == []


def tracked_files(*patterns: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *patterns],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [PROJECT / name for name in listed]


PYTHON_NOQA = re.compile(
    r"#\s*noqa(?P<codes>:\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?(?P<rest>.*)$"
)


def test_every_noqa_carries_its_reason() -> None:
    """Python: the reason follows the codes on the line (ruff reads the codes and stops
    there). SQL: the line above the noqa comment, or above a run of such lines, is a comment
    saying why (sqlfluff would read any text after the codes as more rule names)."""
    missing = []
    for path in tracked_files("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found = PYTHON_NOQA.search(line)
            if found and (not found["codes"] or not found["rest"].strip(" #-:")):
                missing.append(f"{path.relative_to(PROJECT)}:{number}")
    sql_noqa = re.compile(r"--\s*noqa")
    for path in tracked_files("*.sql"):
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, 1):
            if sql_noqa.search(line):
                above = number - 2
                while above >= 0 and sql_noqa.search(lines[above]):
                    above -= 1
                if above < 0 or not lines[above].strip().startswith("--"):
                    missing.append(f"{path.relative_to(PROJECT)}:{number}")
    assert missing == [], "write why each noqa is needed (this test's docstring):\n" + "\n".join(
        missing
    )


def comment_lines(text: str, prefixes: tuple[str, ...] = ("#",)) -> str:
    return "\n".join(line for line in text.splitlines() if line.lstrip().startswith(prefixes))


def unexplained_codes(codes: list[str], comments: str, where: str) -> list[str]:
    """The codes no comment names as `CODE: why`."""
    return [
        f"{where} {code}"
        for code in codes
        if not re.search(rf"\b{re.escape(code)}:\s*\S", comments)
    ]


def test_every_sqlfluff_rule_excluded_carries_its_reason() -> None:
    """Every rule .sqlfluff excludes, ignores or only warns on is named, with its reason, in a
    comment of the file (`# CODE: why`)."""
    text = (PROJECT / ".sqlfluff").read_text()
    config = configparser.ConfigParser()
    config.read_string(text)
    missing = []
    for key in ("exclude_rules", "ignore", "warnings"):
        rules = config.get("sqlfluff", key, fallback="").replace(",", " ").split()
        missing += unexplained_codes(rules, comment_lines(text, ("#", ";")), f".sqlfluff: {key}")
    assert missing == [], "name each excluded rule with its reason in a comment:\n" + "\n".join(
        missing
    )


def test_every_path_sqlfluff_skips_carries_its_reason() -> None:
    """Every path (or run of paths) in .sqlfluffignore has a comment above it."""
    lines = (PROJECT / ".sqlfluffignore").read_text().splitlines()
    missing = []
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            block = lines[:number]
            while block and block[-1].strip() and not block[-1].startswith("#"):
                block.pop()
            if not block or not block[-1].startswith("#"):
                missing.append(f".sqlfluffignore: {line}")
    assert missing == [], "write why sqlfluff skips each path:\n" + "\n".join(missing)


def test_every_ruff_or_pytest_ignore_carries_its_reason() -> None:
    """Every rule ruff ignores (globally or per file) is named, with its reason, in a comment
    of pyproject.toml (`# CODE: why`); every pytest warning filter has a comment above it."""
    text = (PROJECT / "pyproject.toml").read_text()
    lint = tomllib.loads(text).get("tool", {}).get("ruff", {}).get("lint", {})
    codes = lint.get("ignore", []) + lint.get("extend-ignore", [])
    codes += [
        code for file_codes in lint.get("per-file-ignores", {}).values() for code in file_codes
    ]
    missing = unexplained_codes(codes, comment_lines(text), "pyproject.toml: ruff ignores")
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if re.match(r'\s*"ignore:', line):
            above = [entry.strip() for entry in lines[:number] if entry.strip()]
            while above and above[-1].startswith("filterwarnings"):
                above.pop()
            if not above or not above[-1].startswith("#"):
                missing.append(f"pyproject.toml: {line.strip()}")
    assert missing == [], "name each ignored rule with its reason in a comment:\n" + "\n".join(
        missing
    )
