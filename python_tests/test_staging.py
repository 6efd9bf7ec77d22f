"""Staging on the dirty test marketplace: every defect lands where the rules say."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from marketseg.contract import RAW_TABLES
from marketseg.dbt import DbtError, run_dbt
from marketseg.generator.dirty import DIRTY_KINDS

PROJECT = Path(__file__).resolve().parents[1]
VERSIONED_TABLES = {"orders", "buyers", "sellers"}
REJECTED_KINDS = sorted(kind for kind, (_, reason) in DIRTY_KINDS.items() if reason)


@pytest.mark.parametrize("kind", REJECTED_KINDS)
def test_each_dirty_kind_is_rejected_with_its_reason(
    kind: str, manifest_of_test_data: dict, warehouse: duckdb.DuckDBPyConnection
) -> None:
    entry = manifest_of_test_data["dirty"][kind]
    keys = entry["keys"]
    assert keys, f"the test data holds no {kind}"
    if entry["reason"] == "bot":
        # bot events are counted per actor and day in rejected_rows, not copied one by one
        # (DECISIONS.md, "Bot events in the audit"): the base model names their reason
        reasons = warehouse.execute(
            "select event_id, rejection_reason from staging.base_marketplace__events "
            "where event_id in (select unnest(?))",
            [keys],
        ).fetchall()
        assert {key for key, reason in reasons if reason == "bot"} == set(keys)
        (counted,) = warehouse.execute(
            "select sum(rows_count) from audit.rejected_rows where reason = 'bot'"
        ).fetchone()
        assert counted >= len(keys)
        return
    rows = warehouse.execute(
        "select source_key, count(*) from audit.rejected_rows "
        "where source_table = ? and reason = ? group by 1",
        [entry["table"], entry["reason"]],
    ).fetchall()
    rejected = dict(rows)
    if all(key is None for key in keys):
        assert rejected.get(None, 0) >= len(keys)
    else:
        missing = sorted({key for key in keys if key not in rejected})
        assert missing == [], f"{kind}: not rejected as {entry['reason']}: {missing[:5]}"


@pytest.mark.parametrize("table", sorted(RAW_TABLES))
def test_every_raw_row_is_staged_or_rejected(
    table: str, test_raw_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    (raw_rows,) = warehouse.execute(
        f"select count(*) from read_parquet('{test_raw_path}/{table}/*.parquet')"
    ).fetchone()
    # orders, buyers and sellers keep every clean version (DECISIONS.md, "Versions in force")
    staged_model = f"{table[:-1]}_versions" if table in VERSIONED_TABLES else table
    (staged,) = warehouse.execute(
        f"select count(*) from staging.stg_marketplace__{staged_model}"
    ).fetchone()
    (rejected,) = warehouse.execute(
        "select coalesce(sum(rows_count), 0) from audit.rejected_rows where source_table = ?",
        [table],
    ).fetchone()
    assert raw_rows == staged + rejected
    assert rejected < raw_rows * 0.2


def test_late_arriving_buyers_keep_their_orders(
    manifest_of_test_data: dict, warehouse: duckdb.DuckDBPyConnection
) -> None:
    late = manifest_of_test_data["dirty"]["late_arriving_buyer"]["keys"]
    kept = warehouse.execute(
        "select distinct buyer_id from staging.stg_marketplace__orders "
        "where is_buyer_late_arriving and buyer_id in (select unnest(?))",
        [late],
    ).fetchall()
    assert {row[0] for row in kept} == set(late)


def test_lower_case_codes_are_normalised_and_kept(
    manifest_of_test_data: dict, warehouse: duckdb.DuckDBPyConnection
) -> None:
    orders = manifest_of_test_data["dirty"]["lower_case_currency"]["keys"]
    currencies = warehouse.execute(
        "select currency from staging.stg_marketplace__orders where order_id in (select unnest(?))",
        [orders],
    ).fetchall()
    assert len(currencies) == len(orders)
    assert all(code == code.upper() for (code,) in currencies)
    unknown = manifest_of_test_data["dirty"]["unknown_country"]["keys"]
    countries = warehouse.execute(
        "select country_code from staging.stg_marketplace__buyers "
        "where buyer_id in (select unnest(?))",
        [unknown],
    ).fetchall()
    assert countries and all(code is None for (code,) in countries)


def test_erased_buyers_keep_no_personal_data(
    manifest_of_test_data: dict, warehouse: duckdb.DuckDBPyConnection
) -> None:
    erased = manifest_of_test_data["dirty"]["erased_buyer"]["keys"]
    rows = warehouse.execute(
        "select is_erased, email_hash, birth_date, city from staging.stg_marketplace__buyers "
        "where buyer_id in (select unnest(?))",
        [erased],
    ).fetchall()
    assert rows
    assert all(row == (True, None, None, None) for row in rows)


def test_no_raw_email_anywhere(warehouse: duckdb.DuckDBPyConnection) -> None:
    columns = warehouse.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'marts', 'audit') "
        "and column_name = 'email'"
    ).fetchall()
    assert columns == []
    (leaks,) = warehouse.execute(
        "select count(*) from audit.rejected_rows where raw_record like '%@%'"
    ).fetchone()
    assert leaks == 0


def test_a_missing_raw_table_stops_the_run_with_the_folder_it_looked_in(
    tmp_path: Path, test_raw_path: Path
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(test_raw_path, raw)
    shutil.rmtree(raw / "reviews")
    project = Path(__file__).resolve().parents[1]
    with pytest.raises(DbtError, match=r"Raw table 'reviews' not found.*reviews/\*\.parquet"):
        run_dbt(["run", "--select", "stg_marketplace__reviews"], project,
                tmp_path / "warehouse.duckdb", {"raw_path": str(raw)})  # fmt: skip


def test_a_raw_path_with_a_partition_like_folder_stops_the_run(
    tmp_path: Path, test_raw_path: Path
) -> None:
    # hive partitioning would read `currency=XXX` as a value of the orders' currency column
    raw = tmp_path / "currency=XXX" / "raw"
    raw.parent.mkdir()
    raw.symlink_to(test_raw_path)
    with pytest.raises(DbtError, match=r"folder named like a partition \('currency=XXX'\)"):
        run_dbt(["run", "--select", "stg_marketplace__reviews"], PROJECT,
                tmp_path / "warehouse.duckdb", {"raw_path": str(raw)})  # fmt: skip


def test_a_raw_folder_named_with_a_quote_builds(
    tmp_path: Path, test_raw_path: Path, manifest_of_test_data: dict
) -> None:
    raw = tmp_path / "o'brien raw"
    shutil.copytree(test_raw_path, raw)
    warehouse = tmp_path / "warehouse.duckdb"
    run_dbt(["run", "--select", "+stg_marketplace__reviews"], PROJECT, warehouse,
            {"raw_path": str(raw)})  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        (raw_rows,) = connection.execute("select count(*) from raw.reviews").fetchone()
        (staged,) = connection.execute(
            "select count(*) from staging.stg_marketplace__reviews"
        ).fetchone()
    assert raw_rows == manifest_of_test_data["rows"]["reviews"]
    assert 0 < staged <= raw_rows


@pytest.mark.parametrize(
    ("raw_path", "folder"),
    [
        ("/data/o'brien raw/", "/data/o'brien raw/orders"),
        ("C:\\exports\\2026-11\\", "C:/exports/2026-11/orders"),
    ],
)
def test_raw_table_path_keeps_the_path_and_drops_the_trailing_slash(
    tmp_path: Path, raw_path: str, folder: str
) -> None:
    result = run_dbt(["compile", "--inline", "{{ raw_table_path('orders') }}"], PROJECT,
                     tmp_path / "warehouse.duckdb", {"raw_path": raw_path})  # fmt: skip
    assert result.results[0].node.compiled_code.strip() == folder


def test_both_raw_relation_variants_quote_the_shared_path() -> None:
    text = (PROJECT / "macros" / "create_raw_relations.sql").read_text()
    for variant in ("default__create_raw_relations", "duckdb__create_raw_relations"):
        body = text.split(f"macro {variant}()")[1].split("endmacro")[0]
        assert "dbt.escape_single_quotes(raw_table_path(table))" in body
        assert "var('raw_path')" not in body
