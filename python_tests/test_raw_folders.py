"""A user's export is read-only (SPEC 1): the generator and the CDNOW loader write only
into a folder they own (new, empty, or holding their `_generator_manifest.json`) and
delete only the files they wrote there; `make run` never generates into a user's export."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from marketseg.contract import RAW_TABLES

PROJECT = Path(__file__).resolve().parents[1]
SMALL = ["--buyers", "200", "--sellers", "10", "--quiet"]


def users_export(folder: Path, missing: str | None = "reviews") -> Path:
    """An export written by the user's own tool: their file names, one table left out."""
    for name, schema in RAW_TABLES.items():
        if name != missing:
            (folder / name).mkdir(parents=True)
            pq.write_table(schema.empty_table(), folder / name / "export_2026-11.parquet")
    (folder / "orders" / "export_2026-10.parquet").write_bytes(b"last month, not Parquet")
    (folder / "README.txt").write_text("nightly export\n")
    return folder


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` and the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def marketseg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "marketseg", *args], capture_output=True, text=True, check=False
    )


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_make_run_leaves_an_incomplete_export_untouched(tmp_path: Path) -> None:
    export = users_export(tmp_path / "export")
    before = fingerprint(export)
    warehouse = tmp_path / "warehouse.duckdb"
    result = subprocess.run(
        ["make", "run", f"RAW_PATH={export}"],
        cwd=PROJECT,
        env={**os.environ, "MARKETSEG_DUCKDB_PATH": str(warehouse)},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode != 0
    assert "'reviews'" in result.stderr
    assert str(export) in result.stderr
    assert fingerprint(export) == before
    assert not warehouse.exists()


def test_generate_if_missing_refuses_an_incomplete_export(tmp_path: Path) -> None:
    export = users_export(tmp_path / "export")
    before = fingerprint(export)
    result = marketseg("generate", "--out", str(export), "--if-missing", *SMALL)
    assert result.returncode != 0
    line = one_line(result.stderr)
    assert "reviews" in line
    assert str(export) in line
    assert "buyers" not in line
    assert fingerprint(export) == before


def test_generate_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    export = users_export(tmp_path / "export", missing=None)
    before = fingerprint(export)
    result = marketseg("generate", "--out", str(export), *SMALL)
    assert result.returncode != 0
    line = one_line(result.stderr)
    assert str(export) in line
    assert "generator did not write" in line
    assert "new or empty folder" in line
    assert fingerprint(export) == before
    # complete: --if-missing leaves it as it is, and says so
    result = marketseg("generate", "--out", str(export), "--if-missing", *SMALL)
    assert result.returncode == 0
    assert "not regenerated" in result.stdout
    assert fingerprint(export) == before


def test_regenerating_refuses_a_file_the_generator_did_not_write(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    assert marketseg("generate", "--out", str(raw), *SMALL).returncode == 0
    mine = raw / "orders" / "my_orders.parquet"
    mine.write_bytes(b"the user's orders")
    before = fingerprint(raw)
    result = marketseg("generate", "--out", str(raw), "--seed", "3", *SMALL)
    assert result.returncode != 0
    line = one_line(result.stderr)
    assert str(mine) in line
    assert fingerprint(raw) == before


def test_regenerating_an_owned_folder_deletes_only_what_it_wrote(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    assert marketseg("generate", "--out", str(raw), *SMALL).returncode == 0
    manifest = json.loads((raw / "_generator_manifest.json").read_text())
    assert sorted(manifest["files"]) == sorted(f"{t}/part-0.parquet" for t in RAW_TABLES)
    (raw / "notes.txt").write_text("kept")
    (raw / "reviews" / "part-0.parquet").unlink()
    result = marketseg("generate", "--out", str(raw), "--if-missing", *SMALL)
    assert result.returncode == 0, result.stderr
    assert (raw / "reviews" / "part-0.parquet").exists()
    assert (raw / "notes.txt").read_text() == "kept"


def test_an_older_manifest_owns_only_the_part_files(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    assert marketseg("generate", "--out", str(raw), *SMALL).returncode == 0
    manifest_path = raw / "_generator_manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["files"]
    manifest_path.write_text(json.dumps(manifest))
    assert marketseg("generate", "--out", str(raw), "--seed", "3", *SMALL).returncode == 0
    manifest_path.write_text(json.dumps(manifest))
    other = raw / "events" / "part-1.parquet"
    other.write_bytes(b"not listed")
    result = marketseg("generate", "--out", str(raw), *SMALL)
    assert result.returncode != 0
    assert str(other) in one_line(result.stderr)
    assert other.read_bytes() == b"not listed"


def test_load_cdnow_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    export = users_export(tmp_path / "export", missing=None)
    before = fingerprint(export)
    result = marketseg("load-cdnow", "--out", str(export))
    assert result.returncode != 0
    assert "new or empty folder" in one_line(result.stderr)
    assert fingerprint(export) == before


def test_load_cdnow_rewrites_its_own_folder(tmp_path: Path) -> None:
    out = tmp_path / "cdnow"
    for _ in range(2):
        result = marketseg("load-cdnow", "--out", str(out))
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "orders").iterdir()) == ["part-0.parquet"]
