"""`marketseg bench` (issue #14, docs/benchmarks.md): end to end on 300 generated buyers,
and its parts. Checks the report's structure and that its figures are positive: never a
timing threshold (the figures depend on the machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marketseg.bench import purchases
from marketseg.bench.data import (
    WORK_MARKER,
    BenchError,
    claim_work,
    generated_matches,
    land_last_day,
    parquet_rows,
    prepare_landed,
    scan,
)
from marketseg.bench.report import RESULTS_MARKER, write_markdown
from marketseg.contract import RAW_TABLES

BUYERS = 300
LAYERS = {"staging", "intermediate", "marts", "segments", "audit", "tests"}


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> tuple[dict, Path, str]:
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "benchmarks.md"
    result = subprocess.run(
        [
            sys.executable, "-m", "marketseg", "bench", "--buyers", str(BUYERS),
            "--work", str(folder / "work"), "--out", str(out), "--memory-limit", "2GB",
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout[-3000:]
    report = json.loads((folder / "work" / f"bench_{BUYERS}.json").read_text())
    return report, out, result.stdout


@pytest.mark.build
def test_full_build_figures_are_positive(bench) -> None:
    report, _, _ = bench
    full = report["full_build"]
    assert full["unit_tests"] == "excluded"
    for key in ["wall_seconds", "dbt_elapsed_seconds", "peak_memory_bytes", "rows_per_second"]:
        assert full[key] > 0, key
    assert full["raw_rows"] == report["raw"]["rows_full_build"] > 0
    assert set(full["layers"]) >= LAYERS
    assert all(layer["seconds"] >= 0 and layer["nodes"] > 0 for layer in full["layers"].values())
    assert len(full["top_models"]) == 10
    assert all(model["seconds"] > 0 for model in full["top_models"])
    assert "base_marketplace__events" in full["events_path"]["models"] or any(
        "events" in model for model in full["events_path"]["models"]
    )
    assert full["events_path"]["seconds"] > 0
    # the predictions' fit and scoring (issue #16), reported apart
    assert set(full["predictions"]) == {"int_prediction_fits", "int_buyer_predictions"}
    assert all(seconds > 0 for seconds in full["predictions"].values())


@pytest.mark.build
def test_one_day_incremental_run_is_measured(bench) -> None:
    report, _, _ = bench
    assert report["raw"]["daily_partitions"] is True
    daily = report["incremental"]
    assert daily["status"] == "measured", daily
    assert daily["day"] == report["raw"]["last_landed_day"]
    for key in ["wall_seconds", "peak_memory_bytes", "raw_rows", "share_of_full_build"]:
        assert daily[key] > 0, key
    assert "unit_test" not in json.dumps(daily["layers"])


@pytest.mark.build
def test_handwritten_events_path_is_compared(bench) -> None:
    report, _, _ = bench
    hand = report["handwritten"]
    assert hand["status"] == "measured", hand
    assert hand["seconds"] > 0
    assert hand["sessions"] > 0
    assert hand["project_sessions"] > 0
    assert hand["peak_memory_bytes"] > 0
    assert hand["ratio"] > 0
    # the project's path measured alone: the same models as in the full build, one thread
    assert hand["project_events_path_models"] == report["full_build"]["events_path"]["models"]
    assert "--threads 1" in hand["project_events_path_command"]
    assert "base_marketplace__event_rejections" not in hand["project_events_path_models"]


@pytest.mark.build
def test_purchase_metrics_agree_with_pandas_and_lifetimes(bench) -> None:
    report, _, _ = bench
    metrics = report["purchase_metrics"]
    assert metrics["purchase_lines"] > 0
    assert metrics["buyers"] > 0
    assert metrics["sample_buyers"] == metrics["buyers"]
    for way in ["pandas_groupby", "lifetimes"]:
        assert metrics[f"{way}_seconds"] > 0
        assert metrics[f"{way}_ratio"] > 0
        assert metrics[f"{way}_differing"] == 0, way


@pytest.mark.build
def test_report_is_printed_and_written(bench) -> None:
    report, out, stdout = bench
    text = out.read_text()
    assert RESULTS_MARKER in text
    assert f"<!-- bench buyers={BUYERS} start -->" in text
    for figure in ["full build", "one-day incremental", "Top models", "lifetimes", "Machine"]:
        assert figure in text
        assert figure in stdout
    assert "Predictions (BG/NBD and Gamma-Gamma, dbt Python models): int_prediction_fits" in text
    machine = report["machine"]
    assert machine["cores"] > 0
    assert machine["memory_bytes"] > 0
    assert machine["duckdb"]
    assert machine["dbt_core"]


@pytest.mark.build
def test_generated_data_is_reused_only_for_the_same_buyers_seed_and_sellers(bench) -> None:
    report, _, _ = bench
    assert report["generated"] == "yes"
    raw = Path(report["raw"]["path"])
    assert (raw.parent / WORK_MARKER).is_file()
    assert generated_matches(raw, BUYERS, 42)
    assert not generated_matches(raw, BUYERS + 1, 42)
    assert not generated_matches(raw, BUYERS, 43)
    assert not generated_matches(raw, BUYERS, 42, sellers=5000)


def test_differing_counts_a_buyer_whose_metrics_differ() -> None:
    index = pd.Index(["a", "b", "c"], name="buyer_id")
    left = pd.DataFrame(
        {"frequency": [0, 2, 1], "recency": [0, 10, 5], "T": [30, 40, 50],
         "monetary_value": [float("nan"), 12.5, 3.0]},
        index=index,
    )  # fmt: skip
    assert purchases.differing(left, left.copy(), index) == 0
    right = left.copy()
    right.loc["b", "monetary_value"] = 12.6
    assert purchases.differing(left, right, index) == 1
    right.loc["c", "T"] = 51
    assert purchases.differing(left, right, index) == 2
    assert purchases.differing(left, left.drop(index="a"), index) == 1


def test_markdown_is_written_only_into_a_file_the_bench_owns(tmp_path: Path) -> None:
    theirs = tmp_path / "notes.md"
    theirs.write_text("# my notes\n")
    with pytest.raises(BenchError, match="not written by marketseg bench"):
        write_markdown(theirs, {"buyers": 1})
    assert theirs.read_text() == "# my notes\n"


def test_a_foreign_out_file_stops_the_bench_before_any_work(tmp_path: Path) -> None:
    theirs = tmp_path / "notes.md"
    theirs.write_text("# my notes\n")
    result = subprocess.run(
        [sys.executable, "-m", "marketseg", "bench", "--buyers", "300",
         "--work", str(tmp_path / "work"), "--out", str(theirs)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "not written by marketseg bench" in result.stderr + result.stdout
    assert theirs.read_text() == "# my notes\n"
    assert not (tmp_path / "work").exists()


def test_markdown_replaces_only_its_own_section(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        "marketseg.bench.report.markdown_section", lambda report: f"figures {report['date']}\n"
    )
    out = tmp_path / "benchmarks.md"
    out.write_text(f"# Benchmarks\nhow to run\n\n{RESULTS_MARKER}\n")
    write_markdown(out, {"buyers": 10, "date": "one"})
    write_markdown(out, {"buyers": 20, "date": "two"})
    write_markdown(out, {"buyers": 10, "date": "three"})
    text = out.read_text()
    assert text.startswith("# Benchmarks\nhow to run\n")
    assert "figures one" not in text
    assert text.index("figures three") < text.index("figures two")
    assert not list(tmp_path.glob(".benchmarks.md.*"))  # no temporary file left


def test_work_folder_of_someone_else_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("1\n")
    with pytest.raises(BenchError, match="did not write"):
        claim_work(tmp_path)
    assert not (tmp_path / WORK_MARKER).exists()


def _partitioned_folder(root: Path) -> None:
    """A raw folder of tiny files: events in three daily partitions, the rest plain."""
    table = pa.table({"x": [1, 2]})
    for name in RAW_TABLES:
        (root / name).mkdir(parents=True)
        if name == "events":
            for day in ["2025-12-29", "2025-12-30", "2025-12-31"]:
                (root / name / f"landed_date={day}").mkdir()
                pq.write_table(table, root / name / f"landed_date={day}" / "part-0.parquet")
        else:
            pq.write_table(table, root / name / "part-0.parquet")


def test_landed_folder_links_all_but_the_last_day_then_the_last_day(tmp_path: Path) -> None:
    raw, landed = tmp_path / "raw", tmp_path / "landed"
    _partitioned_folder(raw)
    layout = scan(raw)
    assert str(layout.last_day) == "2025-12-31"
    files = prepare_landed(layout, landed)
    assert len(files) == len(RAW_TABLES) - 1 + 2
    assert parquet_rows(files) == 2 * len(files)
    linked = sorted(p.relative_to(landed).as_posix() for p in landed.rglob("*.parquet"))
    assert "events/landed_date=2025-12-30/part-0.parquet" in linked
    assert "events/landed_date=2025-12-31/part-0.parquet" not in linked
    assert all(path.is_symlink() for path in landed.rglob("*.parquet"))
    assert [p.name for p in land_last_day(layout, landed)] == ["part-0.parquet"]
    assert (landed / "events" / "landed_date=2025-12-31" / "part-0.parquet").is_symlink()
    # a second run starts again from all but the last day, and leaves the raw folder alone
    prepare_landed(layout, landed)
    assert not (landed / "events" / "landed_date=2025-12-31").exists()
    assert len(list(raw.rglob("*.parquet"))) == len(RAW_TABLES) - 1 + 3


def test_landed_folder_holding_other_files_is_left_alone(tmp_path: Path) -> None:
    raw, landed = tmp_path / "raw", tmp_path / "landed"
    _partitioned_folder(raw)
    landed.mkdir()
    (landed / "mine.txt").write_text("keep")
    with pytest.raises(BenchError, match="not written by marketseg bench"):
        prepare_landed(scan(raw), landed)
    assert (landed / "mine.txt").read_text() == "keep"
