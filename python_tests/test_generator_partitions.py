"""`marketseg generate --daily-partitions`: the same rows as plain files, in daily
partitions `<table>/landed_date=YYYY-MM-DD/part-0.parquet`, with late rows and later
order versions on later days; the raw folder checks accept the layout and reject a
malformed partition folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from marketseg.contract import RAW_TABLES, partition_day
from marketseg.generator import GeneratorConfig, write_marketplace
from marketseg.raw_folder import PLAIN_SCRATCH, RawFolderError, check_complete, missing_tables

CONFIG = GeneratorConfig(
    seed=5,
    buyers=300,
    sellers=20,
    start=dt.date(2025, 10, 1),
    end=dt.date(2025, 12, 31),
    chunk_buyers=1_000,
)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("partitions")
    write_marketplace(CONFIG, root / "plain", progress=False)
    write_marketplace(CONFIG, root / "daily", progress=False, daily_partitions=True)
    return root / "plain", root / "daily"


def test_every_file_is_in_a_daily_partition(folders: tuple[Path, Path]) -> None:
    _, daily = folders
    assert not (daily / PLAIN_SCRATCH).exists()
    for table, schema in RAW_TABLES.items():
        assert not list((daily / table).glob("*.parquet")), table
        files = sorted((daily / table).glob("*/*.parquet"))
        assert files, table
        for path in files:
            day = partition_day(path.parent.name)
            assert day is not None and CONFIG.start <= day <= CONFIG.end, path
            assert path.name == "part-0.parquet"
        # the contract's columns and types, without the partition column
        file_schema = pq.read_schema(files[0])
        assert file_schema.names == schema.names, table
        for field in schema:
            assert file_schema.field(field.name).type == field.type, (table, field.name)


@pytest.mark.parametrize("table", sorted(RAW_TABLES))
def test_partitions_hold_the_same_rows_as_plain_files(
    folders: tuple[Path, Path], table: str
) -> None:
    plain, daily = folders
    with duckdb.connect() as connection:
        a = f"select * from read_parquet('{plain / table}/*.parquet')"
        b = (
            f"select * exclude (landed_date) from read_parquet('{daily / table}/*/*.parquet', "
            "hive_partitioning = true)"
        )
        counts = connection.execute(
            f"select (select count(*) from ({a})), (select count(*) from ({b})), "
            f"(select count(*) from ({a} except all {b})), "
            f"(select count(*) from ({b} except all {a}))"
        ).fetchone()
    assert counts[0] == counts[1] > 0
    assert counts[2:] == (0, 0)


def test_rows_land_on_their_day_some_late_and_later_versions_later(
    folders: tuple[Path, Path],
) -> None:
    _, daily = folders

    def read(table: str) -> str:
        return f"read_parquet('{daily / table}/*/*.parquet', hive_partitioning = true)"

    with duckdb.connect() as connection:
        early, late = connection.execute(
            "select count(*) filter (where landed_date < cast(occurred_at as date) "
            f"and occurred_at >= timestamp '{CONFIG.start}'), count(*) filter (where landed_date "
            f"between cast(occurred_at as date) + 1 and cast(occurred_at as date) + 3) "
            f"from {read('events')} where occurred_at <= timestamp '{CONFIG.end} 23:59:59'"
        ).fetchone()
        late_lines = connection.execute(
            f"select count(*) from {read('order_items')} as items inner join (select order_id, "
            f"min(landed_date) as first_day from {read('orders')} group by 1) as orders "
            "on items.order_id = orders.order_id where items.landed_date > orders.first_day"
        ).fetchone()[0]
        updated_later = connection.execute(
            f"select count(*) from (select order_id from {read('orders')} group by 1 "
            "having count(distinct landed_date) > 1)"
        ).fetchone()[0]
    assert early == 0
    assert late > 0 and late_lines > 0 and updated_later > 0


def test_same_arguments_give_the_same_partitions(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    _, daily = folders
    write_marketplace(CONFIG, tmp_path, progress=False, daily_partitions=True)
    again = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet"))
    first = sorted(p.relative_to(daily).as_posix() for p in daily.rglob("*.parquet"))
    assert again == first
    for path in first[:50]:
        assert (tmp_path / path).read_bytes() == (daily / path).read_bytes(), path


def test_a_partitioned_folder_can_be_rewritten_plain_and_back(tmp_path: Path) -> None:
    write_marketplace(CONFIG, tmp_path, progress=False, daily_partitions=True)
    write_marketplace(CONFIG, tmp_path, progress=False)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet")) == [
        f"{table}/part-0.parquet" for table in sorted(RAW_TABLES)
    ]
    write_marketplace(CONFIG, tmp_path, progress=False, daily_partitions=True)
    assert not list(tmp_path.glob("*/*.parquet"))
    check_complete(tmp_path)


@pytest.mark.parametrize("layout", ["daily", "plain"])
def test_a_user_file_in_a_partition_stops_a_rewrite_and_stays(tmp_path: Path, layout: str) -> None:
    write_marketplace(CONFIG, tmp_path, progress=False, daily_partitions=True)
    first_day = sorted((tmp_path / "orders").glob("landed_date=*"))[0]
    theirs = [
        tmp_path / "events" / "landed_date=2025-12-11" / "my_export.parquet",
        first_day / "part-7.parquet",  # the generator's name pattern, not in its list
    ]
    for path in theirs:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"a user's file")
    with pytest.raises(RawFolderError, match="was not written by the generator"):
        write_marketplace(CONFIG, tmp_path, progress=False, daily_partitions=layout == "daily")
    for path in theirs:
        assert path.read_bytes() == b"a user's file"


def test_check_raw_accepts_partitions_and_rejects_a_malformed_partition(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    _, daily = folders
    check_complete(daily)
    assert missing_tables(daily) == []
    # a table with a plain file and a partition (mixed layouts) is fine
    mixed = tmp_path / "mixed"
    for table in RAW_TABLES:
        source = sorted((daily / table).glob("*/*.parquet"))
        (mixed / table / source[0].parent.name).mkdir(parents=True)
        (mixed / table / source[0].parent.name / "part-0.parquet").write_bytes(
            source[0].read_bytes()
        )
    events = sorted((daily / "events").glob("*/*.parquet"))[0]
    (mixed / "events" / "extra.parquet").write_bytes(events.read_bytes())
    check_complete(mixed)
    bad = mixed / "orders" / "landed_date=2025-13-01"
    bad.mkdir()
    (bad / "part-0.parquet").write_bytes(b"")
    with pytest.raises(RawFolderError, match=r"landed_date=2025-13-01 is not a daily partition"):
        check_complete(mixed)


def test_check_raw_rejects_a_partition_like_folder_above_the_tables(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    _, daily = folders
    raw = tmp_path / "currency=XXX" / "raw"
    raw.parent.mkdir()
    raw.symlink_to(daily)
    with pytest.raises(RawFolderError, match="named like a partition"):
        check_complete(raw)
