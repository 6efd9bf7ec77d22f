"""Per-buyer purchase metrics three ways on the same purchase lines: the project's models
(int_buyer_purchase_days + int_buyer_purchase_metrics), lifetimes'
`summary_data_from_transaction_data`, and a pandas groupby (SPEC 3: frequency =
repeat_purchase_days, recency = purchase_span_days, T = tenure_days, monetary =
avg_repeat_order_value)."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

try:
    from lifetimes.utils import summary_data_from_transaction_data
except ImportError:  # optional: the `bench` extra
    summary_data_from_transaction_data = None

PROJECT_MODELS = ("int_buyer_purchase_days", "int_buyer_purchase_metrics")
COLUMNS = ["frequency", "recency", "T", "monetary_value"]
MONEY_TOLERANCE = 1e-6  # relative, with an absolute floor of 1e-6
SAMPLE_SEED = 14


def read_lines(warehouse: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp, float]:
    """The purchase lines and the project's metrics of the build, the reference date, and
    the seconds the read took."""
    started = time.perf_counter()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        lines = connection.execute(
            "select buyer_id, cast(order_date as timestamp) as order_date, "
            "cast(net_revenue as double) as net_revenue from intermediate.int_purchase_lines"
        ).df()
        metrics = connection.execute(
            "select buyer_id, repeat_purchase_days as frequency, purchase_span_days as recency, "
            "tenure_days as T, cast(avg_repeat_order_value as double) as monetary_value "
            "from intermediate.int_buyer_purchase_metrics"
        ).df()
        (as_of,) = connection.execute(
            "select as_of_date from intermediate.int_reference_date"
        ).fetchone()
    lines["order_date"] = pd.to_datetime(lines["order_date"])
    return lines, metrics.set_index("buyer_id"), pd.Timestamp(as_of), time.perf_counter() - started


def with_lifetimes(lines: pd.DataFrame, as_of: pd.Timestamp) -> tuple[pd.DataFrame, float]:
    started = time.perf_counter()
    summary = summary_data_from_transaction_data(
        lines, "buyer_id", "order_date", monetary_value_col="net_revenue",
        observation_period_end=as_of, freq="D",
    )  # fmt: skip
    seconds = time.perf_counter() - started
    # lifetimes says 0 where there is no repeat purchase day; the project says null
    summary.loc[summary["frequency"] == 0, "monetary_value"] = np.nan
    return summary[COLUMNS], seconds


def with_groupby(lines: pd.DataFrame, as_of: pd.Timestamp) -> tuple[pd.DataFrame, float]:
    started = time.perf_counter()
    days = (
        lines.groupby(["buyer_id", "order_date"], sort=False)["net_revenue"]
        .sum()
        .reset_index()
        .sort_values(["buyer_id", "order_date"])
    )
    buyers = days.groupby("buyer_id", sort=False).agg(
        purchase_days=("order_date", "size"),
        first_day=("order_date", "first"),
        last_day=("order_date", "last"),
        revenue=("net_revenue", "sum"),
        first_revenue=("net_revenue", "first"),
    )
    repeat = buyers["purchase_days"] - 1
    result = pd.DataFrame(
        {
            "frequency": repeat,
            "recency": (buyers["last_day"] - buyers["first_day"]).dt.days,
            "T": (as_of - buyers["first_day"]).dt.days,
            "monetary_value": (buyers["revenue"] - buyers["first_revenue"])
            / repeat.where(repeat > 0),
        }
    )
    return result, time.perf_counter() - started


def differing(left: pd.DataFrame, right: pd.DataFrame, buyers: pd.Index) -> int:
    """Buyers of `buyers` whose four metrics differ between the two (or missing in one)."""
    a = left.reindex(buyers)
    b = right.reindex(buyers)
    missing = a["frequency"].isna() | b["frequency"].isna()
    same = pd.Series(True, index=buyers)
    for column in ["frequency", "recency", "T"]:
        same &= a[column].astype("float64") == b[column].astype("float64")
    x = a["monetary_value"].astype("float64")
    y = b["monetary_value"].astype("float64")
    both_null = x.isna() & y.isna()
    close = (x - y).abs() <= MONEY_TOLERANCE * np.maximum(1.0, y.abs())
    same &= both_null | close.fillna(False)
    return int((missing | ~same).sum())


def compare(warehouse: Path, project_seconds: float, sample: int) -> dict:
    """The three computations timed, their ratio to the project's models, and the buyers
    of a sample on which they differ."""
    lines, project, as_of, read_seconds = read_lines(warehouse)
    result: dict = {
        "purchase_lines": len(lines),
        "buyers": len(project),
        "read_seconds": round(read_seconds, 4),
        "project_seconds": project_seconds,
        "project_models": list(PROJECT_MODELS),
    }
    grouped, groupby_seconds = with_groupby(lines, as_of)
    result["pandas_groupby_seconds"] = round(groupby_seconds, 4)
    result["pandas_groupby_ratio"] = _ratio(groupby_seconds, project_seconds)
    everyone = project.index.union(grouped.index)
    chosen = (
        everyone
        if len(everyone) <= sample
        else pd.Index(np.random.default_rng(SAMPLE_SEED).choice(everyone, sample, replace=False))
    )
    result["sample_buyers"] = len(chosen)
    result["pandas_groupby_differing"] = differing(grouped, project, chosen)
    if summary_data_from_transaction_data is None:
        result["lifetimes"] = "not installed: pip install -e '.[bench]'"
        return result
    summary, lifetimes_seconds = with_lifetimes(lines, as_of)
    result["lifetimes_seconds"] = round(lifetimes_seconds, 4)
    result["lifetimes_ratio"] = _ratio(lifetimes_seconds, project_seconds)
    result["lifetimes_differing"] = differing(summary, project, chosen)
    return result


def _ratio(seconds: float, project_seconds: float) -> float | None:
    return round(seconds / project_seconds, 3) if project_seconds > 0 else None
