"""Run the hand-written DuckDB events path in its own process, so that the bench measures
its peak memory as it measures dbt's: `python -m marketseg.bench.handwritten_child RAW
TEMP_DIR MEMORY_LIMIT THREADS OUT_JSON`."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path

import duckdb

ARGUMENTS = 5


def main(argv: list[str]) -> int:
    if len(argv) != ARGUMENTS:
        print(__doc__, file=sys.stderr)
        return 2
    raw, temp, memory_limit, threads, out = argv
    connection = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": memory_limit,
            "temp_directory": temp,
            "threads": int(threads),
            "preserve_insertion_order": False,
        },
    )
    try:
        # as the project's profile: day-level rules never follow the machine's time zone
        # (set after connecting: ICU is loaded on first use, not from the connect config)
        connection.execute("set TimeZone = 'UTC'")
        module = importlib.import_module("marketseg.bench.handwritten")
        result = module.run_handwritten(Path(raw), connection)
    finally:
        connection.close()
    Path(out).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
