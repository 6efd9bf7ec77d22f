"""The semantic layer (issue #12 point 6): `mf validate-configs` passes on the test warehouse
and what `mf query` answers equals SQL over the marts, exactly for counts and money, within
1e-9 for ratios. Definitions: docs/semantic_layer.md."""

from __future__ import annotations

import csv
import math
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from marketseg.dbt import run_dbt

PROJECT = Path(__file__).resolve().parents[1]
MF = Path(sys.executable).with_name("mf")
RATIO_TOLERANCE = 1e-9
# the marts round avg_order_value and avg_customer_value to the cent (decimal(18,2)); mf's
# double may land a hair beyond the half cent
CENT_ROUNDING = Decimal("0.005") + Decimal(str(RATIO_TOLERANCE))
LIFECYCLE_STAGE = "{{ Dimension('segment__segment_family') }} = 'lifecycle_stage'"

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def mf_env(test_warehouse: Path, test_raw_path: Path) -> dict[str, str]:
    """The environment `mf` runs in: the project parsed (target/semantic_manifest.json),
    profiles.yml found through DBT_PROFILES_DIR, the warehouse through MARKETSEG_DUCKDB_PATH."""
    if not MF.exists():
        pytest.fail(f"{MF} is missing: run `make install-dev` (dbt-metricflow is a dev dependency)")
    run_dbt(["parse"], PROJECT, test_warehouse, {"raw_path": str(test_raw_path)})
    assert (PROJECT / "target" / "semantic_manifest.json").exists()
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT),
        "DBT_PROJECT_DIR": str(PROJECT),
        "MARKETSEG_DUCKDB_PATH": str(test_warehouse),
    }


def mf(env: dict[str, str], *args: str) -> str:
    """Run `mf` in the project folder; fail with its output when it exits non-zero."""
    result = subprocess.run(
        [str(MF), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, (
        f"mf {' '.join(args)} exited {result.returncode}:\n{result.stdout[-4000:]}\n"
        f"{result.stderr[-4000:]}"
    )
    return result.stdout


def mf_query(
    env: dict[str, str],
    out: Path,
    metrics: list[str],
    group_by: list[str],
    where: str | None = None,
) -> list[dict[str, str]]:
    args = ["query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
    if where:
        args += ["--where", where]
    mf(env, *args, "--csv", str(out), "--quiet")
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, f"mf query {metrics} by {group_by} returned no row"
    return rows


def query(warehouse: Path, sql: str) -> list[tuple]:
    """SQL over the marts, opened after `mf` has closed the warehouse (one writer at a time)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def ratio(value: str) -> float | None:
    return float(value) if value != "" else None


def assert_ratio(actual: float | None, expected: float | Decimal | None, what: str) -> None:
    if expected is None:
        assert actual is None, f"{what}: mf says {actual}, the marts say null"
        return
    assert actual is not None, f"{what}: mf says null, the marts say {expected}"
    assert math.isclose(actual, float(expected), rel_tol=0, abs_tol=RATIO_TOLERANCE), (
        f"{what}: mf says {actual}, the marts say {expected}"
    )


def test_validate_configs(mf_env: dict[str, str]) -> None:
    output = mf(mf_env, "validate-configs")
    # semantics, then every semantic model, dimension, entity, measure and metric on the warehouse
    assert output.count("Successfully validated") == 6, output


def test_segment_kpis_by_segment_and_month(
    mf_env: dict[str, str], test_warehouse: Path, tmp_path: Path
) -> None:
    """Every buyer segment and month of segment_kpis; no seller tier in the buyer metrics."""
    metrics = [
        "buyers_count",
        "revenue",
        "avg_order_value",
        "conversion_rate",
        "avg_customer_value",
    ]
    group_by = ["segment__segment_family", "segment__segment_key", "metric_time__month"]
    answered = {
        (
            row["segment__segment_family"],
            row["segment__segment_key"],
            row["metric_time__month"][:10],
        ): row
        for row in mf_query(mf_env, tmp_path / "kpis.csv", metrics, group_by)
    }
    expected = {
        (family, key, str(month)): rest
        for family, key, month, *rest in query(
            test_warehouse,
            """
            select
                segment_family, segment_key, month_start,
                members_count, revenue_total, orders_count, avg_order_value,
                converted_sessions_count, sessions_count, avg_customer_value
            from marts.segment_kpis
            where member_kind = 'buyer'
            """,
        )
    }
    assert len(expected) > 100
    assert set(answered) == set(expected)
    for key, (members, revenue, orders, aov, converted, sessions, value) in expected.items():
        row = answered[key]
        assert int(row["buyers_count"]) == members, key
        assert Decimal(row["revenue"]) == revenue, key
        mf_aov = ratio(row["avg_order_value"])
        assert_ratio(mf_aov, revenue / orders if orders else None, f"{key} avg_order_value")
        if aov is not None:
            assert abs(Decimal(str(mf_aov)) - aov) <= CENT_ROUNDING, key
        assert_ratio(
            ratio(row["conversion_rate"]),
            converted / sessions if sessions else None,
            f"{key} conversion_rate",
        )
        assert_ratio(ratio(row["avg_customer_value"]), value, f"{key} avg_customer_value")


def test_buyers_revenue_and_customer_value_by_lifecycle_stage(
    mf_env: dict[str, str], test_warehouse: Path, tmp_path: Path
) -> None:
    """Over the whole window: buyers and customer value are not added up month after month
    (the reference date's), revenue and AOV are (the window's)."""
    metrics = ["buyers_count", "revenue", "avg_order_value", "avg_customer_value"]
    answered = {
        row["segment__segment_key"]: row
        for row in mf_query(
            mf_env, tmp_path / "stages.csv", metrics, ["segment__segment_key"], LIFECYCLE_STAGE
        )
    }
    # buyers and lifetime value from buyer_segments, the window's revenue from segment_kpis
    expected = {
        stage: rest
        for stage, *rest in query(
            test_warehouse,
            """
            with buyers as (
                select lifecycle_stage, count(*) as buyers, sum(monetary_total) as value_total
                from marts.buyer_segments
                group by 1
            ),

            window_activity as (
                select segment_key, sum(revenue_total) as revenue, sum(orders_count) as orders
                from marts.segment_kpis
                where segment_family = 'lifecycle_stage'
                group by 1
            )

            select buyers.lifecycle_stage, buyers.buyers, buyers.value_total,
                window_activity.revenue, window_activity.orders
            from buyers
            inner join window_activity on buyers.lifecycle_stage = window_activity.segment_key
            """,
        )
    }
    assert (
        set(answered)
        == set(expected)
        == {"prospect", "first_time", "repeat", "loyal", "at_risk", "inactive"}
    )
    for stage, (buyers, value_total, revenue, orders) in expected.items():
        row = answered[stage]
        assert int(row["buyers_count"]) == buyers, stage
        assert Decimal(row["revenue"]) == revenue, stage
        assert_ratio(
            ratio(row["avg_order_value"]), revenue / orders if orders else None, f"{stage} AOV"
        )
        # avg_customer_value is the mart's, rounded to the cent per month
        assert abs(Decimal(row["avg_customer_value"]) - value_total / buyers) <= CENT_ROUNDING, (
            stage
        )


def test_repeat_rate_by_segment_and_lifecycle_stage(
    mf_env: dict[str, str], test_warehouse: Path, tmp_path: Path
) -> None:
    """Segment family and key from the memberships crossed with the buyer's lifecycle stage
    from buyer_segments; a buyer in a per-category segment counts once."""
    metrics = ["repeat_rate", "purchasing_buyers_count", "repeat_buyers_count"]
    group_by = ["membership__segment_family", "membership__segment_key", "buyer__lifecycle_stage"]
    answered = {
        (
            row["membership__segment_family"],
            row["membership__segment_key"],
            row["buyer__lifecycle_stage"],
        ): row
        for row in mf_query(mf_env, tmp_path / "repeat.csv", metrics, group_by)
    }
    expected = {
        (family, key, stage): (purchasing, repeating)
        for family, key, stage, purchasing, repeating in query(
            test_warehouse,
            """
            with members as (
                select distinct segment_family, segment_key, buyer_id
                from marts.buyer_segment_memberships
            )

            select
                members.segment_family,
                members.segment_key,
                buyers.lifecycle_stage,
                count(*) as purchasing,
                count(*) filter (where buyers.purchase_days >= 2) as repeating
            from members
            inner join marts.buyer_segments as buyers on members.buyer_id = buyers.buyer_id
            where buyers.purchase_days >= 1
            group by 1, 2, 3
            """,
        )
    }
    assert len(expected) > 50
    assert set(answered) == set(expected)
    for key, (purchasing, repeating) in expected.items():
        row = answered[key]
        assert int(row["purchasing_buyers_count"]) == purchasing, key
        assert int(row["repeat_buyers_count"]) == repeating, key
        assert_ratio(ratio(row["repeat_rate"]), repeating / purchasing, f"{key} repeat_rate")


def test_saved_query_revenue_by_month_and_stage(
    mf_env: dict[str, str], test_warehouse: Path, tmp_path: Path
) -> None:
    """The saved query is the lifecycle-stage slice of segment_kpis, month by month."""
    out = tmp_path / "saved.csv"
    mf(mf_env, "query", "--saved-query", "revenue_by_month_and_stage", "--csv", str(out), "--quiet")
    with out.open(newline="") as handle:
        answered = {
            (row["segment__segment_key"], row["metric_time__month"][:10]): (
                int(row["buyers_count"]),
                Decimal(row["revenue"]),
            )
            for row in csv.DictReader(handle)
        }
    expected = {
        (stage, str(month)): (members, revenue)
        for stage, month, members, revenue in query(
            test_warehouse,
            """
            select segment_key, month_start, members_count, revenue_total
            from marts.segment_kpis
            where segment_family = 'lifecycle_stage'
            """,
        )
    }
    assert len(expected) == 6 * 12
    assert answered == expected
