"""How long each dashboard page takes to load in a browser, on a given serving file.

    python -m marketseg.bench.dashboard --serving warehouse/serving.duckdb [--rounds 2]

Starts `marketseg dashboard` on a free port, opens every page from the sidebar in headless
Chromium (marketseg.dashboard.browse) and prints, per page, the seconds from the click (the
first page: from opening its URL) until Streamlit has run the page and Vega has drawn its
charts. The first round runs on an empty cache (every query reads the serving file); the
next rounds show what a person moving between pages waits (the queries are cached until the
next publish). Needs the dev extra (Playwright) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import duckdb

from marketseg.dashboard.browse import PAGES, view_every_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serving", type=Path, required=True, help="a published serving file")
    parser.add_argument("--rounds", type=int, default=2, help="visits of every page (default 2)")
    args = parser.parse_args(argv)
    with duckdb.connect(str(args.serving), read_only=True) as db:
        (buyers,) = db.execute("select count(*) from marts.buyer_segments").fetchone()
        (history,) = db.execute("select count(*) from marts.buyer_lifecycle_history").fetchone()
    size = args.serving.stat().st_size / 1_000_000
    with tempfile.TemporaryDirectory(prefix="marketseg-dashboard-bench-") as work:
        views, session = view_every_page(args.serving, Path(work), None, args.rounds)
    print(
        f"serving file {args.serving} ({size:,.1f} MB): {buyers:,} buyers, "
        f"{history:,} lifecycle periods"
    )
    print("| page | first view, s | later views, median s |")
    print("|---|---:|---:|")
    for title in PAGES:
        times = [view.seconds for view in views if view.title == title]
        later = f"{statistics.median(times[1:]):.2f}" if len(times) > 1 else "-"
        print(f"| {title} | {times[0]:.2f} | {later} |")
    for problem in session.problems:
        print(f"browser: {problem}")
    return 1 if session.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
