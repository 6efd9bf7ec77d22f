"""The assets: the dbt project (`dbt build`, data tests as asset checks), then the quality
gate (`marketseg quality`) and the publication of the serving file (`marketseg publish`).

The two marketseg steps run as the command line an operator would run, in a subprocess, so
their exit codes keep the meaning docs/serving.md gives them (0: passed / published) and no
DuckDB connection stays open in Dagster's process. A failed step fails its asset, and
Dagster then skips every asset downstream: a build whose tests fail is never audited, and
one whose audit fails is never published.
"""

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Config,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from marketseg_dagster.project import PROJECT_DIR, marketseg_project

# the dbt selector (selectors.yml) of the project's assets: everything
DBT_SELECTOR = "nightly"
# the layer tags (dbt_project.yml) of what the gate reads and publish copies
SERVED_LAYERS = ("marts", "segments", "audit")
# a node's fqn is [project, folder, ..., name]; a seed's [project, name]
SEED_FQN_LENGTH = 2


class MarketsegTranslator(DagsterDbtTranslator):
    """One Dagster group per layer (the folder: staging, intermediate, marts, segments,
    audit; `raw` for the sources), so the asset graph reads like the project tree."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return "raw"
        fqn = dbt_resource_props["fqn"]
        if fqn[1:3] == ["marts", "segments"]:
            return "segments"
        return fqn[1] if len(fqn) > SEED_FQN_LENGTH else "seeds"


class DbtBuildConfig(Config):
    """Run configuration of the dbt step."""

    # dbt vars as YAML or JSON, as for `dbt build --vars` / `marketseg build --vars`
    # (e.g. '{as_of_date: 2025-06-30}'); empty: dbt_project.yml's defaults
    dbt_vars: str = ""


class QualityGateConfig(Config):
    """Run configuration of the quality gate."""

    # where the Data Docs go, relative to the dbt project unless absolute
    docs_dir: str = "target/quality/data_docs"


@dbt_assets(
    manifest=marketseg_project.manifest_path,
    selector=DBT_SELECTOR,
    project=marketseg_project,
    dagster_dbt_translator=MarketsegTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
)
def marketseg_dbt_assets(
    context: AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig
) -> Iterator:
    """`dbt build` of the selected models, seeds and tests into the build warehouse
    (MARKETSEG_DUCKDB_PATH); each data test reports as an asset check of its model."""
    args = ["build"]
    if config.dbt_vars.strip():
        args += ["--vars", config.dbt_vars]
    yield from dbt.cli(args, context=context).stream()


def served_asset_keys() -> list[AssetKey]:
    """The asset keys of the models the gate reads and publish copies (by layer tag)."""
    return sorted(
        (
            spec.key
            for spec in marketseg_dbt_assets.specs
            if any(layer in spec.tags for layer in SERVED_LAYERS)
        ),
        key=lambda key: key.to_user_string(),
    )


def run_marketseg(context: AssetExecutionContext, *args: str) -> subprocess.CompletedProcess:
    """`marketseg ARGS` in the dbt project, with this process's environment
    (MARKETSEG_DUCKDB_PATH, MARKETSEG_SERVING_PATH); its output goes to the run's log."""
    completed = subprocess.run(
        [sys.executable, "-m", "marketseg", *args],
        cwd=PROJECT_DIR,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    for line in completed.stdout.splitlines():
        context.log.info(line)
    for line in completed.stderr.splitlines():
        context.log.warning(line)
    return completed


def outcome(completed: subprocess.CompletedProcess) -> dict[str, MetadataValue]:
    return {
        "exit_code": MetadataValue.int(completed.returncode),
        "output": MetadataValue.md(f"```\n{completed.stdout}{completed.stderr}\n```"),
    }


@asset(
    deps=served_asset_keys(),
    group_name="serving",
    description=(
        "`marketseg quality`: the Great Expectations gate over the build warehouse's marts. "
        "Fails (and so stops the publication) when an expectation of severity error fails."
    ),
)
def quality_gate(context: AssetExecutionContext, config: QualityGateConfig) -> MaterializeResult:
    docs_dir = Path(config.docs_dir)
    if not docs_dir.is_absolute():
        docs_dir = PROJECT_DIR / docs_dir
    completed = run_marketseg(context, "quality", "--docs-dir", str(docs_dir))
    if completed.returncode != 0:
        raise Failure(
            description=(
                f"marketseg quality exited {completed.returncode}: the build failed its audit "
                "and is not published"
            ),
            metadata=outcome(completed),
        )
    return MaterializeResult(
        metadata={**outcome(completed), "data_docs": MetadataValue.path(str(docs_dir))}
    )


@asset(
    deps=[quality_gate],
    group_name="serving",
    description=(
        "`marketseg publish`: copies the audited marts into a new serving file and swaps it "
        "in atomically (MARKETSEG_SERVING_PATH), the file BI tools open read-only."
    ),
)
def serving_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    completed = run_marketseg(context, "publish")
    if completed.returncode != 0:
        raise Failure(
            description=(
                f"marketseg publish exited {completed.returncode}: the serving file was not "
                "replaced"
            ),
            metadata=outcome(completed),
        )
    return MaterializeResult(metadata=outcome(completed))
