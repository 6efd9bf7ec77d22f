"""The bench's report as text: the table it prints, and its section of docs/benchmarks.md.

The markdown file is written only if the bench owns it: new, or holding RESULTS_MARKER,
below which each run replaces its own section (one per number of buyers) and keeps the rest.
Every write goes to a temporary file in the same folder, then replaces the file at once.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from marketseg.bench.data import BenchError

RESULTS_MARKER = "<!-- marketseg bench: the sections below are written by `marketseg bench` -->"
GIB = 1024**3
TWO_DECIMALS_BELOW = 10  # seconds
NEW_FILE = f"""# Benchmarks

Written by `marketseg bench` (see the project's docs/benchmarks.md for how to read it).

{RESULTS_MARKER}
"""


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_markdown_owned(path: Path) -> None:
    """Refuse an existing `path` that has no bench results marker (someone else's file)."""
    if path.exists() and RESULTS_MARKER not in path.read_text():
        raise BenchError(
            f"{path} was not written by marketseg bench (no results marker): nothing written; "
            "pass --out a new file"
        )


def write_markdown(path: Path, report: dict) -> None:
    """Replace (or add) this number of buyers' section below the marker of `path`."""
    check_markdown_owned(path)
    current = path.read_text() if path.exists() else NEW_FILE
    head, results = current.split(RESULTS_MARKER, 1)
    buyers = report["buyers"]
    start, end = f"<!-- bench buyers={buyers} start -->", f"<!-- bench buyers={buyers} end -->"
    section = f"{start}\n{markdown_section(report)}{end}\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.DOTALL)
    if pattern.search(results):
        results = pattern.sub(lambda _: section, results)
    else:
        results = results.rstrip("\n") + "\n\n" + section
    write_atomic(path, head + RESULTS_MARKER + results)


def _gib(value: int | None) -> str:
    return f"{value / GIB:.1f} GiB" if value else "n/a"


def _seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.1f} s" if value >= TWO_DECIMALS_BELOW else f"{value:.2f} s"


def markdown_section(report: dict) -> str:
    m = report["machine"]
    raw = report["raw"]
    full = report["full_build"]
    partitions = (
        f"yes, last landed day {raw['last_landed_day']}" if raw["daily_partitions"] else "no"
    )
    lines = [
        f"## {report['buyers']:,} buyers ({report['date']})",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {_gib(m['memory_bytes'])} memory, "
        f"{m['os']}; Python {m['python']}, DuckDB {m['duckdb']}, dbt-core {m['dbt_core']}, "
        f"dbt-duckdb {m['dbt_duckdb']}. DuckDB memory limit {report['memory_limit']}, "
        "2 threads.",
        "",
        f"Data: `{raw['path']}` (generated: {report['generated']}); daily partitions: "
        f"{partitions}.",
        "",
        "| run | wall time | dbt elapsed | peak memory | raw rows | rows/s | share of full |",
        "|---|---:|---:|---:|---:|---:|---:|",
        _run_row("full build", full, None),
    ]
    inc = report["incremental"]
    if inc.get("status") == "measured":
        lines.append(_run_row("one-day incremental", inc, inc["share_of_full_build"]))
    hand = report["handwritten"]
    lines += [
        "",
        f"Full build: `{full['command']}` ({full['nodes']} nodes; unit tests "
        f"{full['unit_tests']}). Peak memory: {full['peak_memory_method']}.",
    ]
    if inc.get("status") == "measured":
        lines.append(f"One-day run: `{inc['command']}`, day {inc['day']}.")
        if inc.get("note"):
            lines.append(f"Note: {inc['note']}.")
    else:
        lines.append(f"One-day run: {inc['status']}.")
    lines += ["", "Time per layer (seconds summed over nodes; two threads overlap them):", ""]
    layers = list(dict.fromkeys([*full["layers"], *inc.get("layers", {})]))
    lines += ["| layer | nodes | full build | one-day run |", "|---|---:|---:|---:|"]
    for layer in layers:
        f = full["layers"].get(layer, {})
        i = inc.get("layers", {}).get(layer, {})
        lines.append(
            f"| {layer} | {f.get('nodes', 0)} | {_seconds(f.get('seconds'))} "
            f"| {_seconds(i.get('seconds'))} |"
        )
    lines += ["", "Top models of the full build:", "", "| model | layer | time |", "|---|---|---:|"]
    lines += [
        f"| {t['model']} | {t['layer']} | {_seconds(t['seconds'])} |" for t in full["top_models"]
    ]
    lines += ["", _predictions_line(full, inc)]
    lines += ["", "Events path (staging of events and sessions) against hand-written DuckDB:", ""]
    events = full["events_path"]
    if hand.get("status") == "measured":
        lines += [
            "| | time | peak memory |",
            "|---|---:|---:|",
            f"| project in the full build (two dbt threads, summed) "
            f"| {_seconds(events['seconds'])} | |",
            f"| project alone (`{hand.get('project_events_path_command', 'dbt run')}`; "
            f"{', '.join(hand['project_events_path_models'])}; "
            f"{hand['project_sessions']:,} sessions) "
            f"| {_seconds(hand['project_events_path_seconds'])} | |",
            f"| hand-written ({hand['sessions']:,} sessions) | {_seconds(hand['seconds'])} "
            f"| {_gib(hand['peak_memory_bytes'])} |",
            f"| ratio project / hand-written | {hand['ratio']} | |",
        ]
    else:
        lines.append(
            f"Project: {_seconds(events['seconds'])} ({', '.join(events['models'])}); "
            f"hand-written: {hand['status']}."
        )
    p = report["purchase_metrics"]
    lines += [
        "",
        f"Per-buyer purchase metrics on the same {p['purchase_lines']:,} purchase lines "
        f"({p['buyers']:,} buyers; read into pandas in {_seconds(p['read_seconds'])}):",
        "",
        "| computation | time | ratio to project | buyers differing (sample) |",
        "|---|---:|---:|---:|",
        f"| project ({' + '.join(p['project_models'])}) | {_seconds(p['project_seconds'])} | 1 | |",
        f"| pandas groupby | {_seconds(p['pandas_groupby_seconds'])} | "
        f"{p['pandas_groupby_ratio']} | {p['pandas_groupby_differing']} of "
        f"{p['sample_buyers']:,} |",
    ]
    if "lifetimes_seconds" in p:
        lines.append(
            f"| lifetimes summary_data_from_transaction_data | {_seconds(p['lifetimes_seconds'])} "
            f"| {p['lifetimes_ratio']} | {p['lifetimes_differing']} of {p['sample_buyers']:,} |"
        )
    else:
        lines.append(f"| lifetimes | {p['lifetimes']} | | |")
    return "\n".join(lines) + "\n"


def _predictions_line(full: dict, inc: dict) -> str:
    """The predictions' fit and scoring (issue #16) against the full build's wall time."""
    models = full.get("predictions")
    if not models:
        return "Predictions (BG/NBD, Gamma-Gamma): not built."
    times = ", ".join(f"{name} {_seconds(seconds)}" for name, seconds in models.items())
    share = sum(models.values()) / full["wall_seconds"] if full["wall_seconds"] else 0
    line = (
        f"Predictions (BG/NBD and Gamma-Gamma, dbt Python models): {times} in the full build, "
        f"{share:.1%} of its wall time"
    )
    if inc.get("predictions"):
        line += "; " + ", ".join(
            f"{name} {_seconds(seconds)}" for name, seconds in inc["predictions"].items()
        )
        line += " in the one-day run"
    return line + "."


def _run_row(name: str, figures: dict, share: float | None) -> str:
    return (
        f"| {name} | {_seconds(figures['wall_seconds'])} | "
        f"{_seconds(figures['dbt_elapsed_seconds'])} | {_gib(figures['peak_memory_bytes'])} | "
        f"{figures['raw_rows']:,} | {figures['rows_per_second']:,} | "
        f"{'' if share is None else f'{share:.1%}'} |"
    )


def text_table(report: dict) -> str:
    """What the command prints: the markdown section (readable as plain text)."""
    return markdown_section(report)
