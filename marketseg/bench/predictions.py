"""Time the predictions' fit and scoring on N purchasers (issue #16, docs/predictions.md).

`python -m marketseg.bench.predictions --purchasers 1000000`: CDNOW's 2,357-customer
sample as of 1997-09-30 (the papers' calibration data), repeated under new buyer ids up to
N purchasers, is fitted and scored by the functions the dbt Python models call; prints the
seconds of each step and the fitted parameters (the sample's, to the optimizer's tolerance).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from marketseg.loaders.cdnow import EPOCH, default_source, read_transactions
from marketseg.predictions import Horizons, fit_models, score_buyers

CALIBRATION_END = (pd.Timestamp("1997-09-30").date() - EPOCH).days


def sample_inputs() -> pd.DataFrame:
    """The papers' sample as the models' inputs (buyer_id, frequency, recency, T, monetary)."""
    log = read_transactions(default_source(sample=True), sample=True)
    rows = pd.DataFrame({"buyer": log.buyer, "day": log.day, "amount": log.amount})
    days = rows[rows["day"] <= CALIBRATION_END].groupby(["buyer", "day"], as_index=False)
    days = days["amount"].sum()
    first = days.groupby("buyer")["day"].transform("min")
    repeat = days[days["day"] > first]
    per_buyer = days.groupby("buyer").agg(first=("day", "min"), last=("day", "max"))
    per_buyer["frequency"] = days.groupby("buyer").size() - 1
    per_buyer["monetary_value"] = repeat.groupby("buyer")["amount"].mean()
    return pd.DataFrame(
        {
            "buyer_id": per_buyer.index,
            "frequency": per_buyer["frequency"].to_numpy(),
            "recency": (per_buyer["last"] - per_buyer["first"]).to_numpy(),
            "T": (CALIBRATION_END - per_buyer["first"]).to_numpy(),
            "monetary_value": per_buyer["monetary_value"].to_numpy(),
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
