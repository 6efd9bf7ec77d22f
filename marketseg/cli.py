"""`marketseg`: the command line around the dbt project."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from marketseg.dbt import PROJECT_DIR

logger = logging.getLogger("marketseg")
WRITABLE = "pass --out a new or empty folder you can write to"
# exit codes of `marketseg build` (and of the step commands), documented in docs/serving.md
EXIT_LOCKED = 3  # the build warehouse is held by another process (before dbt: nothing ran)
EXIT_DBT_FAILED = 4  # dbt build failed (a model, a data test or a hook): nothing published
EXIT_GATE_FAILED = 5  # the quality gate failed: nothing published
# the builds `marketseg quality` reads: the DuckDB warehouse, a Spark build (docs/spark.md)
GATE_TARGETS = ("duckdb", "spark")
EXIT_NOT_PUBLISHABLE = 6  # publish: no build that passed its tests and the gate
EXIT_PUBLISH_FAILED = 7  # publish: the serving file could not be written (left unchanged)
MAX_PORT = 65535
MESSAGE_CHARS = 300  # at most, of dbt's error in `marketseg build`'s one-line message


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_PORT:
        raise argparse.ArgumentTypeError(f"not a port (1-{MAX_PORT}): {text}")
    return value


def _rate(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _yaml_mapping(text: str) -> dict:
    import yaml

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        raise argparse.ArgumentTypeError(f"not YAML: {text!r}") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"not a YAML mapping of var names to values: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marketseg", description="Marketplace segmentation: data generation and tooling."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    generate = commands.add_parser(
        "generate", help="write a synthetic marketplace in the raw Parquet contract"
    )
    generate.add_argument("--out", type=Path, required=True, help="folder to write the tables to")
    generate.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    generate.add_argument("--buyers", type=_positive_int, default=5_000, help="buyer accounts")
    generate.add_argument("--sellers", type=_positive_int, default=150, help="sellers")
    generate.add_argument("--start", type=_date, default=dt.date(2023, 1, 1), help="first day")
    generate.add_argument("--end", type=_date, default=dt.date(2025, 12, 31), help="last day")
    generate.add_argument(
        "--dirty-rate", type=_rate, default=0.01, help="share of defective rows (0-0.2)"
    )
    generate.add_argument(
        "--chunk-buyers", type=_positive_int, default=20_000, help="buyers simulated per chunk"
    )
    generate.add_argument(
        "--if-missing", action="store_true", help="do nothing if every table is already there"
    )
    generate.add_argument(
        "--daily-partitions",
        action="store_true",
        help="write <table>/landed_date=YYYY-MM-DD/part-0.parquet: each row on the day it "
        "lands, a few events and order lines 1-3 days late (docs/raw_data.md)",
    )
    generate.add_argument("--quiet", action="store_true", help="no progress bar")

    check_raw = commands.add_parser(
        "check-raw", help="check a raw folder holds every table (make run does, before dbt)"
    )
    check_raw.add_argument("--path", type=Path, required=True, help="the raw folder")

    cdnow = commands.add_parser(
        "load-cdnow", help="write the real CDNOW transaction log in the raw contract"
    )
    cdnow.add_argument("--out", type=Path, required=True, help="folder to write the tables to")
    cdnow.add_argument(
        "--source",
        type=Path,
        help="CDNOW_master.txt, or CDNOW_sample.txt with --sample (default: the copy shipped "
        "with lifetimes)",
    )
    cdnow.add_argument(
        "--sample",
        action="store_true",
        help="the 2,357-customer sample of the BG/NBD and Gamma-Gamma papers instead of the "
        "full log",
    )

    commands.add_parser("summary", help="list what the last build made and where the marts are")

    quality = commands.add_parser(
        "quality",
        help="run the Great Expectations checkpoint on the marts (MARKETSEG_DUCKDB_PATH)",
    )
    quality.add_argument(
        "--docs-dir",
        type=Path,
        default=PROJECT_DIR / "target" / "quality" / "data_docs",
        help="where to write the Data Docs (default: the project's target/quality/data_docs)",
    )
    quality.add_argument(
        "--target",
        choices=GATE_TARGETS,
        help="the dbt target whose marts to check (default MARKETSEG_TARGET, else duckdb); "
        "spark copies what the gate reads into target/quality/spark_marts.duckdb through Arrow",
    )

    commands.add_parser(
        "publish",
        help="copy the last build, if it passed its tests and the gate, into the serving file",
    )

    build = commands.add_parser(
        "build",
        help="dbt build, then the quality gate, then publish; stops at the first failing step",
    )
    build.add_argument(
        "--vars", type=_yaml_mapping, default=None, help="dbt vars, as YAML (as `dbt --vars`)"
    )
    build.add_argument(
        "--select", default=None, help="dbt selection (as `dbt build --select`); default all"
    )
    build.add_argument(
        "--docs-dir",
        type=Path,
        default=PROJECT_DIR / "target" / "quality" / "data_docs",
        help="where the quality gate writes the Data Docs (as `marketseg quality --docs-dir`)",
    )

    dashboard = commands.add_parser(
        "dashboard", help="open the segment dashboard over the serving file, read-only"
    )
    dashboard.add_argument(
        "--port", type=_port, default=8501, help="the port it listens on (default 8501)"
    )
    dashboard.add_argument(
        "--address",
        default="127.0.0.1",
        help="the address it listens on (default 127.0.0.1, this machine only; 0.0.0.0: all)",
    )

    bench = commands.add_parser(
        "bench",
        help="measure the full build, a one-day incremental run and hand-written equivalents",
    )
    bench.add_argument("--buyers", type=_positive_int, required=True, help="buyers to generate")
    bench.add_argument(
        "--raw", type=Path, default=None, help="read this raw folder instead of generating"
    )
    bench.add_argument(
        "--out",
        type=Path,
        default=PROJECT_DIR / "docs" / "benchmarks.md",
        help="the markdown report (default docs/benchmarks.md); its section for --buyers",
    )
    bench.add_argument(
        "--work",
        type=Path,
        default=PROJECT_DIR / "target" / "bench",
        help="the bench's folder: data, warehouse, logs, bench_<N>.json (default target/bench)",
    )
    bench.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    bench.add_argument(
        "--sellers", type=_positive_int, default=None, help="sellers (default: the generator's)"
    )
    bench.add_argument(
        "--memory-limit",
        default="6GB",
        help="DuckDB memory limit of the runs (default 6GB, the profile's)",
    )
    bench.add_argument(
        "--unit-tests", action="store_true", help="include the unit tests in the full build"
    )
    bench.add_argument(
        "--sample",
        type=_positive_int,
        default=100_000,
        help="buyers on which the purchase metrics are compared (default 100000)",
    )

    return parser


def run_bench(args: argparse.Namespace) -> int:
    from marketseg.bench.data import BenchError
    from marketseg.bench.report import text_table
    from marketseg.bench.run import BenchOptions
    from marketseg.bench.run import run_bench as bench

    options = BenchOptions(
        buyers=args.buyers,
        work=args.work,
        out=args.out,
        raw=args.raw,
        seed=args.seed,
        sellers=args.sellers,
        memory_limit=args.memory_limit,
        unit_tests=args.unit_tests,
        sample=args.sample,
    )
    try:
        report = bench(options)
    except BenchError as error:
        return fail("bench", str(error))
    print(text_table(report))
    print(f"written: {args.out} and {args.work / f'bench_{args.buyers}.json'}")
    return 0


def fail(command: str, message: str, code: int = 1) -> int:
    """Print a user's error as one line on stderr; return the exit code."""
    print(f"marketseg {command}: error: {message}", file=sys.stderr)
    return code


def _generate_if_missing(out: Path) -> int | None:
    """`--if-missing`: the exit code when nothing is to be written, else None."""
    from marketseg.raw_folder import RawFolderError, is_complete, is_owned, missing_tables

    try:
        if is_complete(out):
            print(f"raw data already in {out}: not regenerated")
            return 0
        if out.is_dir() and not is_owned(out):
            missing = ", ".join(missing_tables(out))
            return fail(
                "generate",
                f"{out} lacks raw table(s) {missing} and holds data the generator did "
                "not write: nothing was changed; add the missing table(s) to the export, or "
                "pass --out a new or empty folder",
            )
    except (RawFolderError, OSError) as error:
        return fail("generate", str(error))
    return None


def run_generate(args: argparse.Namespace) -> int:
    from marketseg.generator import GeneratorConfig, write_marketplace
    from marketseg.raw_folder import RawFolderError

    if args.if_missing:
        done = _generate_if_missing(args.out)
        if done is not None:
            return done
    try:
        config = GeneratorConfig(
            seed=args.seed,
            buyers=args.buyers,
            sellers=args.sellers,
            start=args.start,
            end=args.end,
            dirty_rate=args.dirty_rate,
            chunk_buyers=args.chunk_buyers,
        )
    except ValueError as error:
        return fail("generate", str(error), 2)
    try:
        report = write_marketplace(
            config, args.out, progress=not args.quiet, daily_partitions=args.daily_partitions
        )
    except RawFolderError as error:
        return fail("generate", str(error))
    except OSError as error:
        return fail("generate", f"cannot write to {args.out} ({error.strerror}): {WRITABLE}")
    total = sum(report.rows.values())
    print(f"wrote {total:,} rows to {report.out} in {report.seconds:.1f} s")
    for name, rows in report.rows.items():
        print(f"  {name:<16} {rows:>12,}")
    return 0


def run_check_raw(args: argparse.Namespace) -> int:
    from marketseg.raw_folder import RawFolderError, check_complete

    try:
        check_complete(args.path)
    except RawFolderError as error:
        return fail("check-raw", str(error))
    print(f"raw data in {args.path}: every table is there")
    return 0


def run_load_cdnow(args: argparse.Namespace) -> int:
    from marketseg.loaders.cdnow import load_cdnow
    from marketseg.raw_folder import RawFolderError

    try:
        rows = load_cdnow(args.out, args.source, sample=args.sample)
    except RawFolderError as error:
        return fail("load-cdnow", str(error))
    except (FileNotFoundError, ValueError) as error:
        return fail("load-cdnow", str(error), 2)
    except OSError as error:
        return fail("load-cdnow", f"cannot write to {args.out} ({error.strerror}): {WRITABLE}")
    what = "CDNOW's sample" if args.sample else "CDNOW"
    print(f"wrote {what} to {args.out}: " + ", ".join(f"{t} {n:,}" for t, n in rows.items()))
    return 0


def run_summary(_: argparse.Namespace) -> int:
    from marketseg.warehouse import (
        WarehouseError,
        built_relations,
        rejected_by_reason,
        warehouse_path,
    )

    path = warehouse_path()
    try:
        relations = built_relations(path)
        rejected = rejected_by_reason(path)
    except WarehouseError as error:
        return fail("summary", str(error))
    print(f"build warehouse: {path.resolve()} (DuckDB; set MARKETSEG_DUCKDB_PATH to move it)")
    order = {"marts": 0, "segments": 1, "audit": 2, "intermediate": 3, "staging": 4}
    for relation in sorted(relations, key=lambda r: (order.get(r.schema, 9), r.name)):
        name = f"{relation.schema}.{relation.name}"
        print(f"  {name:<52} {relation.kind:<5} {relation.rows:>12,}")
    if rejected:
        print("rejected raw rows (audit.rejected_rows):")
        for table, reason, rows in rejected:
            print(f"  {table:<16} {reason:<32} {rows:>10,}")
    _print_serving()
    return 0


def _print_serving() -> None:
    """Where BI tools read: the serving file, and which build it holds."""
    import duckdb

    from marketseg.warehouse import serving_path

    serving = serving_path()
    if not serving.is_file():
        print(
            f"serving file: none at {serving} yet; `marketseg build` (or `marketseg publish` "
            "after `dbt build` and `marketseg quality`) writes it"
        )
        return
    try:
        with duckdb.connect(str(serving), read_only=True) as connection:
            invocation, as_of, started = connection.execute(
                "select invocation_id, as_of_date, run_started_at from audit.build_info"
            ).fetchone()
    except duckdb.Error as error:
        print(f"serving file: {serving.resolve()} cannot be read ({str(error).splitlines()[0]})")
        return
    print(
        f"serving file: {serving.resolve()} (set MARKETSEG_SERVING_PATH to move it): build "
        f"{invocation} of {started:%Y-%m-%d %H:%M} UTC, as of {as_of}"
    )
    print(
        "marts: BI tools open the serving file read-only (schemas marts, segments, audit), "
        "with DuckDB 0.10 or later; never the build warehouse above, which each build locks."
    )


def run_quality_gate(args: argparse.Namespace) -> int:
    """`marketseg quality`: 0 passed, 1 failed (or could not run), 3 warehouse locked."""
    code = _gate_step(args)
    return 1 if code == EXIT_GATE_FAILED else code


def _gate_step(args: argparse.Namespace) -> int:
    """The gate over the build of `--target` (default MARKETSEG_TARGET, else duckdb)."""
    target = args.target or os.environ.get("MARKETSEG_TARGET", "duckdb")
    if target not in GATE_TARGETS:
        return fail(
            "quality",
            f"MARKETSEG_TARGET is '{target}': the gate reads the DuckDB warehouse (duckdb) or a "
            "Spark build through a local session (spark); pass --target (docs/spark.md)",
        )
    return _spark_quality_step(args) if target == "spark" else _quality_step(args)


def _quality_step(args: argparse.Namespace) -> int:
    """The gate; 0, EXIT_GATE_FAILED when an expectation of severity error failed,
    EXIT_LOCKED when the warehouse is held by another process, 1 when it could not run."""
    from marketseg.publish import (
        BuildLockedError,
        NotPublishableError,
        build_under_check,
        record_verdict,
    )
    from marketseg.quality import run_quality
    from marketseg.warehouse import WarehouseError, WarehouseLockedError, warehouse_path

    path = warehouse_path()
    try:
        args.docs_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return fail(
            "quality",
            f"cannot write the Data Docs to {args.docs_dir} ({error.strerror}): "
            "pass --docs-dir a folder you can write to",
        )
    try:
        checked = build_under_check(path)
        report = run_quality(path, args.docs_dir)
        recorded = record_verdict(path, checked, report)
    except (WarehouseLockedError, BuildLockedError) as error:
        return fail("quality", str(error), EXIT_LOCKED)
    except (WarehouseError, NotPublishableError) as error:
        return fail("quality", str(error))
    _print_report(report, str(path))
    if not recorded:
        print(
            "marketseg quality: the verdict was not recorded (no build recorded by dbt's hooks, "
            "or a build ran meanwhile): `marketseg publish` will not publish this warehouse",
            file=sys.stderr,
        )
    if report.errors:
        print(
            f"marketseg quality: {len(report.errors)} expectations of severity error failed: "
            "the marts must not be used",
            file=sys.stderr,
        )
        return EXIT_GATE_FAILED
    return 0


def _print_report(report, checked: str) -> None:
    """The gate's summary line, its notes, warnings, errors and where the Data Docs are."""
    print(
        f"quality of {checked}: {report.passed}/{report.expectations} expectations passed "
        f"in {report.seconds:.1f} s ({len(report.errors)} errors, {len(report.warnings)} warnings)"
    )
    for note in report.notes:
        print(f"  NOTE {note}")
    for failure in report.warnings:
        print(f"  WARNING {failure}")
    for failure in report.errors:
        print(f"  ERROR {failure}", file=sys.stderr)
    if report.docs_index:
        print(f"Data Docs: {report.docs_index.resolve()}")


def _spark_quality_step(args: argparse.Namespace) -> int:
    """The gate over a Spark build: what it reads is copied through Arrow into a DuckDB
    file, checked with the same expectations. Nothing is recorded for `marketseg publish`,
    which publishes DuckDB builds only."""
    from marketseg.quality import run_quality
    from marketseg.quality.checkpoint import SPARK_COPY, copy_spark_build
    from marketseg.spark import SparkTargetError
    from marketseg.warehouse import WarehouseError

    try:
        args.docs_dir.mkdir(parents=True, exist_ok=True)
        copied = copy_spark_build(SPARK_COPY)
        report = run_quality(SPARK_COPY, args.docs_dir)
    except OSError as error:
        return fail("quality", f"cannot write {error.filename or SPARK_COPY} ({error.strerror})")
    except (SparkTargetError, WarehouseError) as error:
        return fail("quality", str(error))
    _print_report(report, f"the Spark build ({copied} relations copied to {SPARK_COPY})")
    if report.errors:
        print(
            f"marketseg quality: {len(report.errors)} expectations of severity error failed: "
            "the marts must not be used",
            file=sys.stderr,
        )
        return EXIT_GATE_FAILED
    return 0


def run_publish(_: argparse.Namespace) -> int:
    from marketseg.publish import BuildLockedError, NotPublishableError, PublishError, publish
    from marketseg.warehouse import serving_path, warehouse_path

    try:
        done = publish(warehouse_path(), serving_path())
    except BuildLockedError as error:
        return fail("publish", str(error), EXIT_LOCKED)
    except NotPublishableError as error:
        return fail("publish", f"nothing published: {error}", EXIT_NOT_PUBLISHABLE)
    except PublishError as error:
        return fail("publish", f"{error}; the serving file was left as it was", EXIT_PUBLISH_FAILED)
    print(
        f"published build {done.invocation_id} (as of {done.as_of_date}): {done.tables} tables, "
        f"{done.rows:,} rows to {done.serving.resolve()} in {done.seconds:.1f} s"
    )
    return 0


def run_dashboard(args: argparse.Namespace) -> int:
    from marketseg.dashboard.server import DashboardError, serve
    from marketseg.warehouse import serving_path

    try:
        return serve(serving_path(), args.port, args.address)
    except DashboardError as error:
        return fail("dashboard", str(error))


def run_build(args: argparse.Namespace) -> int:
    target = os.environ.get("MARKETSEG_TARGET", "duckdb")
    if target != "duckdb":
        return fail(
            "build",
            f"MARKETSEG_TARGET is '{target}': `marketseg build` builds, gates and publishes the "
            "DuckDB warehouse (the serving file is DuckDB's); on Spark run `dbt build`, then "
            "`marketseg quality --target spark` (docs/spark.md)",
        )
    code = _build_step(args)
    if code != 0:
        return code
    code = _quality_step(build_parser().parse_args(["quality", "--docs-dir", str(args.docs_dir)]))
    if code == EXIT_GATE_FAILED:
        return fail(
            "build",
            "the quality gate failed: nothing published; the serving file still holds the "
            "last good build",
            EXIT_GATE_FAILED,
        )
    return code or run_publish(args)


def _build_step(args: argparse.Namespace) -> int:
    """`dbt build` with the given vars and selection; the exit code of `marketseg build`."""
    from marketseg.dbt import DbtError, run_dbt
    from marketseg.publish import (
        BuildLockedError,
        NotPublishableError,
        check_not_locked,
        locked_error,
    )
    from marketseg.warehouse import warehouse_path

    path = warehouse_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        check_not_locked(path)
    except BuildLockedError as error:
        return fail("build", str(error), EXIT_LOCKED)
    except NotPublishableError as error:
        return fail("build", str(error))
    except OSError as error:
        return fail("build", f"cannot create the folder of {path} ({error.strerror})")
    dbt_args = ["build"]
    if args.select:
        # build_info says which build made the warehouse: it is rebuilt with any selection
        dbt_args += ["--select", f"{args.select} build_info"]
    try:
        # the file publish reads, wherever this runs (dbt alone resolves it from the cwd)
        run_dbt(dbt_args, warehouse=path, dbt_vars=args.vars)
    except DbtError as error:
        if "could not set lock" in str(error).lower():
            return fail("build", str(locked_error(path)), EXIT_LOCKED)
        return fail(
            "build",
            f"{_first_line(str(error))}; nothing published: the serving file still holds the "
            "last good build",
            EXIT_DBT_FAILED,
        )
    return 0


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else text
    return line if len(line) <= MESSAGE_CHARS else line[: MESSAGE_CHARS - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    handlers = {
        "generate": run_generate,
        "check-raw": run_check_raw,
        "load-cdnow": run_load_cdnow,
        "summary": run_summary,
        "quality": run_quality_gate,
        "publish": run_publish,
        "build": run_build,
        "bench": run_bench,
        "dashboard": run_dashboard,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
