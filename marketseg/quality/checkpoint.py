"""Run the suites on the marts of a DuckDB warehouse and build the Data Docs.

GX's SQL data source cannot read this warehouse (with duckdb-engine it drops the schema
of a table asset and fails on query assets, see DECISIONS.md), so each mart is read in
full, read-only, through DuckDB's Arrow export into a pandas DataFrame and validated with
GX's pandas data source: the expectations run on every row of the real tables.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from marketseg.dbt import PROJECT_DIR
from marketseg.quality.suites import BUILD_VARS, Facts, build_suites
from marketseg.warehouse import REBUILD, WarehouseError, open_warehouse

MARTS_SCHEMA = "marts"
AUDIT_SCHEMA = "audit"


@dataclass
class Failure:
    mart: str
    column: str
    expectation: str
    severity: str
    detail: str

    def __str__(self) -> str:
        return f"{self.mart}.{self.column}: {self.expectation} failed ({self.detail})"


@dataclass
class QualityReport:
    expectations: int = 0
    passed: int = 0
    failures: list[Failure] = field(default_factory=list)
    docs_index: Path | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "critical"]

    @property
    def warnings(self) -> list[Failure]:
        return [f for f in self.failures if f.severity != "critical"]


def project_vars(project_dir: Path = PROJECT_DIR) -> dict:
    """The vars dbt_project.yml sets (their defaults)."""
    return yaml.safe_load((project_dir / "dbt_project.yml").read_text()).get("vars") or {}


def read_facts(connection: duckdb.DuckDBPyConnection) -> Facts:
    """The previous run's row counts, the segments segment_kpis reports, the segment models
    of the catalogue and the vars of the build (dbt_project.yml's for a warehouse built
    before the build kept them)."""
    facts = Facts()
    tables = {
        (schema, name)
        for schema, name in connection.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    if (AUDIT_SCHEMA, "previous_mart_row_counts") in tables:
        facts.previous_row_counts = dict(
            connection.execute(
                f"select mart, rows_count from {AUDIT_SCHEMA}.previous_mart_row_counts"
            ).fetchall()
        )
    if (MARTS_SCHEMA, "segment_kpis") in tables:
        for family, segment_key in connection.execute(
            f"select distinct segment_family, segment_key from {MARTS_SCHEMA}.segment_kpis "
            "where member_kind = 'buyer' order by 1, 2"
        ).fetchall():
            facts.segment_keys.setdefault(family, []).append(segment_key)
    if (MARTS_SCHEMA, "segment_catalogue") in tables:
        facts.catalogue_models = [
            model
            for (model,) in connection.execute(
                f"select segment_model from {MARTS_SCHEMA}.segment_catalogue order by 1"
            ).fetchall()
        ]
    build_vars = project_vars()
    if (AUDIT_SCHEMA, "build_vars") in tables:
        build_vars.update(
            connection.execute(
                f"select var_name, var_value from {AUDIT_SCHEMA}.build_vars"
            ).fetchall()
        )
    facts.build_vars = {name: float(build_vars[name]) for name in BUILD_VARS if name in build_vars}
    return facts


def describe(result) -> tuple[str, str]:
    """(column, what was found and what was expected) of a failed expectation result."""
    config = result.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in {"batch_id", "condition_parser"}}
    column = kwargs.pop("column", None) or ",".join(kwargs.pop("column_list", [])) or "(table)"
    found = result.result or {}
    if result.exception_info and result.exception_info.get("raised_exception"):
        detail = f"error: {result.exception_info.get('exception_message')}"
    elif found.get("partial_missing_list"):
        detail = f"missing {', '.join(map(str, found.get('partial_missing_list') or []))}"
    elif found.get("unexpected_count") is not None:
        sample = [str(v) for v in (found.get("partial_unexpected_list") or [])[:5]]
        detail = f"{found['unexpected_count']} of {found.get('element_count')} rows unexpected" + (
            f", e.g. {', '.join(sample)}" if sample else ""
        )
    else:
        detail = f"observed {found.get('observed_value')}"
    return column, f"{detail}; expected {expected(kwargs)}"


def expected(kwargs: dict) -> str:
    """The expectation's arguments, short: long value sets cut, row conditions as text."""
    parts = []
    for name, value in kwargs.items():
        text = str(value)
        if value is None:
            continue
        if name == "row_condition" and isinstance(value, dict):
            text = f"{value['column']['name']} {value['operator']} {value['parameter']}"
        elif isinstance(value, list) and len(value) > 6:
            text = f"[{', '.join(map(str, value[:6]))}, ... {len(value)} values]"
        parts.append(f"{name}={text}")
    return ", ".join(parts) or "as configured"


def run_quality(warehouse: Path, docs_dir: Path) -> QualityReport:
    """Validate every mart of `warehouse`; write the Data Docs to `docs_dir`."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.ERROR)
    started = time.monotonic()
    report = QualityReport()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        site_name="marketseg",
        site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
        },
    )
    source = context.data_sources.add_pandas(MARTS_SCHEMA)
    with open_warehouse(warehouse) as connection:
        facts = read_facts(connection)
        built = {
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [MARTS_SCHEMA],
            ).fetchall()
        }
        if not built:
            raise WarehouseError(f"the build of {warehouse} did not finish (no marts): {REBUILD}")
        for mart, expectations in build_suites(facts).items():
            if mart not in built:
                report.expectations += 1
                report.failures.append(
                    Failure(mart, "(table)", "mart exists", "critical", "not in the warehouse")
                )
                continue
            frame = connection.execute(f"select * from {MARTS_SCHEMA}.{mart}").df()
            suite = context.suites.add(gx.ExpectationSuite(name=mart, expectations=expectations))
            batch = source.add_dataframe_asset(mart).add_batch_definition_whole_dataframe(mart)
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=mart, data=batch, suite=suite)
            )
            checkpoint = context.checkpoints.add(
                gx.Checkpoint(
                    name=mart,
                    validation_definitions=[definition],
                    actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
                )
            )
            outcome = checkpoint.run(batch_parameters={"dataframe": frame})
            for validation in outcome.run_results.values():
                for result in validation.results:
                    report.expectations += 1
                    if result.success:
                        report.passed += 1
                        continue
                    column, detail = describe(result)
                    report.failures.append(
                        Failure(
                            mart,
                            column,
                            result.expectation_config.type,
                            str(result.expectation_config.severity.value),
                            detail,
                        )
                    )
    index = docs_dir / "index.html"
    report.docs_index = index if index.exists() else None
    report.seconds = time.monotonic() - started
    return report
