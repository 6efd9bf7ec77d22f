"""`marketseg` run as a user runs it: a child process of this Python, from the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def run_marketseg(
    *args: str, env: dict | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "marketseg", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,
        timeout=timeout,
    )
