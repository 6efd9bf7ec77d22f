"""The generator: deterministic, conforming to the contract, realistic in its invariants."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from marketseg.contract import EVENT_TYPES, RAW_TABLES
from marketseg.generator import GeneratorConfig, write_marketplace
from marketseg.generator.dirty import DIRTY_KINDS
from marketseg.raw_folder import MANIFEST

SMALL = GeneratorConfig(seed=3, buyers=400, sellers=20, chunk_buyers=1_000)


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*.parquet"))
    }


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    write_marketplace(SMALL, tmp_path / "a", progress=False)
    write_marketplace(SMALL, tmp_path / "b", progress=False)
    first, second = digests(tmp_path / "a"), digests(tmp_path / "b")
    assert len(first) == len(RAW_TABLES)
    assert first == second


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    write_marketplace(SMALL, tmp_path / "a", progress=False)
    other = GeneratorConfig(seed=4, buyers=400, sellers=20, chunk_buyers=1_000)
    write_marketplace(other, tmp_path / "b", progress=False)
    assert (
        digests(tmp_path / "a")["orders/part-0.parquet"]
        != digests(tmp_path / "b")["orders/part-0.parquet"]
    )


def test_chunking_keeps_every_buyer(tmp_path: Path) -> None:
    config = GeneratorConfig(seed=3, buyers=2_500, sellers=20, chunk_buyers=1_000, dirty_rate=0)
    report = write_marketplace(config, tmp_path, progress=False)
    buyers = pq.read_table(tmp_path / "buyers")
    assert report.rows["buyers"] == buyers.num_rows
    # a buyer has one row per version
    assert len(set(buyers.column("buyer_id").to_pylist())) == 2_500
    versions = buyers.group_by(["buyer_id", "updated_at"]).aggregate([])
    assert versions.num_rows == buyers.num_rows


@pytest.mark.parametrize("table", sorted(RAW_TABLES))
def test_every_table_has_the_contract_columns_and_types(test_raw_path: Path, table: str) -> None:
    schema = pq.read_schema(next((test_raw_path / table).glob("*.parquet")))
    expected = RAW_TABLES[table]
    assert schema.names == expected.names
    for field in expected:
        assert schema.field(field.name).type == field.type, field.name


def test_every_dirty_kind_is_injected(manifest_of_test_data: dict) -> None:
    dirty = manifest_of_test_data["dirty"]
    assert set(dirty) == set(DIRTY_KINDS)
    missing = [kind for kind, entry in dirty.items() if entry["rows"] < 1]
    assert missing == []


def test_clean_generation_injects_nothing(tmp_path: Path) -> None:
    config = GeneratorConfig(seed=3, buyers=400, sellers=20, dirty_rate=0)
    report = write_marketplace(config, tmp_path, progress=False)
    with duckdb.connect() as connection:
        # one row per order and version, each version later than the previous one
        orders = connection.execute(
            "select count(*), count(distinct (order_id, updated_at)), "
            "count(*) filter (where updated_at < ordered_at) "
            f"from '{tmp_path}/orders/*.parquet'"
        ).fetchone()
        assert orders[0] == orders[1] == report.rows["orders"]
        assert orders[2] == 0
        bad_lines = connection.execute(
            f"select count(*) from '{tmp_path}/order_items/*.parquet' "
            "where quantity <= 0 or unit_price < 0"
        ).fetchone()[0]
    assert bad_lines == 0


def test_behaviour_looks_like_a_marketplace(test_raw_path: Path) -> None:
    """Invariants, not copied figures: heavy-tailed buyers, funnel order, seasonality."""
    raw = str(test_raw_path)
    with duckdb.connect() as connection:
        one_timer_share, top_share = connection.execute(
            f"""
            with revenue as (
                select o.buyer_id, count(distinct o.order_id) as orders,
                    sum(i.unit_price * i.quantity - i.discount_amount) as spend
                from '{raw}/orders/*.parquet' as o
                join '{raw}/order_items/*.parquet' as i using (order_id)
                group by 1
            ),
            ranked as (
                select orders, sum(spend) over (order by spend desc rows unbounded preceding)
                    / sum(spend) over () as cumulative,
                    row_number() over (order by spend desc) as position,
                    count(*) over () as buyers
                from revenue
            )
            select avg(case when orders = 1 then 1.0 else 0 end),
                min(case when cumulative >= 0.8 then position end) / max(buyers)
            from ranked
            """
        ).fetchone()
        # most purchasers buy once; a minority of buyers makes 80% of revenue
        assert 0.3 < one_timer_share < 0.8
        assert 0.1 < top_share < 0.45
        types = {
            row[0]
            for row in connection.execute(
                f"select distinct event_type from '{raw}/events/*.parquet'"
            ).fetchall()
        }
        assert types == set(EVENT_TYPES)
        # conversion: a small share of sessions ends with a purchase
        conversion = connection.execute(
            f"""select count(distinct session_id) filter (where event_type = 'purchase')
                / count(distinct session_id) from '{raw}/events/*.parquet'"""
        ).fetchone()[0]
        assert 0.01 < conversion < 0.15
        # Q4 is busier than Q3
        q3, q4 = connection.execute(
            f"""select count(*) filter (where month(ordered_at) in (7, 8, 9)),
                count(*) filter (where month(ordered_at) in (10, 11, 12))
                from '{raw}/orders/*.parquet' where year(ordered_at) = 2025"""
        ).fetchone()
        assert q4 > q3


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="--end"):
        GeneratorConfig(start=dt.date(2024, 1, 1), end=dt.date(2023, 1, 1))
    with pytest.raises(ValueError, match="--dirty-rate"):
        GeneratorConfig(dirty_rate=0.5)
    with pytest.raises(ValueError, match="--buyers"):
        GeneratorConfig(buyers=3)


def test_no_order_line_sells_a_product_before_it_or_its_seller_exists(tmp_path: Path) -> None:
    """A line's product, and its seller, exist when the order is placed (injected dirty
    rows aside: they move order dates or break keys on purpose)."""
    config = GeneratorConfig(seed=7, buyers=300, sellers=20)
    write_marketplace(config, tmp_path, progress=False)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    dirty_keys = sorted(
        {
            key
            for entry in manifest["dirty"].values()
            if entry["table"] in {"orders", "order_items", "products", "sellers"}
            for key in entry["keys"]
            if key is not None
        }
    )
    raw = str(tmp_path)
    with duckdb.connect() as connection:
        connection.execute("create table dirty_keys (key varchar)")
        connection.executemany("insert into dirty_keys values (?)", [[k] for k in dirty_keys])
        lines, too_early = connection.execute(
            f"""
            with lines as (
                select
                    orders.order_id,
                    orders.ordered_at,
                    products.created_at as product_created_at,
                    sellers.created_at as seller_created_at
                from '{raw}/order_items/*.parquet' as items
                inner join '{raw}/orders/*.parquet' as orders using (order_id)
                inner join '{raw}/products/*.parquet' as products using (product_id)
                inner join '{raw}/sellers/*.parquet' as sellers
                    on products.seller_id = sellers.seller_id
                where not exists (
                    select 1 from dirty_keys
                    where dirty_keys.key in (
                        items.order_id,
                        items.order_id || '#' || items.line_number,
                        items.product_id,
                        items.seller_id
                    )
                )
            )
            select
                count(*),
                count(*) filter (
                    where product_created_at > ordered_at or seller_created_at > ordered_at
                )
            from lines
            """
        ).fetchone()
    assert lines > 0
    assert too_early == 0, f"{too_early} of {lines} order lines sell a product not yet created"
