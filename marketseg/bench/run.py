"""`marketseg bench`: measure the full build, a one-day incremental run and the
hand-written equivalents on the same data, in one run (issue #14, docs/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import duckdb

from marketseg.bench import data, purchases, timing
from marketseg.bench.data import BenchError
from marketseg.bench.measure import Measured, environment, run_measured
from marketseg.bench.report import check_markdown_owned, write_atomic, write_markdown
from marketseg.dbt import PROJECT_DIR

DAILY_SELECTOR = "daily"
DEFAULT_SEED = 42
THREADS = "2"


@dataclass(frozen=True)
class BenchOptions:
    buyers: int
    work: Path
    out: Path
    raw: Path | None = None
    seed: int = DEFAULT_SEED
    sellers: int | None = None
    memory_limit: str = "6GB"
    unit_tests: bool = False
    sample: int = 100_000


@dataclass
class _Run:
    """What every step of one bench run shares."""

    options: BenchOptions
    work: Path
    say: Callable[[str], None]
    landed: Path = Path()
    report: dict = field(default_factory=dict)

    @property
    def warehouse(self) -> Path:
        return self.work / f"bench_{self.options.buyers}.duckdb"

    @property
    def target(self) -> Path:
        return self.work / "target"

    @property
    def temp(self) -> Path:
        return self.work / "tmp"

    def env(self) -> dict[str, str]:
        return environment(
            MARKETSEG_DUCKDB_PATH=str(self.warehouse),
            MARKETSEG_DUCKDB_MEMORY_LIMIT=self.options.memory_limit,
            MARKETSEG_DUCKDB_TEMP_DIR=str(self.temp),
            MARKETSEG_THREADS=THREADS,
        )

    def dbt(self, args: list[str], log_name: str) -> Measured:
        """Run dbt in a child process on the landed folder; its wall time and peak memory."""
        dbt = Path(sys.executable).with_name("dbt")
        command = [
            str(dbt) if dbt.is_file() else "dbt", *args,
            "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--target-path", str(self.target), "--log-path", str(self.work / "logs"),
            "--vars", json.dumps({"raw_path": str(self.landed)}),
        ]  # fmt: skip
        data.reset_folder(self.temp)
        log = self.work / log_name
        measured = run_measured(command, self.env(), log)
        if measured.returncode != 0:
            tail = "\n".join(log.read_text().splitlines()[-15:])
            raise BenchError(f"dbt {' '.join(args)} failed (log: {log}):\n{tail}")
        return measured


def run_bench(options: BenchOptions, say: Callable[[str], None] = print) -> dict:
    """Every step in order; the report (also written as JSON and markdown)."""
    work = options.work.resolve()
    check_markdown_owned(options.out)  # before hours of work, not after
    data.claim_work(work)
    run = _Run(options, work, say)
    run.report = {
        "buyers": options.buyers,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "memory_limit": options.memory_limit,
    }
    layout = data.scan(_raw_folder(run))
    run.landed = work / f"landed_{options.buyers}"
    files = data.prepare_landed(layout, run.landed)
    run.report["raw"] = {
        "path": str(layout.root),
        "daily_partitions": bool(layout.last_day),
        "last_landed_day": str(layout.last_day) if layout.last_day else None,
        "rows_full_build": data.parquet_rows(files),
    }
    data.remove_file(run.warehouse)
    shutil.rmtree(run.target, ignore_errors=True)

    rows = _full_build(run)
    data.prepare_flat(layout, files, work / f"flat_{options.buyers}")
    alone = _events_path_alone(run, timing.events_path(rows)["models"])
    run.report["handwritten"] = _handwritten(run, alone)
    say("purchase metrics: project, pandas, lifetimes ...")
    run.report["purchase_metrics"] = purchases.compare(
        run.warehouse, timing.models_seconds(rows, purchases.PROJECT_MODELS), options.sample
    )
    run.report["incremental"] = _incremental(run, layout)
    run.report["machine"] = machine()
    write_atomic(
        work / f"bench_{options.buyers}.json",
        json.dumps(run.report, indent=1, default=str) + "\n",
    )
    write_markdown(options.out, run.report)
    return run.report


def _raw_folder(run: _Run) -> Path:
    options = run.options
    if options.raw is not None:
        raw = options.raw.resolve()
        if not raw.is_dir():
            raise BenchError(f"--raw {raw} is not a folder")
        run.report["generated"] = "no: --raw"
        return raw
    raw = run.work / f"raw_{options.buyers}"
    run.say(f"data: {raw} ...")
    generated = data.generate(raw, options.buyers, options.seed, options.sellers)
    run.report["generated"] = "yes" if generated else "reused (manifest matches buyers and seed)"
    run.report["seed"] = options.seed
    return raw


def _full_build(run: _Run) -> list[dict]:
    raw_rows = run.report["raw"]["rows_full_build"]
    run.say(f"full build on {raw_rows:,} raw rows ...")
    args = ["build", "--full-refresh"]
    if not run.options.unit_tests:
        args += ["--exclude", "test_type:unit"]
    measured = run.dbt(args, "dbt_full.log")
    figures = _dbt_figures(measured, run.target, raw_rows)
    figures["command"] = "dbt " + " ".join(args)
    figures["unit_tests"] = "included" if run.options.unit_tests else "excluded"
    run.report["full_build"] = figures
    return timing.node_times(run.target)


def _dbt_figures(measured: Measured, target: Path, raw_rows: int) -> dict:
    rows = timing.node_times(target)
    return {
        "wall_seconds": round(measured.seconds, 1),
        "dbt_elapsed_seconds": round(timing.elapsed(target), 1),
        "peak_memory_bytes": measured.peak_bytes,
        "peak_memory_method": measured.method,
        "raw_rows": raw_rows,
        "rows_per_second": round(raw_rows / measured.seconds) if measured.seconds else None,
        "nodes": len(rows),
        "layers": timing.by_layer(rows),
        "top_models": timing.top_models(rows),
        "events_path": timing.events_path(rows),
        "predictions": timing.predictions(rows),
    }


def _events_path_alone(run: _Run, models: list[str]) -> dict:
    """The project's events path rebuilt alone (`dbt run --full-refresh --threads 1`), so
    that each model has both cores as the hand-written queries do: in the full build, two
    dbt threads share them and the models' summed times count the other thread's work."""
    run.say("events path alone (one dbt thread) ...")
    args = ["run", "--full-refresh", "--threads", "1", "--select", " ".join(models)]
    run.dbt(args, "dbt_events_path.log")
    rows = [row for row in timing.node_times(run.target) if row["name"] in models]
    return {
        "seconds": round(sum(row["seconds"] for row in rows), 2),
        "models": sorted(row["name"] for row in rows),
        "command": "dbt " + " ".join(args),
    }


def _handwritten(run: _Run, project: dict) -> dict:
    """The hand-written DuckDB events path on the files of the full build, in a child
    process (it globs `<table>/*.parquet`: it reads the flat links to them)."""
    run.say("hand-written DuckDB events path ...")
    out = run.work / "handwritten.json"
    log = run.work / "handwritten.log"
    data.reset_folder(run.temp)
    command = [
        sys.executable, "-m", "marketseg.bench.handwritten_child",
        str(run.work / f"flat_{run.options.buyers}"),
        str(run.temp), run.options.memory_limit, THREADS, str(out),
    ]  # fmt: skip
    measured = run_measured(command, environment(), log)
    if measured.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-15:])
        raise BenchError(f"the hand-written events path failed (log: {log}):\n{tail}")
    result = json.loads(out.read_text())
    seconds = float(result["seconds"])
    with duckdb.connect(str(run.warehouse), read_only=True) as connection:
        (project_sessions,) = connection.execute(
            "select count(*) from intermediate.int_sessions"
        ).fetchone()
    return {
        "status": "measured",
        "seconds": round(seconds, 1),
        "process_seconds": round(measured.seconds, 1),
        "peak_memory_bytes": measured.peak_bytes,
        "sessions": int(result["sessions"]),
        "project_sessions": int(project_sessions),
        "project_events_path_seconds": project["seconds"],
        "project_events_path_models": project["models"],
        "project_events_path_command": project["command"],
        "ratio": round(project["seconds"] / seconds, 2) if seconds > 0 else None,
    }


def _incremental(run: _Run, layout: data.RawLayout) -> dict:
    """The last landed day linked in, then the daily selection."""
    if layout.last_day is None:
        return {"status": "not run: the raw folder has no daily partitions (landed_date=...)"}
    new_rows = data.parquet_rows(data.land_last_day(layout, run.landed))
    args = ["build", "--selector", DAILY_SELECTOR]
    run.say(f"one-day incremental run ({layout.last_day}, {new_rows:,} new raw rows) ...")
    measured = run.dbt(args, "dbt_daily.log")
    figures = _dbt_figures(measured, run.target, new_rows)
    figures["status"] = "measured"
    figures["day"] = str(layout.last_day)
    figures["command"] = "dbt " + " ".join(args)
    full = run.report["full_build"]["wall_seconds"]
    figures["share_of_full_build"] = round(measured.seconds / full, 3) if full else None
    return figures


def machine() -> dict:
    """Cores, CPU, memory, OS and the versions the figures depend on."""
    memory = None
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": cores,
        "cpu": cpu,
        "memory_bytes": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt_core": version("dbt-core"),
        "dbt_duckdb": version("dbt-duckdb"),
    }
