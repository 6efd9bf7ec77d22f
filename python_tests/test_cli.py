"""The command line: useful output, clear errors, non-zero exits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from marketseg.cli import main


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
