"""Raw folders (SPEC 1: a user's export is read-only): which tables they hold, and which
ones the project may write.

The generator and the CDNOW loader write only into a folder they own: a new or empty
folder, or one holding their manifest `_generator_manifest.json`, which lists the files
they wrote there. Rewriting a folder deletes only those files, and is refused when a table
folder holds a file they did not write. See DECISIONS.md ("Raw folder ownership").

A table's Parquet files are plain `<table>/*.parquet` files, daily partitions
`<table>/landed_date=YYYY-MM-DD/*.parquet` (docs/raw_data.md), or both.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from marketseg.contract import RAW_TABLES, partition_day

MANIFEST = "_generator_manifest.json"
PART = "part-0.parquet"
# the names the generator gives its files (one or more per partition folder)
_GENERATOR_PART = re.compile(r"part-[0-9]+\.parquet")
# where the generator writes the plain files it then splits into daily partitions
PLAIN_SCRATCH = "_plain_before_partitions"


class RawFolderError(Exception):
    """A raw folder cannot be used as asked; the message says why and what to do."""


def table_files(folder: Path, table: str) -> list[Path]:
    """The Parquet files of `table`: plain ones and those of well-named daily partitions."""
    root = folder / table
    plain = sorted(root.glob("*.parquet"))
    partitions = sorted(
        path for path in root.glob("*/*.parquet") if partition_day(path.parent.name) is not None
    )
    return plain + partitions


def malformed_partitions(folder: Path) -> list[Path]:
    """Sub-folders of table folders that are not daily partitions `landed_date=YYYY-MM-DD`."""
    return [
        path
        for name in RAW_TABLES
        if (folder / name).is_dir()
        for path in sorted((folder / name).iterdir())
        if path.is_dir() and partition_day(path.name) is None
    ]


def missing_tables(folder: Path) -> list[str]:
    """The raw tables without a Parquet file in `folder/<table>/` or its daily partitions."""
    return [name for name in RAW_TABLES if not table_files(folder, name)]


def check_complete(folder: Path) -> None:
    """Raise RawFolderError naming the folder and the tables it lacks, if any."""
    if not folder.is_dir():
        raise RawFolderError(
            f"raw folder {folder} does not exist or is not a folder: pass the folder "
            "holding your export (RAW_PATH=<folder>, see docs/raw_data.md)"
        )
    above = [part for part in folder.absolute().parts if "=" in part]
    if above:
        raise RawFolderError(
            f"{folder} has a folder named like a partition ({above[0]!r}): only the table "
            "folders' sub-folders may be named name=value (landed_date=YYYY-MM-DD, "
            "docs/raw_data.md); move the export to a path without '=' in its folder names"
        )
    malformed = malformed_partitions(folder)
    if malformed:
        raise RawFolderError(
            f"{malformed[0]} is not a daily partition: a table folder may hold Parquet files "
            "and partition folders named landed_date=YYYY-MM-DD (a valid date, "
            "docs/raw_data.md); rename or move "
            f"{'it' if len(malformed) == 1 else f'it and {len(malformed) - 1} other folder(s)'}"
        )
    missing = missing_tables(folder)
    if missing:
        raise RawFolderError(
            f"raw table{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"not found: no Parquet file in {folder}/<table>/; add "
            f"{'them' if len(missing) > 1 else 'it'} to the export, or set RAW_PATH to a folder "
            "holding every raw table (docs/raw_data.md)"
        )


def is_owned(folder: Path) -> bool:
    """True if the project may write `folder`: new, empty, or holding its manifest."""
    if not folder.exists():
        return True
    return folder.is_dir() and (not any(folder.iterdir()) or (folder / MANIFEST).is_file())


def is_complete(folder: Path) -> bool:
    """Every table has a Parquet file and no write of the project was left unfinished."""
    if missing_tables(folder):
        return False
    return not is_owned(folder) or _read_manifest(folder).get("complete", True)


def claim(folder: Path, files: list[str], daily_partitions: bool = False) -> None:
    """Make `folder` ready for writing `files` (paths relative to it), or refuse.

    Deletes the files a previous write listed in the manifest (for a manifest older than
    the list: `<table>/part-0.parquet`; for an interrupted write of daily partitions, whose
    files are known only at its end, also the generator's `part-<n>.parquet` files of the
    partition folders and the scratch folder of plain files); a file of anyone else stops
    it before anything is deleted. Then writes a manifest marking the folder as being
    written, so that an interrupted write is still the project's own.
    """
    if folder.exists() and not folder.is_dir():
        raise RawFolderError(f"{folder} is a file, not a folder: pass a new or empty folder")
    if not is_owned(folder):
        raise RawFolderError(
            f"{folder} holds data the generator did not write (no {MANIFEST}): nothing "
            "was changed; pass a new or empty folder"
        )
    previous = _read_manifest(folder)
    written = set(previous.get("files", [f"{t}/{PART}" for t in RAW_TABLES]))
    partitioned = previous.get("daily_partitions", False)
    stale = [
        path
        for name in RAW_TABLES
        for path in sorted((folder / name).rglob("*"))
        if not path.is_dir()
    ]
    # an interrupted write of daily partitions listed no file yet: only the generator's own
    # file names in valid partition folders are its own; a finished write lists every file
    interrupted = partitioned and not previous.get("complete", False)
    for path in stale:
        ours = path.relative_to(folder).as_posix() in written or (
            interrupted
            and path.parent.parent.parent == folder
            and partition_day(path.parent.name) is not None
            and _GENERATOR_PART.fullmatch(path.name) is not None
        )
        if not ours:
            raise RawFolderError(
                f"{path} was not written by the generator: nothing was changed; move it "
                "out of the folder, or pass a new or empty folder"
            )
    for path in stale:
        path.unlink()
    for name in RAW_TABLES:
        for path in sorted((folder / name).glob("*"), reverse=True):
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    if (folder / PLAIN_SCRATCH).is_dir() and partitioned:
        shutil.rmtree(folder / PLAIN_SCRATCH)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"files": files, "complete": False}
    if daily_partitions:
        manifest["daily_partitions"] = True
    record(folder, manifest)


def record(folder: Path, manifest: dict) -> None:
    """Write the manifest of what the project wrote in `folder`."""
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError:
        manifest = None
    if not isinstance(manifest, dict):
        raise RawFolderError(
            f"{path} is not a manifest the generator wrote: pass a new or empty folder"
        )
    return manifest
