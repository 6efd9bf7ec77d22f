"""Raw folders (SPEC 1: a user's export is read-only): which tables they hold, and which
ones the project may write.

The generator and the CDNOW loader write only into a folder they own: a new or empty
folder, or one holding their manifest `_generator_manifest.json`, which lists the files
they wrote there. Rewriting a folder deletes only those files, and is refused when a table
folder holds a file they did not write. See DECISIONS.md ("Raw folder ownership").
"""

from __future__ import annotations

import json
from pathlib import Path

from marketseg.contract import RAW_TABLES

MANIFEST = "_generator_manifest.json"
PART = "part-0.parquet"


class RawFolderError(Exception):
    """A raw folder cannot be used as asked; the message says why and what to do."""


def missing_tables(folder: Path) -> list[str]:
    """The raw tables without a Parquet file in `folder/<table>/`."""
    return [name for name in RAW_TABLES if not any((folder / name).glob("*.parquet"))]


def check_complete(folder: Path) -> None:
    """Raise RawFolderError naming the folder and the tables it lacks, if any."""
    if not folder.is_dir():
        raise RawFolderError(
            f"raw folder {folder} does not exist or is not a folder: pass the folder "
            "holding your export (RAW_PATH=<folder>, see docs/raw_data.md)"
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


def claim(folder: Path, files: list[str]) -> None:
    """Make `folder` ready for writing `files` (paths relative to it), or refuse.

    Deletes the files a previous write listed in the manifest (for a manifest older than
    the list: `<table>/part-0.parquet`), then writes a manifest marking the folder as
    being written, so that an interrupted write is still the project's own.
    """
    if folder.exists() and not folder.is_dir():
        raise RawFolderError(f"{folder} is a file, not a folder: pass a new or empty folder")
    if not is_owned(folder):
        raise RawFolderError(
            f"{folder} holds data the generator did not write (no {MANIFEST}): nothing "
            "was changed; pass a new or empty folder"
        )
    written = set(_read_manifest(folder).get("files", [f"{t}/{PART}" for t in RAW_TABLES]))
    stale = [path for name in RAW_TABLES for path in sorted((folder / name).glob("*"))]
    for path in stale:
        if path.relative_to(folder).as_posix() not in written:
            raise RawFolderError(
                f"{path} was not written by the generator: nothing was changed; move it "
                "out of the folder, or pass a new or empty folder"
            )
    for path in stale:
        path.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    record(folder, {"files": files, "complete": False})


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
