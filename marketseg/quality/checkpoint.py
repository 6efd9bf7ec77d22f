"""Run the suites on the marts of a DuckDB warehouse and build the Data Docs.

GX's SQL data source cannot read this warehouse (with duckdb-engine it drops the schema
of a table asset and fails on query assets, see DECISIONS.md), so each mart is read in
full, read-only, through DuckDB's Arrow export into a pandas DataFrame and validated with
GX's pandas data source: the expectations run on every row of the real tables. The checks
across relations (checks.py) run as SQL in the build warehouse; GX validates their result
(no violation expected). Drift compares with the last published build, the serving file
(`serving_path()`), read-only; without one (a first publish) the report says that there
was nothing to compare.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import great_expectations as gx
import yaml
from great_expectations.data_context.types.base import ProgressBarsConfig

from marketseg.dbt import PROJECT_DIR
from marketseg.quality.checks import Check, build_checks
from marketseg.quality.suites import BUILD_VARS, Facts, build_suites, stage_share_drift
from marketseg.warehouse import REBUILD, WarehouseError, open_warehouse, serving_path

MARTS_SCHEMA = "marts"
AUDIT_SCHEMA = "audit"
# a value set longer than this is cut in the report (its first values and the count)
SHOWN_VALUES = 6


@dataclass
class Failure:
    mart: str
    column: str
    expectation: str
    severity: str
    detail: str
    reason: str = ""

    def __str__(self) -> str:
        text = f"{self.mart}.{self.column}: {self.expectation} failed ({self.detail})"
        return f"{text}; {self.reason}" if self.reason else text


@dataclass
class QualityReport:
    expectations: int = 0
    passed: int = 0
    failures: list[Failure] = field(default_factory=list)
    docs_index: Path | None = None
    seconds: float = 0.0
    # what the report says besides the expectations (e.g. that drift had nothing to compare)
    notes: list[str] = field(default_factory=list)

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
    """The segments segment_kpis reports, the segment models of the catalogue and the vars
    of the build (dbt_project.yml's for a warehouse built before the build kept them)."""
    facts = Facts()
    tables = {
        (schema, name)
        for schema, name in connection.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
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


def read_published(serving: Path, facts: Facts) -> bool:
    """Fill `facts` with the row count of every mart and the stage counts of the published
    build at `serving`; False when nothing is published there yet."""
    if not serving.exists():
        return False
    fix = "set MARKETSEG_SERVING_PATH to the file `marketseg publish` writes, or remove it"
    try:
        connection = duckdb.connect(str(serving), read_only=True)
    except duckdb.Error as error:
        raise WarehouseError(
            f"cannot read the published build {serving} to compare with "
            f"({str(error).splitlines()[0]}): {fix}"
        ) from None
    with connection:
        marts = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [MARTS_SCHEMA],
            ).fetchall()
        ]
        if "buyer_segments" not in marts:
            raise WarehouseError(
                f"the published build {serving} has no marts.buyer_segments: {fix}"
            )
        facts.published_row_counts = {
            name: connection.execute(f'select count(*) from {MARTS_SCHEMA}."{name}"').fetchone()[0]
            for name in marts
        }
        facts.published_stage_counts = dict(
            connection.execute(
                f"select lifecycle_stage, count(*) from {MARTS_SCHEMA}.buyer_segments"
                " where lifecycle_stage is not null group by 1"
            ).fetchall()
        )
    return True


def built_stages(connection: duckdb.DuckDBPyConnection, facts: Facts) -> list[str]:
    """The lifecycle stages of this build's buyer_segments and of the published one."""
    built = connection.execute(
        f"select distinct lifecycle_stage from {MARTS_SCHEMA}.buyer_segments"
        " where lifecycle_stage is not null"
    ).fetchall()
    return sorted({stage for (stage,) in built} | set(facts.published_stage_counts or {}))


def stage_shares(connection: duckdb.DuckDBPyConnection, stages: list[str]):
    """One row per lifecycle stage of `stages` (0 without buyers): its share of buyers in
    this build's buyer_segments."""
    listed = ", ".join(f"('{stage}')" for stage in stages)
    return connection.execute(
        f"""
        with stages as (select * from (values {listed}) as stages (lifecycle_stage)),
        counted as (
            select lifecycle_stage, count(*) as buyers_count
            from {MARTS_SCHEMA}.buyer_segments group by 1
        )
        select
            stages.lifecycle_stage,
            coalesce(counted.buyers_count, 0) as buyers_count,
            coalesce(counted.buyers_count, 0)
                / (select greatest(count(*), 1) from {MARTS_SCHEMA}.buyer_segments) as pct_buyers
        from stages
        left join counted on stages.lifecycle_stage = counted.lifecycle_stage
        order by 1
        """
    ).df()


def check_detail(check: Check, frame) -> str:
    """How many violations the check found, and the first of them."""
    sample = "; ".join(f"{row.subject}: {row.problem}" for row in frame.head(3).itertuples())
    more = f", e.g. {sample}" if sample else ""
    plural = "" if len(frame) == 1 else "s"
    return f"{len(frame)} violation{plural}{more}; expected none"


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
        elif isinstance(value, list) and len(value) > SHOWN_VALUES:
            shown = ", ".join(map(str, value[:SHOWN_VALUES]))
            text = f"[{shown}, ... {len(value)} values]"
        parts.append(f"{name}={text}")
    return ", ".join(parts) or "as configured"


class GateRun:
    """One run of the gate: GX's ephemeral context, its Data Docs site, the report."""

    def __init__(self, docs_dir: Path) -> None:
        for name in ("great_expectations", "great_expectations.data_context.types.base"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.report = QualityReport()
        self.docs_dir = docs_dir
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
        docs_dir.mkdir(parents=True, exist_ok=True)
        self.context.add_data_docs_site(
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
        self.source = self.context.data_sources.add_pandas(MARTS_SCHEMA)

    def validate(self, name: str, frame, expectations: list) -> list:
        """Run the expectations on the frame as one checkpoint (its own Data Docs page)."""
        context = self.context
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        batch = self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=name,
                validation_definitions=[definition],
                # the Data Docs are built once, after every checkpoint ran (rebuilding the
                # site after each one took most of the gate's time)
                actions=[],
            )
        )
        outcome = checkpoint.run(batch_parameters={"dataframe": frame})
        results = [r for v in outcome.run_results.values() for r in v.results]
        self.report.expectations += len(results)
        self.report.passed += sum(1 for r in results if r.success)
        return [r for r in results if not r.success]

    def fail(self, mart: str, result, column: str | None = None, detail: str | None = None):
        config = result.expectation_config
        found_column, found_detail = describe(result)
        self.report.failures.append(
            Failure(
                mart,
                column or found_column,
                config.type,
                str(config.severity.value),
                detail or found_detail,
                config.notes or "",
            )
        )

    def check(self, name: str, frame, expectations: list, mart: str | None = None) -> None:
        for result in self.validate(name, frame, expectations):
            self.fail(mart or name, result)

    def validate_marts(self, connection, facts: Facts, built: set[str]) -> None:
        """Each mart's suite; a mart missing from the build fails as a critical."""
        for mart, expectations in build_suites(facts).items():
            if mart not in built:
                self.report.expectations += 1
                self.report.failures.append(
                    Failure(mart, "(table)", "mart exists", "critical", "not in the warehouse")
                )
                continue
            frame = connection.execute(f"select * from {MARTS_SCHEMA}.{mart}").df()
            self.check(mart, frame, expectations)

    def validate_stage_drift(self, connection, facts: Facts, built: set[str]) -> None:
        stages = built_stages(connection, facts) if "buyer_segments" in built else []
        drift = stage_share_drift(facts, stages)
        if drift:
            shares = stage_shares(connection, stages)
            self.check("buyer_segments_stage_shares", shares, drift)

    def validate_checks(self, connection, facts: Facts) -> None:
        """The checks across relations (checks.py): each expects no violating row."""
        for check in build_checks(facts.build_vars):
            frame = connection.execute(check.sql).df()
            expectation = gx.expectations.ExpectTableRowCountToEqual(
                value=0,
                severity=check.severity,
                description=f"{check.description} ({check.reason})",
                notes=check.reason,
            )
            for result in self.validate(f"{check.mart}.{check.name}", frame, [expectation]):
                self.fail(check.mart, result, check.name, check_detail(check, frame))

    def finish(self, started: float) -> QualityReport:
        self.context.build_data_docs()
        index = self.docs_dir / "index.html"
        self.report.docs_index = index if index.exists() else None
        self.report.seconds = time.monotonic() - started
        return self.report


def built_marts(connection, warehouse: Path) -> set[str]:
    built = {
        name
        for (name,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [MARTS_SCHEMA],
        ).fetchall()
    }
    if not built:
        raise WarehouseError(f"the build of {warehouse} did not finish (no marts): {REBUILD}")
    return built


def run_quality(warehouse: Path, docs_dir: Path, serving: Path | None = None) -> QualityReport:
    """Validate every mart of `warehouse` and the checks across its relations, compare it
    with the published build at `serving` (default: `serving_path()`); write the Data Docs
    to `docs_dir`."""
    started = time.monotonic()
    serving = serving_path() if serving is None else serving
    gate = GateRun(docs_dir)
    with open_warehouse(warehouse) as connection:
        built = built_marts(connection, warehouse)
        facts = read_facts(connection)
        if read_published(serving, facts):
            gate.report.notes.append(f"drift: compared with the published build {serving}")
        else:
            gate.report.notes.append(
                f"drift: nothing to compare, no published build at {serving} (a first "
                "publish): row counts and stage shares were not compared"
            )
        gate.validate_marts(connection, facts, built)
        gate.validate_stage_drift(connection, facts, built)
        gate.validate_checks(connection, facts)
    return gate.finish(started)


# where `marketseg quality --target spark` copies the Spark build (marketseg.spark)
SPARK_COPY = PROJECT_DIR / "target" / "quality" / "spark_marts.duckdb"


def copy_spark_build(path: Path) -> int:
    """Copy from the `spark` target what the gate reads (the marts, the audit's build vars
    and build outcome, every relation the checks name) into the DuckDB file `path`, through
    Arrow; the number of relations copied. WarehouseError when the last dbt build on Spark
    did not succeed (the marts would be an older build's), SparkTargetError when Spark
    cannot be read."""
    from marketseg.publish import read_outcome
    from marketseg.spark import SparkTargetError, copy_to_duckdb, gate_relations, spark_session

    defaults = project_vars()
    checks = build_checks({name: float(defaults[name]) for name in BUILD_VARS if name in defaults})
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        spark = spark_session()
    except SparkTargetError:
        raise
    except Exception as error:  # Java missing, the metastore held by a running dbt, ...
        raise SparkTargetError(f"cannot start Spark: {str(error).splitlines()[0]}") from None
    try:
        relations = gate_relations(spark, [check.sql for check in checks])
        if not any(schema == "marts" for schema, _ in relations):
            raise WarehouseError(
                "the Spark build holds no marts: run `MARKETSEG_TARGET=spark dbt build` first"
            )
        copied = copy_to_duckdb(spark, relations, path)
    except WarehouseError:
        raise
    except Exception as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SparkTargetError(f"cannot read the Spark build: {message}") from None
    finally:
        spark.stop()
    with duckdb.connect() as connection:
        connection.execute(f"attach '{path}' as build (read_only)")
        outcome = read_outcome(connection, "build")
    if outcome is None or outcome.status != "success" or outcome.dbt_command != "build":
        state = "none" if outcome is None else f"{outcome.dbt_command} {outcome.status}"
        raise WarehouseError(
            f"the last dbt build on Spark did not succeed (recorded: {state}): its marts may be "
            "an older build's; run `MARKETSEG_TARGET=spark dbt build` and fix its first error"
        )
    return copied
