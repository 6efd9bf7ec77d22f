"""`marketseg dashboard`: Streamlit's server over the serving file (docs/dashboard.md)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).parent / "app.py"
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"


class DashboardError(Exception):
    """The dashboard cannot start; the message says why and what to do."""


def streamlit_command(port: int, address: str) -> list[str]:
    """`streamlit run` of the app: no browser opened, no usage statistics, no file watcher,
    no developer menu (the dashboard is for reading)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--theme.base",
        "light",
    ]


def check_can_start(serving: Path, port: int, address: str) -> None:
    """DashboardError when Streamlit is missing, there is no serving file or the port is
    taken."""
    if importlib.util.find_spec("streamlit") is None:
        raise DashboardError(
            "Streamlit is not installed: `make dashboard` installs it (or "
            "`pip install -c constraints.txt -e '.[dashboard]'`)"
        )
    if not serving.is_file():
        raise DashboardError(
            f"no serving file at {serving}: run `make run` (or `marketseg build`) first, or "
            "set MARKETSEG_SERVING_PATH to a published serving file"
        )
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((address, port))
        except OSError as error:
            raise DashboardError(
                f"cannot listen on {address}:{port} ({error.strerror}): another program uses "
                "the port? pass --port another one"
            ) from None


def serve(serving: Path, port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> int:
    """Run the dashboard until it is stopped (Ctrl-C: 0); Streamlit's exit code otherwise."""
    check_can_start(serving, port, address)
    env = {**os.environ, "MARKETSEG_SERVING_PATH": str(serving.resolve())}
    print(
        f"dashboard of {serving.resolve()} on http://{address}:{port} (read-only; Ctrl-C stops it)",
        flush=True,
    )
    with subprocess.Popen(streamlit_command(port, address), env=env) as server:
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=10)
            return 0
