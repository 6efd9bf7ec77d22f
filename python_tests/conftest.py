"""Shared fixtures: the deterministic test marketplace and the warehouse built from it.

`make test` generates and builds them before pytest runs (paths in the environment);
run alone, pytest builds them itself, once per session.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest
from marketseg_cli import run_marketseg

from marketseg.contract import RAW_TABLES
from marketseg.dbt import run_dbt
from marketseg.generator import GeneratorConfig, write_marketplace

PROJECT = Path(__file__).resolve().parents[1]
TEST_CONFIG = GeneratorConfig(seed=7, buyers=2_000, sellers=60)
TEST_VARS = {"extracted_at": "2026-01-01 00:00:00"}


@pytest.fixture(scope="session")
def test_raw_path() -> Path:
    path = Path(os.environ.get("MARKETSEG_TEST_RAW_PATH", PROJECT / "target" / "test_raw"))
    if not all(any((path / table).glob("*.parquet")) for table in RAW_TABLES):
        write_marketplace(TEST_CONFIG, path, progress=False)
    return path


@pytest.fixture(scope="session")
def manifest_of_test_data(test_raw_path: Path) -> dict:
    return json.loads((test_raw_path / "_generator_manifest.json").read_text())


@pytest.fixture(scope="session")
def test_warehouse(test_raw_path: Path) -> Path:
    path = Path(
        os.environ.get("MARKETSEG_DUCKDB_PATH", PROJECT / "target" / "test_warehouse.duckdb")
    )
    if not path.exists():
        run_dbt(["build"], PROJECT, path, {"raw_path": str(test_raw_path), **TEST_VARS})
    return path


@pytest.fixture()
def warehouse(test_warehouse: Path):
    with duckdb.connect(str(test_warehouse), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="session")
def test_serving_file(test_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test build published to a serving file of its own (what the dashboard reads);
    the gate runs first when this session built the warehouse without it (`make test` runs
    it before pytest)."""
    folder = tmp_path_factory.mktemp("serving")
    serving = folder / "serving.duckdb"
    env = {
        **os.environ,
        "MARKETSEG_DUCKDB_PATH": str(test_warehouse),
        "MARKETSEG_SERVING_PATH": str(serving),
    }
    published = run_marketseg("publish", env=env)
    if published.returncode != 0:
        gate = run_marketseg("quality", "--docs-dir", str(folder / "docs"), env=env)
        assert gate.returncode == 0, gate.stdout + gate.stderr
        published = run_marketseg("publish", env=env)
    assert published.returncode == 0, published.stdout + published.stderr
    return serving


@pytest.fixture(scope="session")
def cdnow_serving_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CDNOW's sample (2,357 real customers, one seller, no sessions) built, gated and
    published by `marketseg build`, as of the end of the log."""
    folder = tmp_path_factory.mktemp("cdnow_serving")
    env = {
        **os.environ,
        "MARKETSEG_DUCKDB_PATH": str(folder / "build.duckdb"),
        "MARKETSEG_SERVING_PATH": str(folder / "serving.duckdb"),
        "MARKETSEG_RAW_PATH": str(folder / "raw"),
    }
    for step in (
        ("load-cdnow", "--out", str(folder / "raw"), "--sample"),
        ("build", "--vars", "{as_of_date: '1998-06-30'}", "--docs-dir", str(folder / "docs")),
    ):
        done = run_marketseg(*step, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    return folder / "serving.duckdb"
