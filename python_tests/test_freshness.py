"""Source freshness (`dbt source freshness`, _marketplace__sources.yml): a junk row dated
years ahead, which staging rejects as `future_timestamp`, does not make a stale source look
fresh, while a row that really landed an hour ago does make it fresh."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marketseg.contract import RAW_TABLES
from marketseg.dbt import DbtError, run_dbt

PROJECT = Path(__file__).resolve().parents[1]
EVENTS = "source.marketplace_segmentation.marketplace.events"


@pytest.fixture()
def raw_folder(tmp_path: Path, test_raw_path: Path) -> Path:
    """The test marketplace, its tables linked, with an events folder of its own."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for table in RAW_TABLES:
        if table != "events":
            (raw / table).symlink_to(test_raw_path / table, target_is_directory=True)
    (raw / "events").mkdir()
    for part in (test_raw_path / "events").glob("*.parquet"):
        (raw / "events" / part.name).symlink_to(part)
    return raw


def add_event(raw: Path, name: str, occurred_at: dt.datetime) -> None:
    """One more event file: a copy of a real event, its id and time replaced."""
    first = next((raw / "events").glob("part-*.parquet"))
    row = pq.read_table(first).slice(0, 1)
    row = row.set_column(
        row.schema.get_field_index("event_id"), "event_id", pa.array([f"{name}-event"])
    )
    index = row.schema.get_field_index("occurred_at")
    row = row.set_column(
        index, row.schema.field(index), pa.array([occurred_at], row.schema.field(index).type)
    )
    pq.write_table(row, raw / "events" / f"{name}.parquet")


def events_freshness(raw: Path, tmp_path: Path) -> dict:
    """What `dbt source freshness` reports for the events (a new, empty warehouse)."""
    target = tmp_path / "target"
    (target / "sources.json").unlink(missing_ok=True)
    command = ["source", "freshness", "--select", "source:marketplace.events"]
    # a stale source fails the command: its status is in sources.json
    with contextlib.suppress(DbtError):
        run_dbt(
            [*command, "--target-path", str(target)],
            PROJECT,
            tmp_path / "freshness.duckdb",
            {"raw_path": str(raw)},
        )
    results = json.loads((target / "sources.json").read_text())["results"]
    return next(r for r in results if r["unique_id"] == EVENTS)


def latest_event(raw: Path, before: dt.datetime | None = None) -> dt.datetime:
    bound = f"where occurred_at <= '{before:%Y-%m-%d %H:%M:%S}'" if before else ""
    with duckdb.connect() as connection:
        (latest,) = connection.execute(
            f"select max(occurred_at) from read_parquet('{raw}/events/*.parquet') {bound}"
        ).fetchone()
    return latest


def test_a_junk_future_event_does_not_make_stale_events_look_fresh(
    raw_folder: Path, tmp_path: Path
) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    real_latest = latest_event(raw_folder, before=now)
    assert now - real_latest > dt.timedelta(days=7), "the test data should be stale"
    # the generator's junk events aside, one of our own
    add_event(raw_folder, "junk", dt.datetime(2045, 12, 31, 12, 0))
    assert latest_event(raw_folder) == dt.datetime(2045, 12, 31, 12, 0)  # it is read

    stale = events_freshness(raw_folder, tmp_path)
    assert stale["status"] == "error"
    assert dt.datetime.fromisoformat(stale["max_loaded_at"]).replace(tzinfo=None) == real_latest
    assert stale["max_loaded_at_time_ago_in_s"] > 7 * 86_400

    # an event that landed an hour ago makes them fresh, the junk row notwithstanding
    landed = (now - dt.timedelta(hours=1)).replace(microsecond=0)
    add_event(raw_folder, "landed", landed)
    fresh = events_freshness(raw_folder, tmp_path)
    assert fresh["status"] == "pass"
    assert dt.datetime.fromisoformat(fresh["max_loaded_at"]).replace(tzinfo=None) == landed
    assert latest_event(raw_folder, before=now) == landed
