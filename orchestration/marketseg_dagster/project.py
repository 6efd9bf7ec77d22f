"""The dbt project that the assets come from, its manifest and the dbt executable."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject
from dagster_dbt.dbt_project import using_dagster_dev

from marketseg.dbt import run_dbt

PROJECT_DIR = Path(__file__).resolve().parents[2]
# the dbt of this Python environment (the project's .venv), whether or not it is activated
DBT_EXECUTABLE = (
    str(Path(sys.executable).parent / "dbt")
    if (Path(sys.executable).parent / "dbt").exists()
    else (shutil.which("dbt") or "dbt")
)

# the manifest lives apart from the one `dbt` and `marketseg` write in target/, so that a
# dbt command run by hand never changes what Dagster loaded
marketseg_project = DbtProject(
    project_dir=PROJECT_DIR,
    profiles_dir=PROJECT_DIR,
    target_path=Path("target") / "dagster",
)
# `dagster dev` parses at every start, to pick up changes to the dbt project; a fresh clone
# parses once (no warehouse or raw data needed)
if using_dagster_dev() or not marketseg_project.manifest_path.exists():
    run_dbt(["parse", "--quiet", "--target-path", str(marketseg_project.target_path)])
