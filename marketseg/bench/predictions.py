"""Time the predictions' fit and scoring on N purchasers (issue #16, docs/predictions.md).

`python -m marketseg.bench.predictions --purchasers 1000000` (the `bench` extra, for
lifetimes): CDNOW's 2,357-customer sample as of 1997-09-30 (the papers' calibration data),
repeated under new buyer ids up to N purchasers, is fitted and scored by the functions the
dbt Python models call; prints the seconds of each step and the fitted parameters (the
sample's, to the optimizer's tolerance).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

from marketseg.loaders.cdnow import default_source, read_transactions
from marketseg.predictions import Horizons, fit_models, score_buyers

CALIBRATION_END = "1997-09-30"


def sample_inputs() -> pd.DataFrame:
    """The papers' sample as the models' inputs (buyer_id, frequency, recency, T, monetary):
    lifetimes' summary, which the project's purchase metrics equal (test_cdnow.py)."""
    log = read_transactions(default_source(sample=True), sample=True)
    rows = pd.DataFrame(
        {"buyer": log.buyer, "date": pd.to_datetime(log.day, unit="D"), "amount": log.amount}
    )
    summary = summary_data_from_transaction_data(
        rows, "buyer", "date", monetary_value_col="amount", observation_period_end=CALIBRATION_END
    ).reset_index()
    repeat = summary["frequency"] > 0
    return pd.DataFrame(
        {
            "buyer_id": summary["buyer"],
            "frequency": summary["frequency"].astype("int64"),
            "recency": summary["recency"].astype("int64"),
            "T": summary["T"].astype("int64"),
            # lifetimes' 0 without a repeat purchase is the project's null
            "monetary_value": summary["monetary_value"].where(repeat),
        }
    )


def repeated(inputs: pd.DataFrame, purchasers: int) -> pd.DataFrame:
    rows = inputs.iloc[np.arange(purchasers) % len(inputs)].reset_index(drop=True)
    return rows.assign(buyer_id=[f"B{number:08d}" for number in range(purchasers)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--purchasers", type=int, default=1_000_000)
    options = parser.parse_args(argv)
    inputs = repeated(sample_inputs(), options.purchasers)
    started = time.perf_counter()
    fits = fit_models(inputs, min_buyers=100)
    fitted = time.perf_counter()
    scores = score_buyers(inputs, fits, Horizons(90, 365, 12, 0.1))
    scored = time.perf_counter()
    print(fits.to_string(index=False))
    print(
        f"{options.purchasers:,} purchasers: fit {fitted - started:.1f} s, "
        f"scoring {scored - fitted:.1f} s ({scores['predicted_value'].notna().sum():,} scored)"
    )


if __name__ == "__main__":
    main()
