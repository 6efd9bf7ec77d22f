"""The dbt project that the assets come from, its manifest and the dbt executable."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

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
# parsed at every load, so the assets always match the dbt project as it is (a stale
# manifest would fail the run on the first model it does not know); dbt's partial parsing
# makes this a few seconds when nothing changed. No warehouse or raw data is needed.
run_dbt(["parse", "--quiet", "--target-path", str(marketseg_project.target_path)])
