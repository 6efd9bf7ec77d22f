"""The bench's raw data: a generated (or given) raw folder and a "landed" view of it.

The landed folder holds symlinks only: to every table's plain files and to its daily
partitions `<table>/landed_date=YYYY-MM-DD/*.parquet` but the last landed day, for the
full build; `land_last_day` then links the last day's partitions for the one-day run.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from marketseg.contract import RAW_TABLES, partition_day
from marketseg.generator import GeneratorConfig
from marketseg.raw_folder import MANIFEST, is_owned

LANDED_MARKER = "_bench_landed.json"
WORK_MARKER = "_bench_work.json"


class BenchError(Exception):
    """The bench cannot run as asked; the message says why and what to do."""


@dataclass
class RawLayout:
    """Which files of a raw folder are plain and which are daily partitions."""

    root: Path
    plain: dict[str, list[Path]] = field(default_factory=dict)
    partitions: dict[str, dict[dt.date, list[Path]]] = field(default_factory=dict)

    @property
    def last_day(self) -> dt.date | None:
        days = {day for parts in self.partitions.values() for day in parts}
        return max(days) if days else None

    def files(self, before: dt.date | None = None, on: dt.date | None = None) -> list[Path]:
        """Plain files and partitions before `before` (all if None); or only day `on`."""
        if on is not None:
            return [f for parts in self.partitions.values() for f in parts.get(on, [])]
        chosen = [f for files in self.plain.values() for f in files]
        for parts in self.partitions.values():
            for day, files in parts.items():
                if before is None or day < before:
                    chosen += files
        return chosen


def claim_work(work: Path) -> None:
    """Make `work` the bench's folder: new, empty, or marked as the bench's; else refuse."""
    if work.exists() and not work.is_dir():
        raise BenchError(f"--work {work} is a file: pass a folder")
    if work.is_dir() and any(work.iterdir()) and not (work / WORK_MARKER).is_file():
        raise BenchError(
            f"--work {work} holds files marketseg bench did not write (no {WORK_MARKER}): "
            "pass a new or empty folder"
        )
    work.mkdir(parents=True, exist_ok=True)
    (work / WORK_MARKER).write_text(json.dumps({"written_by": "marketseg bench"}))


def generated_matches(folder: Path, buyers: int, seed: int, sellers: int | None = None) -> bool:
    """The folder holds a complete, partitioned generation of `buyers` buyers, `seed` and
    `sellers` (None: the generator's default)."""
    path = folder / MANIFEST
    if not path.is_file():
        return False
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError:
        return False
    config = manifest.get("config", {})
    return (
        manifest.get("complete") is True
        and str(config.get("buyers")) == str(buyers)
        and str(config.get("seed")) == str(seed)
        and str(config.get("sellers")) == str(sellers or GeneratorConfig.sellers)
        and bool(scan(folder).partitions)
    )


def generate(folder: Path, buyers: int, seed: int, sellers: int | None) -> bool:
    """Generate daily partitions into `folder` unless it already matches; True if generated.

    The generator claims the folder (marketseg.raw_folder): it writes only into a new or
    empty folder or one holding its manifest.
    """
    if generated_matches(folder, buyers, seed, sellers):
        return False
    if not is_owned(folder):
        raise BenchError(
            f"{folder} holds data the generator did not write (no {MANIFEST}): the bench "
            "writes only into its own folders; pass --raw to read it, or another --work"
        )
    command = [
        sys.executable, "-m", "marketseg", "generate", "--out", str(folder),
        "--buyers", str(buyers), "--seed", str(seed), "--daily-partitions", "--quiet",
    ]  # fmt: skip
    if sellers is not None:
        command += ["--sellers", str(sellers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"marketseg generate failed: {done.stderr.strip() or done.stdout}")
    return True


def scan(root: Path) -> RawLayout:
    """The plain files and daily partitions of every raw table under `root`."""
    layout = RawLayout(root)
    for table in RAW_TABLES:
        folder = root / table
        layout.plain[table] = sorted(folder.glob("*.parquet"))
        parts: dict[dt.date, list[Path]] = {}
        for sub in sorted(folder.glob("landed_date=*")):
            day = partition_day(sub.name)
            if day is not None and sub.is_dir():
                parts[day] = sorted(sub.glob("*.parquet"))
        layout.partitions[table] = parts
    return layout


def prepare_landed(layout: RawLayout, landed: Path) -> list[Path]:
    """Link every file but the last landed day's into `landed`; the files linked."""
    if landed.exists():
        if not (landed / LANDED_MARKER).is_file():
            raise BenchError(f"{landed} was not written by marketseg bench: pass another --work")
        _remove_links(landed)
    landed.mkdir(parents=True)
    (landed / LANDED_MARKER).write_text(json.dumps({"links_to": str(layout.root)}))
    files = layout.files(before=layout.last_day)
    _link(layout.root, files, landed)
    return files


def prepare_flat(layout: RawLayout, files: list[Path], flat: Path) -> None:
    """Link `files` into `flat/<table>/` with no partition folders (a partition's file is
    named `<landed_date=day>__<file>`): for readers that glob `<table>/*.parquet` only,
    such as the hand-written events path."""
    if flat.exists():
        if not (flat / LANDED_MARKER).is_file():
            raise BenchError(f"{flat} was not written by marketseg bench: pass another --work")
        _remove_links(flat)
    flat.mkdir(parents=True)
    (flat / LANDED_MARKER).write_text(json.dumps({"links_to": str(layout.root)}))
    for path in files:
        relative = path.relative_to(layout.root)
        table = relative.parts[0]
        target = flat / table / "__".join(relative.parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path.resolve())


def land_last_day(layout: RawLayout, landed: Path) -> list[Path]:
    """Link the last landed day's partitions into `landed`; the files linked."""
    files = layout.files(on=layout.last_day) if layout.last_day else []
    _link(layout.root, files, landed)
    return files


def parquet_rows(files: list[Path]) -> int:
    return sum(pq.ParquetFile(path).metadata.num_rows for path in files)


def _link(root: Path, files: list[Path], landed: Path) -> None:
    for path in files:
        target = landed / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path.resolve())


def _remove_links(landed: Path) -> None:
    """Delete the landed folder: symlinks, empty folders and the marker only."""
    for path in sorted(landed.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_symlink() or path.name == LANDED_MARKER:
            path.unlink()
        elif path.is_dir():
            path.rmdir()  # fails (loudly) on a folder holding anything else
        else:
            raise BenchError(f"{path} is not a link the bench made: {landed} left as it is")
    landed.rmdir()


def remove_file(path: Path) -> None:
    """Delete a file the bench wrote (its warehouse and WAL), if there."""
    for candidate in (path, path.with_name(path.name + ".wal")):
        if candidate.is_file():
            candidate.unlink()


def reset_folder(path: Path) -> None:
    """Empty a folder the bench owns inside its work folder (DuckDB's temp files)."""
    if path.is_dir():
        shutil.rmtree(path)
    path.mkdir(parents=True)
