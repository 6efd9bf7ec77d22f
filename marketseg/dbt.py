"""Run dbt from Python through `dbtRunner`, one invocation at a time."""

from __future__ import annotations

import json
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


class DbtError(RuntimeError):
    """A dbt invocation failed; the message names the failing nodes."""


def run_dbt(
    args: list[str],
    project_dir: Path = PROJECT_DIR,
    warehouse: Path | None = None,
    dbt_vars: dict | None = None,
) -> object:
    """Invoke dbt in `project_dir` (profiles.yml there); raise DbtError on failure."""
    from dbt.cli.main import dbtRunner

    full = [*args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    if dbt_vars:
        full += ["--vars", json.dumps(dbt_vars)]
    previous = os.environ.get("MARKETSEG_DUCKDB_PATH")
    if warehouse is not None:
        os.environ["MARKETSEG_DUCKDB_PATH"] = str(warehouse)
    try:
        result = dbtRunner().invoke(full)
    finally:
        _release_duckdb()
        if previous is None:
            os.environ.pop("MARKETSEG_DUCKDB_PATH", None)
        else:
            os.environ["MARKETSEG_DUCKDB_PATH"] = previous
    if not result.success:
        failures = []
        if result.result is not None and hasattr(result.result, "results"):
            failures = [
                f"{r.node.unique_id}: {r.message}"
                for r in result.result.results
                if str(r.status) in {"error", "fail"}
            ]
        detail = "; ".join(failures) or str(result.exception)
        raise DbtError(f"dbt {' '.join(args)} failed: {detail}")
    return result.result


def _release_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in-process after a run.

    Otherwise this process cannot open the warehouse again with another configuration
    (read-only readers, the quality checkpoint) until it exits.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter
        return
    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None
