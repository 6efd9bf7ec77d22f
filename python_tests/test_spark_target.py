"""The parts of the Spark target that run without Spark (docs/spark.md): the session's
settings come from profiles.yml, and the copy the gate reads from a Spark build holds every
relation its checks need. `make test-spark` runs the Spark build itself."""

from __future__ import annotations

from pathlib import Path

import duckdb

from marketseg.cli import main
from marketseg.quality import run_quality
from marketseg.quality.checkpoint import project_vars
from marketseg.quality.checks import build_checks
from marketseg.quality.suites import BUILD_VARS
from marketseg.spark import RELATION_PATTERN, session_parameters


def test_the_session_takes_profiles_settings_and_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("MARKETSEG_SPARK_MASTER", raising=False)
    monkeypatch.setenv("MARKETSEG_SPARK_WAREHOUSE", "/srv/spark")
    parameters = session_parameters()
    assert parameters["spark.master"] == "local[2]"
    assert parameters["spark.sql.warehouse.dir"] == "/srv/spark/tables"
    assert parameters["spark.driver.extraJavaOptions"] == "-Dderby.system.home=/srv/spark/metastore"
    assert parameters["spark.sql.decimalOperations.allowPrecisionLoss"] == "false"
    assert parameters["spark.sql.session.timeZone"] == "UTC"
    monkeypatch.setenv("MARKETSEG_SPARK_MASTER", "local[1]")
    assert session_parameters()["spark.master"] == "local[1]"


def gate_copy(warehouse: Path, copy: Path) -> list[tuple[str, str]]:
    """What `marketseg quality --target spark` copies (marketseg.spark.gate_relations),
    taken from a DuckDB build instead of a Spark one."""
    defaults = project_vars()
    checks = build_checks({name: float(defaults[name]) for name in BUILD_VARS if name in defaults})
    with duckdb.connect(str(warehouse), read_only=True) as source:
        wanted = {
            (schema, name)
            for schema, name in source.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema = 'marts'"
            ).fetchall()
        }
        for check in checks:
            wanted.update(RELATION_PATTERN.findall(check.sql))
        wanted.add(("audit", "build_vars"))
    with duckdb.connect(str(copy)) as connection:
        connection.execute(f"attach '{warehouse}' as source (read_only)")
        for schema, name in sorted(wanted):
            connection.execute(f"create schema if not exists {schema}")
            connection.execute(f"create table {schema}.{name} as from source.{schema}.{name}")
    return sorted(wanted)


def test_the_gate_reads_nothing_beyond_what_is_copied_from_spark(
    test_warehouse: Path, tmp_path: Path, monkeypatch
) -> None:
    """The gate over only the relations a Spark copy holds runs every expectation, with
    the result it has over the whole warehouse: no check reads a relation the copy lacks."""
    monkeypatch.setenv("MARKETSEG_SERVING_PATH", str(tmp_path / "none.duckdb"))
    copied = gate_copy(test_warehouse, tmp_path / "copy.duckdb")
    assert ("intermediate", "int_buyers_known") in copied
    assert ("staging", "stg_marketplace__order_versions") in copied
    whole = run_quality(test_warehouse, tmp_path / "docs_whole")
    part = run_quality(tmp_path / "copy.duckdb", tmp_path / "docs_copy")
    assert part.expectations == whole.expectations > 40
    assert [str(failure) for failure in part.failures] == [
        str(failure) for failure in whole.failures
    ]


def test_build_refuses_another_target_than_duckdb(monkeypatch, capsys) -> None:
    """`marketseg build` publishes the DuckDB warehouse: with MARKETSEG_TARGET=spark it would
    build and gate Spark, then publish an older DuckDB build."""
    monkeypatch.setenv("MARKETSEG_TARGET", "spark")
    assert main(["build"]) == 1
    error = capsys.readouterr().err
    assert "MARKETSEG_TARGET is 'spark'" in error
    assert "marketseg quality --target spark" in error


def test_the_gate_refuses_a_target_it_cannot_read(monkeypatch, capsys) -> None:
    monkeypatch.setenv("MARKETSEG_TARGET", "spark_thrift")
    assert main(["quality"]) == 1
    assert "MARKETSEG_TARGET is 'spark_thrift'" in capsys.readouterr().err
