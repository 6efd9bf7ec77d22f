"""The command line: useful output, clear errors, non-zero exits."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from marketseg.cli import build_parser, main
from marketseg.contract import RAW_TABLES
from marketseg.warehouse import warehouse_path

PROJECT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "marketseg", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate"], "--out"),
        (["generate", "--out", "x", "--buyers", "ten"], "not an integer"),
        (["generate", "--out", "x", "--buyers", "-4"], "must be positive"),
        (["generate", "--out", "x", "--start", "2024-13-01"], "not a date"),
        (["generate", "--out", "x", "--start", "2025-01-01", "--end", "2024-01-01"], "--end"),
        (["generate", "--out", "x", "--dirty-rate", "0.9"], "--dirty-rate"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_fail_with_a_clear_message(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_generate_writes_every_table_and_is_skipped_when_present(tmp_path: Path, capsys) -> None:
    out = tmp_path / "raw"
    assert (
        main(["generate", "--out", str(out), "--buyers", "200", "--sellers", "10", "--quiet"]) == 0
    )
    assert "wrote" in capsys.readouterr().out
    assert main(["generate", "--out", str(out), "--if-missing", "--quiet"]) == 0
    assert "not regenerated" in capsys.readouterr().out


def test_summary_without_a_warehouse_fails(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MARKETSEG_DUCKDB_PATH", str(tmp_path / "none.duckdb"))
    result = run("summary")
    assert result.returncode == 1
    assert "no warehouse" in result.stderr


def test_summary_lists_the_build(test_warehouse: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MARKETSEG_DUCKDB_PATH", str(test_warehouse))
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "staging.stg_marketplace__orders" in out
    assert "audit.rejected_rows" in out


@contextlib.contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another process holds DuckDB's write lock on `path` (as a running dbt build does)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


HOLD_LOCK = (
    "import duckdb, sys\n"
    "connection = duckdb.connect(sys.argv[1])\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"
)


def unfinished_warehouse(path: Path) -> None:
    """A warehouse whose first build stopped after staging: no audit, no marts."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema staging")
        connection.execute("create table staging.stg_marketplace__orders as select 1 as order_id")


@pytest.mark.parametrize(
    ("args", "warehouse", "words"),
    [
        (["summary"], "locked", ["locked", "another process"]),
        (["quality"], "locked", ["locked", "another process"]),
        (["summary"], "folder", ["is a folder", "MARKETSEG_DUCKDB_PATH"]),
        (["quality"], "folder", ["is a folder", "MARKETSEG_DUCKDB_PATH"]),
        (["summary"], "text file", ["not a DuckDB", "MARKETSEG_DUCKDB_PATH"]),
        (["quality"], "text file", ["not a DuckDB", "MARKETSEG_DUCKDB_PATH"]),
        (["summary"], "unfinished", ["did not finish", "dbt build"]),
        (["quality"], "unfinished", ["did not finish", "dbt build"]),
        (["generate", "--out", "{file}"], "none", ["is a file", "new or empty folder"]),
        (["generate", "--out", "/etc/passwd"], "none", ["/etc/passwd is a file"]),
        (["generate", "--out", "/etc/passwd/raw"], "none", ["cannot write", "Not a directory"]),
        (["quality", "--docs-dir", "{file}"], "none", ["Data Docs", "--docs-dir"]),
        (
            ["generate", "--out", "{raw}", "--if-missing"],
            "none",
            ["not a manifest the generator wrote", "new or empty folder"],
        ),
    ],
    ids=[
        *(
            f"{command}-{kind}"
            for kind in ("locked", "folder", "text-file", "unfinished")
            for command in ("summary", "quality")
        ),
        "generate-out-file",
        "generate-out-etc-passwd",
        "generate-out-not-a-directory",
        "quality-docs-dir-file",
        "generate-if-missing-corrupt-manifest",
    ],
)
def test_user_errors_print_one_line_and_no_traceback(
    tmp_path: Path, monkeypatch, args: list[str], warehouse: str, words: list[str]
) -> None:
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("MARKETSEG_DUCKDB_PATH", str(path))
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder\n")
    raw = tmp_path / "raw"  # every table there, but a manifest nobody could have written
    for table in RAW_TABLES:
        (raw / table).mkdir(parents=True)
        (raw / table / "part-0.parquet").write_bytes(b"PAR1")
    (raw / "_generator_manifest.json").write_text("{not json")
    args = [arg.format(file=a_file, raw=raw) for arg in args]
    with contextlib.ExitStack() as stack:
        if warehouse == "locked":
            duckdb.connect(str(path)).close()
            stack.enter_context(write_lock_held(path))
        elif warehouse == "folder":
            path.mkdir()
        elif warehouse == "text file":
            path.write_text("not a database\n")
        elif warehouse == "unfinished":
            unfinished_warehouse(path)
        result = run(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def test_summary_from_another_folder_reads_the_projects_warehouse(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MARKETSEG_DUCKDB_PATH"}
    result = subprocess.run(
        [sys.executable, "-m", "marketseg", "summary"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert str(PROJECT / "warehouse" / "marketseg.duckdb") in result.stdout + result.stderr
    assert not (tmp_path / "warehouse").exists()


def test_default_paths_are_the_projects_and_given_ones_stay_as_given(monkeypatch) -> None:
    parser = build_parser()
    assert parser.parse_args(["quality"]).docs_dir == PROJECT / "target/quality/data_docs"
    assert parser.parse_args(["quality", "--docs-dir", "docs"]).docs_dir == Path("docs")
    monkeypatch.delenv("MARKETSEG_DUCKDB_PATH", raising=False)
    assert warehouse_path() == PROJECT / "warehouse" / "marketseg.duckdb"
    # like dbt-duckdb, which opens the same variable's value from where dbt runs
    monkeypatch.setenv("MARKETSEG_DUCKDB_PATH", "elsewhere/w.duckdb")
    assert warehouse_path() == Path("elsewhere/w.duckdb")
