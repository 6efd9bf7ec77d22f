"""Where the published build's Data Docs are (audit.quality_verdict.docs_index)."""

from __future__ import annotations

from pathlib import Path

from marketseg.dashboard.formatting import is_missing
from marketseg.dashboard.serving_file import ServingFileError, run_query, serving_file

# where `marketseg dashboard` serves them (asgi.py)
DATA_DOCS_PATH = "/data-docs"


def data_docs_folder() -> Path | None:
    """The folder of the Data Docs' index.html the serving file's verdict names, if it is
    on this machine; None otherwise (no verdict, an older serving file, another machine)."""
    try:
        # not through data.py's cache: this runs in the server, outside any page run
        rows = run_query(str(serving_file()), "select * from audit.quality_verdict")
    except ServingFileError:  # no serving file, or one published before the verdict
        return None
    if rows.empty or "docs_index" not in rows or is_missing(rows.loc[0, "docs_index"]):
        return None
    index = Path(rows.loc[0, "docs_index"])
    return index.parent if index.is_file() else None
