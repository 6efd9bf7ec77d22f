"""Real data: the CDNOW log through the whole project, checked against lifetimes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from lifetimes.utils import summary_data_from_transaction_data

from marketseg.dbt import run_dbt
from marketseg.loaders.cdnow import default_source, load_cdnow, read_transactions

PROJECT = Path(__file__).resolve().parents[1]
OBSERVATION_END = "1998-06-30"


@pytest.fixture(scope="module")
def cdnow_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cdnow")
    load_cdnow(folder / "raw")
    warehouse = folder / "cdnow.duckdb"
    run_dbt(
        ["build", "--exclude", "test_type:unit"],
        PROJECT,
        warehouse,
        {"raw_path": str(folder / "raw"), "as_of_date": OBSERVATION_END},
    )
    return warehouse


@pytest.fixture(scope="module")
def lifetimes_summary() -> pd.DataFrame:
    log = pd.read_csv(default_source(), sep=r"\s+", dtype={"customer_id": str})
    log["date"] = pd.to_datetime(log["date"].astype(str), format="%Y%m%d")
    log["buyer_id"] = "C" + log["customer_id"]
    return summary_data_from_transaction_data(
        log, "buyer_id", "date", monetary_value_col="dollar_value",
        observation_period_end=OBSERVATION_END,
    )  # fmt: skip


@pytest.fixture(scope="module")
def mart(cdnow_warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(cdnow_warehouse), read_only=True) as connection:
        return (
            connection.execute(
                "select buyer_id, repeat_purchase_days, purchase_span_days, tenure_days, "
                "avg_repeat_order_value, lifecycle_stage, rfm_segment from marts.buyer_segments"
            )
            .df()
            .set_index("buyer_id")
        )


def test_every_cdnow_buyer_is_in_the_mart(mart: pd.DataFrame, lifetimes_summary) -> None:
    assert len(lifetimes_summary) == 23_570
    assert set(mart.index) == set(lifetimes_summary.index)


def test_day_counts_match_lifetimes_exactly(mart: pd.DataFrame, lifetimes_summary) -> None:
    joined = lifetimes_summary.join(mart)
    assert (joined["frequency"] == joined["repeat_purchase_days"]).all()
    assert (joined["recency"] == joined["purchase_span_days"]).all()
    assert (joined["T"] == joined["tenure_days"]).all()


def test_monetary_value_matches_lifetimes(mart: pd.DataFrame, lifetimes_summary) -> None:
    joined = lifetimes_summary.join(mart)
    one_day = joined["frequency"] == 0
    # lifetimes reports 0 where there is no repeat purchase; the mart says null (no value)
    assert (joined.loc[one_day, "monetary_value"] == 0).all()
    assert joined.loc[one_day, "avg_repeat_order_value"].isna().all()
    repeat = joined.loc[~one_day]
    difference = (repeat["monetary_value"] - repeat["avg_repeat_order_value"]).abs()
    assert difference.max() < 1e-6


def test_cdnow_has_every_stage_but_prospects(mart: pd.DataFrame) -> None:
    stages = set(mart["lifecycle_stage"])
    assert stages == {"first_time", "inactive", "at_risk", "loyal", "repeat"}
    assert mart["rfm_segment"].notna().all()


def test_the_papers_sample_loads_its_2357_customers(tmp_path: Path) -> None:
    """`load-cdnow --sample`: the BG/NBD and Gamma-Gamma papers' 2,357 customers, one order
    per transaction line of CDNOW_sample.txt."""
    source = default_source(sample=True)
    assert source.name == "CDNOW_sample.txt"
    lines = [line.split() for line in source.read_text().splitlines() if line.strip()]
    rows = load_cdnow(tmp_path / "raw", sample=True)
    assert rows["buyers"] == 2357 == len({fields[0] for fields in lines})
    assert rows["orders"] == rows["order_items"] == len(lines)
    # the sample's customers are customers of the full log, under the same ids
    full = set(read_transactions(default_source()).buyer)
    assert {fields[0] for fields in lines} <= full


@pytest.mark.parametrize("sample", [False, True])
def test_a_log_in_the_other_layout_names_the_flag(tmp_path: Path, sample: bool) -> None:
    with pytest.raises(ValueError, match="drop --sample" if sample else "add --sample"):
        read_transactions(default_source(sample=not sample), sample=sample)
