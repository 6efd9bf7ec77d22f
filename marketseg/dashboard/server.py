"""`marketseg dashboard`: Streamlit's server over the serving file (docs/dashboard.md)."""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
from pathlib import Path

# the ASGI app: Streamlit's app.py and the Data Docs route (asgi.py)
APP = Path(__file__).parent / "asgi.py"
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
        # as Streamlit's server does: a port left in TIME_WAIT by a stopped dashboard is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as error:
            raise DashboardError(
                f"cannot listen on {address}:{port} ({error.strerror}): another program uses "
                "the port? pass --port another one"
            ) from None


def serve(serving: Path, port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> int:
    """Check, then become Streamlit's server (exec: a signal that stops this process stops
    the server, nothing is left behind); returns only when it cannot start."""
    check_can_start(serving, port, address)
    os.environ["MARKETSEG_SERVING_PATH"] = str(serving.resolve())
    print(
        f"dashboard of {serving.resolve()} on http://{address}:{port} (read-only; Ctrl-C stops it)",
        flush=True,
    )
    command = streamlit_command(port, address)
    os.execv(command[0], command)
    return 1  # not reached: execv replaces this process or raises OSError
