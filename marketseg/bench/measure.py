"""Run a command and measure its wall time and the peak memory of its process tree."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import psutil
except ImportError:  # optional (the `bench` extra): /usr/bin/time measures instead
    psutil = None

SAMPLE_SECONDS = 0.2
TIME_BINARY = "/usr/bin/time"


@dataclass(frozen=True)
class Measured:
    """What one command took: wall seconds, peak resident memory and how it was measured."""

    seconds: float
    peak_bytes: int
    method: str
    returncode: int


def run_measured(command: list[str], env: dict[str, str], log: Path) -> Measured:
    """Run `command` with its output in `log`; the peak RSS of its process tree.

    With psutil: the sum of the resident memory of the process and all its children,
    sampled every SAMPLE_SECONDS (a peak shorter than that can be missed). Without it:
    `/usr/bin/time -v`'s maximum resident set size of the command's own process (for dbt,
    the process that holds DuckDB).
    """
    if psutil is None:
        return _run_with_time(command, env, log)
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = _Sampler(process.pid)
        peak.start()
        returncode = process.wait()
        seconds = time.perf_counter() - started
        peak.stop()
    return Measured(seconds, peak.peak, "psutil: process tree RSS, sampled", returncode)


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self._pid = pid
        self._done = threading.Event()
        self.peak = 0

    def run(self) -> None:
        try:
            root = psutil.Process(self._pid)
        except psutil.NoSuchProcess:
            return
        while not self._done.is_set():
            total = 0
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for process in processes:
                try:
                    total += process.memory_info().rss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self.peak = max(self.peak, total)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _run_with_time(command: list[str], env: dict[str, str], log: Path) -> Measured:
    with tempfile.NamedTemporaryFile("r", suffix=".time", dir=log.parent) as report:
        with log.open("w") as out:
            started = time.perf_counter()
            returncode = subprocess.call(
                [TIME_BINARY, "-v", "-o", report.name, *command],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            seconds = time.perf_counter() - started
        text = Path(report.name).read_text()
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    peak = int(match.group(1)) * 1024 if match else 0
    return Measured(seconds, peak, "/usr/bin/time -v: maximum RSS of the process", returncode)


def environment(**values: str) -> dict[str, str]:
    """This process's environment with `values` set."""
    return {**os.environ, **values}
