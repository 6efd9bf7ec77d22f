"""Write, audit, publish (SPEC 9), proven with real processes: readers of the serving file
never see an error, a lock or a mix of two builds; a build that is killed, fails its data
tests or fails the gate leaves the serving file byte for byte as it was.

Each test works on copies of the test warehouse (tmp dirs); the builds run `marketseg
build` in a subprocess with their own dbt target and log folders.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from marketseg import publish as publishing
from marketseg.publish import STORAGE_VERSION, PublishError, publish, temp_path

PROJECT = Path(__file__).resolve().parents[1]
TEST_VARS = {"extracted_at": "2026-01-01 00:00:00"}
# exit codes of `marketseg build` / `publish` (docs/serving.md)
LOCKED, DBT_FAILED, GATE_FAILED, NOT_PUBLISHABLE, PUBLISH_FAILED = 3, 4, 5, 6, 7
# the duckdb-cli package (dev extra) puts this binary beside the venv's python
DUCKDB_CLI = Path(sys.executable).parent / "duckdb"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def marketseg(
    env: dict[str, str], *args: str, **popen: object
) -> subprocess.CompletedProcess | subprocess.Popen:
    """`marketseg ARGS` in a subprocess with `env`; Popen when popen options are given."""
    command = [sys.executable, "-m", "marketseg", *args]
    if popen:
        return subprocess.Popen(command, env=env, **popen)
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def leftovers(folder: Path) -> list[str]:
    """Files publish may have left: anything but the serving file and the build warehouse
    (with its WAL, which a killed build leaves)."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.name != "serving.duckdb" and not p.name.startswith("build.duckdb")
    )


@pytest.fixture(scope="module")
def published(test_warehouse: Path, tmp_path_factory) -> Path:
    """A copy of the test warehouse, audited by the real gate and published once."""
    folder = tmp_path_factory.mktemp("published")
    build = folder / "build.duckdb"
    shutil.copy(test_warehouse, build)
    env = environment(folder, build)
    steps = [["publish"]]
    if not audited(build):  # `make test` runs the gate on the test warehouse before pytest
        steps.insert(0, ["quality", "--docs-dir", str(folder / "docs")])
    for step in steps:
        result = marketseg(env, *step)
        assert result.returncode == 0, result.stdout + result.stderr
    return folder


def audited(build: Path) -> bool:
    """Whether the gate passed the warehouse's last build (audit.quality_verdict)."""
    with duckdb.connect(str(build), read_only=True) as db:
        try:
            return db.execute(
                "select count(*) from audit.build_outcome join audit.quality_verdict"
                " using (invocation_id) where passed and status = 'success'"
            ).fetchone() == (1,)
        except duckdb.CatalogException:
            return False


def environment(folder: Path, build: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MARKETSEG_DUCKDB_PATH=str(build),
        MARKETSEG_SERVING_PATH=str(folder / "serving.duckdb"),
        MARKETSEG_DUCKDB_TEMP_DIR=str(folder / "duckdb_tmp"),
        DBT_TARGET_PATH=str(folder / "dbt_target"),
        DBT_LOG_PATH=str(folder / "dbt_logs"),
    )
    return env


@pytest.fixture()
def site(published: Path, tmp_path: Path, test_raw_path: Path) -> dict:
    """Fresh copies of the published build warehouse and serving file for one test."""
    folder = tmp_path / "warehouse"
    folder.mkdir()
    for name in ("build.duckdb", "serving.duckdb"):
        shutil.copy(published / name, folder / name)
    vars_ = {"raw_path": str(test_raw_path), **TEST_VARS}
    return {
        "folder": folder,
        "build": folder / "build.duckdb",
        "serving": folder / "serving.duckdb",
        "env": environment(folder, folder / "build.duckdb"),
        "vars": vars_,
        "docs": ["--docs-dir", str(tmp_path / "docs")],
    }


def build_args(site: dict, extra_vars: dict | None = None, select: str | None = None) -> list[str]:
    args = ["build", "--vars", json.dumps({**site["vars"], **(extra_vars or {})}), *site["docs"]]
    return [*args, "--select", select] if select else args


def serving_build(serving: Path) -> tuple[str, str]:
    with duckdb.connect(str(serving), read_only=True) as db:
        (invocation, as_of) = db.execute(
            "select invocation_id, cast(as_of_date as varchar) from audit.build_info"
        ).fetchone()
    return invocation, as_of


def marts_of(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as db:
        return [
            name
            for (name,) in db.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'marts' order by 1"
            ).fetchall()
        ]


# --- the serving file -----------------------------------------------------------------


def test_publish_copies_marts_segments_and_what_readers_need_from_audit(
    published: Path, test_warehouse: Path
) -> None:
    serving = published / "serving.duckdb"
    with duckdb.connect(str(serving), read_only=True) as db:
        schemas = dict(
            db.execute(
                "select table_schema, count(*) from information_schema.tables group by 1"
            ).fetchall()
        )
        audit = [n for (n,) in db.execute("show tables from audit").fetchall()]
        build_info = db.execute("select * from audit.build_info").df()
        dates = db.execute(
            " union ".join(
                f"select distinct as_of_date from marts.{mart}" for mart in marts_of(serving)
            )
        ).fetchall()
    with duckdb.connect(str(test_warehouse), read_only=True) as db:
        built_marts = db.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'"
        ).fetchone()[0]
        built_segments = db.execute(
            "select count(*) from information_schema.tables where table_schema = 'segments'"
        ).fetchone()[0]
        rejected = db.execute("select sum(rows_count) from audit.rejected_rows").fetchone()[0]
    assert set(schemas) == {"marts", "segments", "audit"}
    assert schemas["marts"] == built_marts
    assert schemas["segments"] == built_segments >= 45
    assert sorted(audit) == ["build_info", "quality_verdict", "rejected_row_counts"]
    # every mart carries the reference date, the same one, that build_info names
    assert dates == [(build_info.loc[0, "as_of_date"].date(),)]
    assert len(build_info) == 1
    assert build_info.loc[0, "raw_files_count"] >= 9
    assert json.loads(build_info.loc[0, "vars_json"])["raw_path"].endswith("test_raw")
    with duckdb.connect(str(serving), read_only=True) as db:
        assert db.execute("select sum(rows_count) from audit.rejected_row_counts").fetchone() == (
            rejected,
        )
        # the gate's verdict on this very build, for readers (the dashboard's quality page)
        verdict = db.execute(
            "select invocation_id, passed, expectations_count, passed_count, errors_count,"
            " docs_index from audit.quality_verdict"
        ).fetchall()
    assert len(verdict) == 1
    invocation, passed, expectations, passed_count, errors, docs = verdict[0]
    assert invocation == build_info.loc[0, "invocation_id"]
    assert passed
    assert errors == 0
    assert 0 < passed_count <= expectations
    assert docs is None or docs.endswith("index.html")


def test_build_info_lists_every_project_var() -> None:
    """dbt's Jinja cannot list the vars: project_var_names() must name each of
    dbt_project.yml's, so that build_info's vars_json holds them all."""
    declared = list(yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"])
    macro = (PROJECT / "macros" / "audit" / "project_var_names.sql").read_text()
    listed = macro.split("return([", 1)[1].split("])", 1)[0]
    names = [name.strip().strip("'") for name in listed.split(",") if name.strip()]
    assert names == declared


def test_the_serving_file_opens_in_the_duckdb_cli_with_every_type(published: Path) -> None:
    """DuckDB 2.0 writes storage version 69 by default, which duckdb-cli 1.5 (and older
    drivers) refuse; the serving file is written as STORAGE_VERSION and reads there."""
    serving = published / "serving.duckdb"
    assert DUCKDB_CLI.exists(), "install the dev extra: duckdb-cli provides the CLI"
    version = subprocess.run(
        [DUCKDB_CLI, "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert version.startswith("v1."), version  # an older DuckDB than the one that wrote it
    query = (
        "select table_schema, table_name, column_name, data_type from information_schema.columns"
        " where table_schema in ('marts', 'segments', 'audit') order by all"
    )
    cli = subprocess.run(
        [DUCKDB_CLI, "-readonly", "-json", str(serving), "-c", query],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    seen = [tuple(row.values()) for row in json.loads(cli.stdout)]
    with duckdb.connect(str(published / "build.duckdb"), read_only=True) as db:
        built = [
            row
            for row in db.execute(query).fetchall()
            if row[0] != "audit"
            or row[1] in {*publishing.PUBLISHED_AUDIT, publishing.PUBLISHED_VERDICT}
        ]
    assert seen == built
    rows = subprocess.run(
        [
            DUCKDB_CLI,
            "-readonly",
            "-csv",
            "-noheader",
            str(serving),
            "-c",
            "select count(*), min(as_of_date) = max(as_of_date) from marts.buyer_segments",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert rows.split(",")[0] != "0" and rows.endswith("true"), rows
    with duckdb.connect(str(serving), read_only=True) as db:
        (tags,) = db.execute(
            "select tags from duckdb_databases() where database_name = 'serving'"
        ).fetchone()
    assert tags["storage_version"].startswith(STORAGE_VERSION)


# --- publish refuses what was not audited -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("update audit.build_outcome set status = 'running'", "did not finish"),
        ("update audit.build_outcome set status = 'failed', failed_nodes_count = 2", "failed (2"),
        ("update audit.quality_verdict set passed = false", "quality gate failed"),
        ("update audit.quality_verdict set invocation_id = 'another'", "has not checked"),
        ("drop table audit.build_outcome", "records no dbt build"),
        # a build whose selection left a published mart out would mix two builds
        (
            "update audit.build_outcome"
            " set built_relations = replace(built_relations, 'marts.buyer_segments', '')",
            "did not rebuild marts.buyer_segments",
        ),
    ],
    ids=[
        "killed-build",
        "failed-build",
        "failed-gate",
        "gate-of-another-build",
        "no-record",
        "partial-selection",
    ],
)
def test_publish_refuses_a_build_that_was_not_audited(site: dict, change: str, words: str) -> None:
    before = digest(site["serving"])
    with duckdb.connect(str(site["build"])) as db:
        db.execute(change)
    result = marketseg(site["env"], "publish")
    assert result.returncode == NOT_PUBLISHABLE, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "nothing published" in lines[0], lines
    assert digest(site["serving"]) == before
    assert leftovers(site["folder"]) == []


def test_a_failed_copy_leaves_the_serving_file_and_no_temporary_file(
    site: dict, monkeypatch
) -> None:
    before = digest(site["serving"])

    def copy_half(connection: duckdb.DuckDBPyConnection) -> tuple[int, int]:
        connection.execute("create schema serving.marts")
        connection.execute("create table serving.marts.half as select 1 as x")
        connection.execute("select * from serving.marts.no_such_table")  # raises
        return 0, 0

    monkeypatch.setattr(publishing, "_copy", copy_half)
    with pytest.raises(PublishError, match="cannot publish"):
        publish(site["build"], site["serving"])
    assert digest(site["serving"]) == before
    assert not temp_path(site["serving"]).exists()
    assert leftovers(site["folder"]) == []


def test_publish_removes_what_killed_publishes_left_and_keeps_the_file_mode(site: dict) -> None:
    """A publish killed with SIGKILL runs no `finally`: the next one removes its temporary
    files (named after a process that no longer runs), and only those."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    orphan = temp_path(site["serving"], int(dead.stdout))
    orphan.write_bytes(b"half a file")
    orphan.with_name(orphan.name + ".wal").write_bytes(b"wal")
    alive = temp_path(site["serving"], os.getppid())  # a running process: not an orphan
    alive.write_bytes(b"another publish at work")
    unrelated = site["folder"] / ".serving.duckdb.publishing-notes"
    unrelated.write_bytes(b"not a pid")
    site["serving"].chmod(0o640)
    result = marketseg(site["env"], "publish")
    assert result.returncode == 0, result.stderr
    assert leftovers(site["folder"]) == sorted([alive.name, unrelated.name])
    assert site["serving"].stat().st_mode & 0o777 == 0o640


def test_publish_refuses_while_a_client_writes_the_serving_file(site: dict) -> None:
    before = digest(site["serving"])
    wal = site["folder"] / "serving.duckdb.wal"
    wal.write_bytes(b"")
    result = marketseg(site["env"], "publish")
    assert result.returncode == PUBLISH_FAILED, result.stderr
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
    assert digest(site["serving"]) == before


def test_the_gate_on_a_locked_build_warehouse_says_locked(site: dict) -> None:
    with duckdb.connect(str(site["build"])):  # a client holding it for writing
        result = marketseg(site["env"], "quality", *site["docs"])
    assert result.returncode == LOCKED, result.stderr
    assert "locked by another process" in result.stderr


def test_a_missing_serving_folder_fails_clearly(site: dict) -> None:
    env = {**site["env"], "MARKETSEG_SERVING_PATH": str(site["folder"] / "no" / "s.duckdb")}
    result = marketseg(env, "publish")
    assert result.returncode == PUBLISH_FAILED
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert leftovers(site["folder"]) == []


# --- builds that must not publish ---------------------------------------------------------


@contextlib.contextmanager
def reader_holding(path: Path) -> Iterator[None]:
    """A BI tool's read-only connection left open on `path`, in another process."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline().strip() == b"open"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


HOLD = (
    "import duckdb, sys\n"
    "connection = duckdb.connect(sys.argv[1], read_only=True)\n"
    "print('open', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_a_build_warehouse_held_by_a_reader_fails_in_one_line(site: dict) -> None:
    with reader_holding(site["build"]):
        result = marketseg(site["env"], *build_args(site))
    assert result.returncode == LOCKED, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "locked by another process" in lines[0], result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_build_whose_data_tests_fail_publishes_nothing(site: dict) -> None:
    """The var raises the Pareto share buyer_value_pareto's data test requires above what
    the value tiers give: the mart is rebuilt, its test fails, the build stops."""
    before = digest(site["serving"])
    result = marketseg(
        site["env"],
        *build_args(site, {"pareto_top_revenue_share": 0.99}, select="buyer_value_pareto"),
    )
    assert result.returncode == DBT_FAILED, result.stdout[-3000:] + result.stderr
    assert "accepted_range_buyer_value_pareto_pct_revenue_top" in result.stderr
    assert "nothing published" in result.stderr
    assert digest(site["serving"]) == before
    assert leftovers(site["folder"]) == []
    refused = marketseg(site["env"], "publish")
    assert refused.returncode == NOT_PUBLISHABLE and "failed" in refused.stderr


def test_a_build_whose_gate_fails_publishes_nothing(site: dict) -> None:
    """dbt's tests pass (only build_info is rebuilt), but the build records a loyalty
    horizon of 5 days the marts were not built with: the gate's days_from_reference_date
    bound fails."""
    before = digest(site["serving"])
    result = marketseg(
        site["env"], *build_args(site, {"moments_horizon_days": 5}, select="build_info")
    )
    assert result.returncode == GATE_FAILED, result.stdout[-3000:] + result.stderr
    assert "buyer_loyalty_moments.days_from_reference_date" in result.stderr
    assert "quality gate failed: nothing published" in result.stderr
    assert digest(site["serving"]) == before
    assert leftovers(site["folder"]) == []


# --- a killed build, then readers during a full build and publish -------------------------

READER = textwrap.dedent(
    """
    import duckdb, json, sys, time
    serving, marts, stop = sys.argv[1], sys.argv[2].split(","), sys.argv[4]
    deadline = float(sys.argv[3])
    dates = " union all ".join(
        f"select '{m}' as mart, count(*) as n, min(as_of_date) as lo, max(as_of_date) as hi"
        f" from marts.{m}" for m in marts
    )
    answers, errors, builds = 0, [], {}
    while time.time() < deadline:
        try:
            with duckdb.connect(serving, read_only=True) as db:
                db.execute("begin transaction")
                (build, as_of) = db.execute(
                    "select invocation_id, as_of_date from audit.build_info").fetchone()
                rows = db.execute(dates).fetchall()
                db.execute("commit")
            mixed = [r for r in rows if r[1] == 0 or r[2] != as_of or r[3] != as_of]
            if mixed:
                errors.append(f"build {build} as of {as_of}: {mixed}")
            answers += 1
            builds[build] = builds.get(build, 0) + 1
        except Exception as error:
            errors.append(repr(error))
        try:
            open(stop).close()
            break
        except FileNotFoundError:
            time.sleep(0.05)
    print(json.dumps({"answers": answers, "errors": errors[:20], "builds": builds}))
    """
)


def test_a_killed_build_then_a_full_build_while_readers_read(site: dict, capsys) -> None:
    """(1) A build killed with SIGKILL half way leaves the serving file byte-identical and
    unpublishable. (2) The next build, a full one with another reference date, succeeds
    and publishes while a reader process queries the serving file in a loop: no error, and
    every answer from one complete build, the old one or the new one."""
    serving, env = site["serving"], site["env"]
    before, (old_build, old_as_of) = digest(serving), serving_build(serving)
    # the export's day (TEST_VARS): after the default reference date, the last purchase day
    new_as_of = "2026-01-01"
    assert old_as_of != new_as_of

    log = (site["folder"] / "killed.log").open("w")
    killed = marketseg(
        {**env, "PYTHONUNBUFFERED": "1"},
        *build_args(site, {"as_of_date": new_as_of}),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 600
    # killed once dbt has replaced a mart: the build warehouse holds part of a build
    while "OK created sql table model marts." not in (site["folder"] / "killed.log").read_text():
        assert killed.poll() is None and time.monotonic() < deadline, "the build ended early"
        time.sleep(0.5)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    log.close()
    assert killed.returncode == -signal.SIGKILL
    assert digest(serving) == before
    refused = marketseg(env, "publish")
    assert refused.returncode == NOT_PUBLISHABLE and "did not finish" in refused.stderr

    stop = site["folder"] / "reader.stop"
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            READER,
            str(serving),
            ",".join(marts_of(serving)),
            str(time.time() + 900),
            str(stop),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    build = marketseg(env, *build_args(site, {"as_of_date": new_as_of}))
    took = time.monotonic() - started
    time.sleep(2)  # let the reader answer from the new file too
    stop.touch()
    out, _ = reader.communicate(timeout=120)
    report = json.loads(out)
    with capsys.disabled():
        print(
            f"\nreader during a {took:.0f} s build and publish: {report['answers']} answers, "
            f"{len(report['errors'])} errors, by build: {report['builds']}"
        )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr
    new_build, as_of = serving_build(serving)
    assert as_of == new_as_of and new_build != old_build
    assert report["errors"] == []
    assert set(report["builds"]) == {old_build, new_build}
    assert leftovers(site["folder"]) == ["killed.log", "reader.stop"]


def test_summary_says_which_build_the_serving_file_holds(published: Path) -> None:
    env = environment(published, published / "build.duckdb")
    invocation, as_of = serving_build(published / "serving.duckdb")
    result = marketseg(env, "summary")
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("serving file:")]
    assert invocation in line and f"as of {as_of}" in line
    missing = marketseg(
        {**env, "MARKETSEG_SERVING_PATH": str(published / "none.duckdb")}, "summary"
    )
    assert "serving file: none" in missing.stdout
