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
