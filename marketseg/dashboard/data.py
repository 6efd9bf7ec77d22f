"""Every query the dashboard runs, over the serving file opened read-only.

A page run reads one serving file from start to end: `snapshot()` (app.py, around the page)
attaches the file read-only to an in-memory DuckDB and every query of the run goes through
that connection. A publish swaps a new file in (docs/serving.md): the page being drawn keeps
reading the file it opened, and the next page view opens the new one. Results are cached by
Streamlit per file identity (inode, size, modification time, taken when the file was
attached), so a new publish never answers from the old file's cache, and moving between
pages costs no query twice. Nothing here writes: the file is attached READ_ONLY.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

# the serving file itself, without Streamlit (data.attach is what a page run calls)
from marketseg.dashboard.serving_file import (
    Snapshot,
    attach,
    read,
    serving_file,
)

# the results kept per query text and parameters (one entry per page view at most)
CACHED_RESULTS = 512
DEFAULT_CURRENCY = "EUR"
# the gate's verdict as published since issue #17 (an older serving file has fewer columns)
VERDICT_COLUMNS = (
    "invocation_id",
    "passed",
    "expectations_count",
    "passed_count",
    "errors_count",
    "warnings_count",
    "failures_json",
    "docs_index",
    "checked_at",
)


@dataclass(frozen=True)
class BuildInfo:
    invocation_id: str
    run_started_at: dt.datetime
    as_of_date: dt.date
    raw_path: str
    extracted_at: object
    dbt_version: str
    raw_files_count: int
    raw_bytes: int
    currency: str
    vars: dict


_current: ContextVar[Snapshot | None] = ContextVar("serving_snapshot", default=None)


@contextlib.contextmanager
def snapshot() -> Iterator[Snapshot]:
    """Read one serving file for the whole block (a page run)."""
    pinned = attach(serving_file())
    token = _current.set(pinned)
    try:
        yield pinned
    finally:
        _current.reset(token)
        pinned.connection.close()


def query(sql: str, params: tuple = ()) -> pd.DataFrame:
    """The result of `sql` over the serving file, read-only: the page run's snapshot, else
    the file as it is now."""
    pinned = _current.get()
    if pinned is not None:
        return _cached_query(pinned.path, pinned.stamp, sql, params, pinned.connection)
    with snapshot() as pinned:
        return _cached_query(pinned.path, pinned.stamp, sql, params, pinned.connection)


@st.cache_data(max_entries=CACHED_RESULTS, show_spinner=False)
def _cached_query(
    path: str, stamp: tuple, sql: str, params: tuple, _connection: duckdb.DuckDBPyConnection
) -> pd.DataFrame:
    # the key is the file's path and identity, the SQL and its parameters; the connection
    # (not hashed: its name starts with an underscore) is the snapshot's, on that file
    return read(_connection, path, sql, params)


def has_table(schema: str, name: str) -> bool:
    found = query(
        "select count(*) as n from duckdb_tables()"
        " where database_name = 'serving' and schema_name = ? and table_name = ?",
        (schema, name),
    )
    return bool(found.loc[0, "n"])


def build_info() -> BuildInfo:
    """The build the serving file holds (audit.build_info, one row)."""
    row = query("select * from audit.build_info").iloc[0]
    build_vars = json.loads(row["vars_json"]) if row.get("vars_json") else {}
    return BuildInfo(
        invocation_id=row["invocation_id"],
        run_started_at=row["run_started_at"],
        as_of_date=pd.Timestamp(row["as_of_date"]).date(),
        raw_path=row["raw_path"],
        extracted_at=row["extracted_at"],
        dbt_version=row["dbt_version"],
        raw_files_count=int(row["raw_files_count"]),
        raw_bytes=int(row["raw_bytes_total"]),
        currency=str(build_vars.get("reporting_currency") or DEFAULT_CURRENCY),
        vars=build_vars,
    )


# --- overview -------------------------------------------------------------------------------

BUYER_TOTALS = """
select
    count(*) as buyers_count,
    count(*) filter (where orders_count > 0) as purchasers_count,
    coalesce(sum(orders_count), 0) as orders_count,
    coalesce(sum(monetary_total), 0) as revenue_total
from marts.buyer_segments
"""

STAGES_TODAY = """
select lifecycle_stage, count(*) as buyers_count
from marts.buyer_segments
group by lifecycle_stage
order by buyers_count desc, lifecycle_stage
"""

# the month ends of the KPI months (segment_kpis), the last one being the reference date
CHECKPOINTS = """
select distinct
    month_start,
    least(last_day(month_start), as_of_date) as checkpoint_date
from marts.segment_kpis
order by month_start
"""

# the stage of every buyer on each month end: the period with valid_from <= day < valid_to
STAGES_BY_MONTH = (
    """
with checkpoints as (
"""
    + CHECKPOINTS
    + """
)
select
    checkpoints.month_start,
    checkpoints.checkpoint_date,
    history.lifecycle_stage,
    count(*) as buyers_count
from marts.buyer_lifecycle_history as history
inner join checkpoints
    on history.valid_from <= checkpoints.checkpoint_date
    and (history.valid_to is null or history.valid_to > checkpoints.checkpoint_date)
group by all
order by all
"""
)


def buyer_totals() -> pd.Series:
    return query(BUYER_TOTALS).iloc[0]


def pareto() -> pd.Series | None:
    rows = query("select * from marts.buyer_value_pareto")
    return None if rows.empty else rows.iloc[0]


def stages_today() -> pd.DataFrame:
    return query(STAGES_TODAY)


def stages_by_month() -> pd.DataFrame:
    shares = query(STAGES_BY_MONTH)
    if shares.empty:
        return shares.assign(share=pd.Series(dtype="float64"))
    totals = shares.groupby("month_start")["buyers_count"].transform("sum")
    return shares.assign(share=shares["buyers_count"] / totals)


# --- lifecycle ------------------------------------------------------------------------------


def checkpoints() -> list[dt.date]:
    """The days the lifecycle page compares: every KPI month's end, the reference date last."""
    days = query(CHECKPOINTS)["checkpoint_date"]
    return [pd.Timestamp(value).date() for value in days]


def flows(from_day: dt.date, to_day: dt.date) -> pd.DataFrame:
    """Buyers by stage on `from_day` and stage on `to_day` (buyers not yet known on
    `from_day` come from 'not_known')."""
    # the same lookup as analyses/stage_transitions.sql, on the serving file
    return query(
        """
        with stages as (
            select buyer_id, 'from' as side, lifecycle_stage
            from marts.buyer_lifecycle_history
            where valid_from <= ? and (valid_to is null or valid_to > ?)
            union all
            select buyer_id, 'to' as side, lifecycle_stage
            from marts.buyer_lifecycle_history
            where valid_from <= ? and (valid_to is null or valid_to > ?)
        ),
        moves as (
            select
                buyer_id,
                coalesce(max(lifecycle_stage) filter (where side = 'from'), 'not_known')
                    as from_stage,
                max(lifecycle_stage) filter (where side = 'to') as to_stage
            from stages
            group by buyer_id
        )
        select from_stage, to_stage, count(*) as buyers_count
        from moves
        where to_stage is not null
        group by all
        order by all
        """,
        (from_day, from_day, to_day, to_day),
    )


# --- segments -------------------------------------------------------------------------------

FAMILIES = ("lifecycle_stage", "rfm_segment", "catalogue", "micro_segment", "seller_tier")


def families() -> list[str]:
    present = set(query("select distinct segment_family from marts.segment_kpis")["segment_family"])
    return [family for family in FAMILIES if family in present] + sorted(present - set(FAMILIES))


def segment_keys(family: str) -> list[str]:
    """The segments of a family; for the catalogue, every catalogued segment, members or not."""
    keys = set(
        query(
            "select distinct segment_key from marts.segment_kpis where segment_family = ?",
            (family,),
        )["segment_key"]
    )
    if family == "catalogue":
        keys |= set(query("select segment_key from marts.segment_catalogue")["segment_key"])
    return sorted(keys)


def segment_kpis(family: str, key: str) -> pd.DataFrame:
    return query(
        "select * from marts.segment_kpis where segment_family = ? and segment_key = ?"
        " order by month_start",
        (family, key),
    )


# the segment's totals over the KPI months; its revenue share is over the revenue of every
# buyer (the lifecycle stages partition the buyers), or the GMV of every seller (the tiers)
SEGMENT_SUMMARY = """
with segment as (
    select * from marts.segment_kpis where segment_family = ? and segment_key = ?
),

everyone as (
    select sum(revenue_total) as revenue_total
    from marts.segment_kpis
    where segment_family = ?
)

select
    min(segment.month_start) as first_month,
    max(segment.month_start) as last_month,
    sum(segment.revenue_total) as revenue_total,
    sum(segment.orders_count) as orders_count,
    sum(segment.revenue_total) / nullif(sum(segment.orders_count), 0) as avg_order_value,
    sum(segment.converted_sessions_count) / nullif(sum(segment.sessions_count), 0)
        as conversion_rate,
    sum(segment.revenue_total) / nullif(max(everyone.revenue_total), 0) as pct_revenue
from segment
cross join everyone
"""


def segment_summary(family: str, key: str) -> pd.Series:
    """Revenue, orders, average order value, conversion rate and revenue share of a segment
    over the KPI months (nulls for a segment without rows)."""
    whole = "seller_tier" if family == "seller_tier" else "lifecycle_stage"
    return query(SEGMENT_SUMMARY, (family, key, whole)).iloc[0]


def catalogue_entry(key: str) -> pd.Series | None:
    rows = query("select * from marts.segment_catalogue where segment_key = ?", (key,))
    return None if rows.empty else rows.iloc[0]


def playbook(family: str, key: str) -> pd.DataFrame:
    """The segment's audience (its contactable members) by lifecycle stage, with the goal
    and contact caps of each stage's playbook; empty without a contactable member."""
    return query(
        "select lifecycle_stage, playbook_goal, max_contacts_per_week, max_contacts_per_month,"
        " count(*) as contactable_count"
        " from marts.activation_audiences where segment_family = ? and segment_key = ?"
        " group by all order by contactable_count desc, lifecycle_stage",
        (family, key),
    )


# --- micro-segments, sellers, quality -------------------------------------------------------


def micro_segments() -> pd.DataFrame:
    return query("select * from marts.micro_segments order by buyers_count desc, micro_segment_key")


def seller_groups(column: str) -> pd.DataFrame:
    """Sellers, GMV (and its share) and commission by tier or by lifecycle stage."""
    if column not in {"seller_tier", "seller_lifecycle"}:
        raise ValueError(f"not a seller grouping: {column}")
    rows = query(
        f"select {column} as group_key, count(*) as sellers_count,"
        " coalesce(sum(gmv_total), 0) as gmv_total,"
        " coalesce(sum(commission_total), 0) as commission_total"
        f" from marts.seller_segments group by {column} order by gmv_total desc, group_key"
    )
    total = rows["gmv_total"].sum()
    return rows.assign(gmv_share=rows["gmv_total"] / total if total else float("nan"))


def seller_months() -> pd.DataFrame:
    return query(
        "select sale_month, seller_tier, sum(gmv_total) as gmv_total,"
        " sum(commission_total) as commission_total from marts.seller_months"
        " group by all order by all"
    )


def rejected_rows() -> pd.DataFrame:
    return query(
        "select source_table, reason, reason_column, rows_count from audit.rejected_row_counts"
        " order by rows_count desc, source_table, reason, reason_column"
    )


def quality_verdict() -> pd.Series | None:
    """The gate's verdict on the published build (published since issue #17: None in a
    serving file published before); a column an older gate did not record is null."""
    if not has_table("audit", "quality_verdict"):
        return None
    rows = query("select * from audit.quality_verdict")
    if rows.empty:
        return None
    return rows.reindex(columns=list(VERDICT_COLUMNS)).iloc[0]
