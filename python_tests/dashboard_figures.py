"""The figures each dashboard page should show, computed here with SQL of their own over a
serving file and written with the dashboard's formatting (whose strings
test_dashboard.py pins by hand). test_dashboard.py (AppTest) and
test_dashboard_browser.py (Chromium) compare the pages with them."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from marketseg.dashboard import formatting as fmt

# the stage of each buyer on a day: the last period begun on or before it (periods follow
# each other without gaps, so this is the one in force; the app uses valid_to instead)
STAGE_ON = """
select buyer_id, arg_max(lifecycle_stage, valid_from) as stage
from marts.buyer_lifecycle_history
where valid_from <= cast(? as date)
group by buyer_id
"""


def expected_figures(serving: Path) -> dict[str, dict[str, str]]:
    """Page title -> metric label -> the value it shows, on each page's first view."""
    with duckdb.connect(str(serving), read_only=True) as db:

        def one(sql: str, params: list | None = None) -> tuple:
            return db.execute(sql, params or []).fetchone()

        currency = json.loads(one("select vars_json from audit.build_info")[0]).get(
            "reporting_currency", "EUR"
        )
        buyers, purchasers, revenue, orders = one(
            "select count(*), count(*) filter (where orders_count > 0), sum(monetary_total),"
            " sum(orders_count) from marts.buyer_segments"
        )
        top, pct_top_buyers, pct_top_revenue = one(
            "select top_buyers_count, pct_buyers_top, pct_revenue_top from marts.buyer_value_pareto"
        )
        days = [
            row[0]
            for row in db.execute(
                "select distinct least(last_day(month_start), as_of_date) from marts.segment_kpis"
                " order by 1"
            ).fetchall()
        ]
        before, after = days[-2], days[-1]
        known_before, known_after, changed, new = one(
            f"select count(b.buyer_id), count(a.buyer_id),"
            f" count(*) filter (where b.stage <> a.stage),"
            f" count(*) filter (where b.buyer_id is null)"
            f" from ({STAGE_ON}) as a full join ({STAGE_ON}) as b using (buyer_id)",
            [after, before],
        )
        # the segments page opens on the first family and its first segment
        stage = one(
            "select min(segment_key) from marts.segment_kpis"
            " where segment_family = 'lifecycle_stage'"
        )[0]
        members, pct_members, customer_value, contactable = one(
            "select members_count, pct_members, avg_customer_value, pct_contactable"
            " from marts.segment_kpis where segment_family = 'lifecycle_stage'"
            " and segment_key = ? order by month_start desc limit 1",
            [stage],
        )
        stage_revenue, stage_orders, converted, sessions = one(
            "select sum(revenue_total), sum(orders_count), sum(converted_sessions_count),"
            " sum(sessions_count) from marts.segment_kpis"
            " where segment_family = 'lifecycle_stage' and segment_key = ?",
            [stage],
        )
        # everyone's revenue each month, from any buyer segment's share of it
        (all_revenue,) = one(
            "select sum(month_revenue) from (select month_start,"
            " median(cast(revenue_total as double) / pct_revenue) as month_revenue"
            " from marts.segment_kpis"
            " where member_kind = 'buyer' and pct_revenue > 0 group by month_start)"
        )
        cells, in_cells, merged = one(
            "select count(*), sum(buyers_count), sum(merged_cells_count) from marts.micro_segments"
        )
        sellers, gmv, commission = one(
            "select count(*), sum(gmv_total), sum(commission_total) from marts.seller_segments"
        )
        passed, expectations, checks_passed, errors, warnings = one(
            "select passed, expectations_count, passed_count, errors_count, warnings_count"
            " from audit.quality_verdict"
        )
        as_of, built, raw_files, raw_bytes = one(
            "select as_of_date, run_started_at, raw_files_count, raw_bytes_total"
            " from audit.build_info"
        )
        (rejected,) = one("select sum(rows_count) from audit.rejected_row_counts")
    quality = {
        "Reference date": fmt.day(as_of),
        "Built on": fmt.day(built),
        "Raw files": fmt.count(raw_files),
        "Raw data": f"{raw_bytes / 1_000_000:,.1f} MB",
        "Verdict": "Passed" if passed else "Failed",
        "Expectations passed": f"{fmt.count(checks_passed)} / {fmt.count(expectations)}",
        "Errors": fmt.count(errors),
        "Warnings": fmt.count(warnings),
    }
    if rejected:
        quality["Rejected rows"] = fmt.count(rejected)
    return {
        "Overview": {
            "Buyers": fmt.count(buyers),
            "Purchasers": fmt.count(purchasers),
            "Revenue": fmt.money(revenue, currency),
            "Average order value": fmt.money(revenue / orders, currency, cents=True),
            "Top buyers": fmt.count(top),
            "Top buyers' share of purchasers": fmt.pct(pct_top_buyers),
            "Top buyers' share of revenue": fmt.pct(pct_top_revenue),
        },
        "Lifecycle": {
            f"Buyers on {fmt.day(before)}": fmt.count(known_before),
            f"Buyers on {fmt.day(after)}": fmt.count(known_after),
            "Changed stage": fmt.count(changed),
            "New buyers": fmt.count(new),
        },
        "Segments": {
            "Members": fmt.count(members),
            "Share of all buyers": fmt.pct(pct_members),
            "Revenue, KPI months": fmt.money(stage_revenue, currency),
            "Share of revenue, KPI months": fmt.pct(float(stage_revenue) / all_revenue),
            "Average order value": fmt.money(stage_revenue / stage_orders, currency, cents=True),
            "Conversion rate": fmt.pct(converted / sessions if sessions else None),
            "Customer value per member": fmt.money(customer_value, currency, cents=True),
            "Contactable share": fmt.pct(contactable),
        },
        "Micro-segments": {
            "Micro-segments": fmt.count(cells),
            "Purchasers in them": fmt.count(in_cells),
            "Merged cells": fmt.count(merged),
        },
        "Sellers": {
            "Sellers": fmt.count(sellers),
            "GMV": fmt.money(gmv, currency),
            "Commission": fmt.money(commission, currency),
        },
        "Data quality": quality,
    }
