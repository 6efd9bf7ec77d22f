"""The serving file, attached read-only, without Streamlit: what the dashboard's pages read
(through data.py, which caches) and what its Data Docs route reads (asgi.py, in the server,
outside any page run)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from marketseg.warehouse import serving_path

# times the file may be swapped while it is being attached before we give up
ATTACH_TRIES = 3


class ServingFileError(Exception):
    """The serving file cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Snapshot:
    """One serving file, attached read-only: its path, its identity, the connection."""

    path: str
    stamp: tuple[int, int, int]
    connection: duckdb.DuckDBPyConnection


def serving_file() -> Path:
    """The serving file (MARKETSEG_SERVING_PATH, else warehouse/serving.duckdb), or
    ServingFileError when there is none."""
    path = serving_path()
    if not path.is_file():
        raise ServingFileError(
            f"no serving file at {path}: run `make run` (or `marketseg build`) to build and "
            "publish the marts, or set MARKETSEG_SERVING_PATH to a published serving file"
        )
    return path


def _stamp(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def attach(path: Path) -> Snapshot:
    """`path` attached read-only to a new in-memory DuckDB, with the identity of the file
    it attached (taken before and after: a publish in between is retried)."""
    for _ in range(ATTACH_TRIES):
        try:
            before = _stamp(path)
            connection = duckdb.connect()
            connection.execute(f"attach '{_quoted(path)}' as serving (read_only)")
            connection.execute("use serving")
        except FileNotFoundError:
            raise ServingFileError(f"the serving file {path} was removed") from None
        except duckdb.Error as error:
            raise ServingFileError(f"cannot open {path} ({str(error).splitlines()[0]})") from None
        if _stamp(path) == before:
            return Snapshot(str(path.resolve()), before, connection)
        connection.close()
    raise ServingFileError(f"{path} was replaced {ATTACH_TRIES} times while opening it: reload")


def read(connection: duckdb.DuckDBPyConnection, path: str, sql: str, params: tuple) -> pd.DataFrame:
    try:
        return connection.execute(sql, list(params)).df()
    except duckdb.CatalogException as error:
        raise ServingFileError(
            f"{path} lacks a relation the dashboard reads ({str(error).splitlines()[0]}): "
            "publish a build of this version of the project (`make run`)"
        ) from None
    except duckdb.Error as error:
        raise ServingFileError(f"cannot read {path} ({str(error).splitlines()[0]})") from None


def run_query(path: str, sql: str, params: tuple = ()) -> pd.DataFrame:
    """Run `sql` on the file at `path`, read-only, without the cache."""
    pinned = attach(Path(path))
    try:
        return read(pinned.connection, path, sql, params)
    finally:
        pinned.connection.close()
