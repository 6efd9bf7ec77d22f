"""Predicted customer value: the BG/NBD and Gamma-Gamma models, fitted with pymc-marketing.

The dbt Python models of models/intermediate/predictions call the two entry points:
`fit_models` (int_prediction_fits: one row per model and parameter) and `score_buyers`
(int_buyer_predictions: one row per purchaser). Their input is one row per purchaser with
the purchase metrics of SPEC 3, which are lifetimes' frequency, recency, T and monetary
value in days (`INPUT_SELECT` from int_buyer_purchase_metrics). DECISIONS.md,
"Predictions (issue #16)", gives the reasons.

- BG/NBD (Fader, Hardie and Lee 2005) on every purchaser; Gamma-Gamma (Fader and Hardie
  2013) on the purchasers with a repeat purchase day and a positive average repeat spend
  (its likelihood takes the logarithm of the spend).
- Maximum a posteriori with flat priors (`HalfFlat`) is the maximum-likelihood estimate.
- A fit that cannot be trusted gives null parameters and a `fit_status` that says why;
  the predictions that need it are then null, and the build goes on.
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from pymc_marketing.clv import BetaGeoModel, GammaGammaModel

BG_NBD = "bg_nbd"
GAMMA_GAMMA = "gamma_gamma"
PARAMETERS = {BG_NBD: ("r", "alpha", "a", "b"), GAMMA_GAMMA: ("p", "q", "v")}
# the inputs: SPEC 3's metrics under lifetimes' names, in days
INPUT_COLUMNS = ("buyer_id", "frequency", "recency", "T", "monetary_value")
# what the Python models select from int_buyer_purchase_metrics (one row per purchaser)
INPUT_SELECT = (
    "buyer_id, repeat_purchase_days as frequency, purchase_span_days as recency,"
    " tenure_days as T, cast(avg_repeat_order_value as double) as monetary_value"
)
FIT_COLUMNS = ("model", "parameter", "value", "fit_status", "log_likelihood", "buyers")
SCORE_COLUMNS = (
    "buyer_id",
    "p_alive",
    "expected_purchases_short",
    "expected_purchases_long",
    "expected_avg_order_value",
    "predicted_value",
)
FITTED = "fitted"
TOO_FEW_BUYERS = "too_few_buyers"
NOT_FINITE = "not_finite"
# the library raised while fitting (the error is printed as a warning in dbt's log)
FIT_FAILED = "fit_failed"
# Gamma-Gamma's population mean spend p * v / (q - 1) exists only for q > 1
NO_FINITE_MEAN_SPEND = "no_finite_mean_spend"


@dataclass(frozen=True)
class Horizons:
    """What the predictions look ahead to (the `prediction_*` vars of dbt_project.yml)."""

    short_days: int
    long_days: int
    value_months: int
    annual_discount_rate: float

    def __post_init__(self) -> None:
        if min(self.short_days, self.long_days, self.value_months) <= 0:
            raise ValueError(f"prediction horizons must be positive: {self}")
        if self.short_days > self.long_days:
            raise ValueError(f"the short horizon must not be longer than the long one: {self}")
        if self.annual_discount_rate < 0:
            raise ValueError(f"the annual discount rate must not be negative: {self}")

    @property
    def monthly_discount_rate(self) -> float:
        """The monthly rate compounding to the annual one (pymc-marketing discounts monthly)."""
        return (1 + self.annual_discount_rate) ** (1 / 12) - 1


def configure_cache_folders() -> None:
    """Keep what pymc-marketing's stack writes in the project's target/, not the user's
    home: pytensor's compiled C code, matplotlib's font cache (imported by pymc-marketing);
    unless the user chose a place (PYTENSOR_FLAGS, MPLCONFIGDIR)."""
    from marketseg.dbt import PROJECT_DIR

    target = PROJECT_DIR / "target"
    os.environ.setdefault("PYTENSOR_FLAGS", f"base_compiledir={target / 'pytensor'}")
    os.environ.setdefault("MPLCONFIGDIR", str(target / "matplotlib"))


def _flat_config(model: str) -> dict:
    from pymc_extras.prior import Prior

    return {name: Prior("HalfFlat") for name in PARAMETERS[model]}


def _model(model: str, data: pd.DataFrame) -> BetaGeoModel | GammaGammaModel:
    """The pymc-marketing model with flat priors, built on `data` (lifetimes' columns)."""
    configure_cache_folders()
    from pymc_marketing.clv import BetaGeoModel, GammaGammaModel

    built = {BG_NBD: BetaGeoModel, GAMMA_GAMMA: GammaGammaModel}[model](
        model_config=_flat_config(model)
    )
    with warnings.catch_warnings():
        # T = 0 (a first purchase on the reference date) is valid data: it says little
        warnings.filterwarnings("ignore", message="T=0 is uninformative", category=UserWarning)
        built.build_model(data)
    return built


def _bg_nbd_data(inputs: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": inputs["buyer_id"].to_numpy(),
            "frequency": inputs["frequency"].to_numpy(dtype="float64"),
            "recency": inputs["recency"].to_numpy(dtype="float64"),
            "T": inputs["T"].to_numpy(dtype="float64"),
        }
    )


def _gamma_gamma_data(inputs: pd.DataFrame) -> pd.DataFrame:
    """The buyers Gamma-Gamma is fitted on: a repeat purchase day and a positive spend."""
    spend = inputs["monetary_value"].astype("float64")
    kept = inputs[(inputs["frequency"] > 0) & (spend > 0)]
    return pd.DataFrame(
        {
            "customer_id": kept["buyer_id"].to_numpy(),
            "frequency": kept["frequency"].to_numpy(dtype="float64"),
            "monetary_value": kept["monetary_value"].to_numpy(dtype="float64"),
        }
    )


def _sorted_inputs(inputs: pd.DataFrame) -> pd.DataFrame:
    """The inputs in buyer order: the optimizer sees the same sums, whatever order dbt reads."""
    missing = set(INPUT_COLUMNS) - set(inputs.columns)
    if missing:
        raise ValueError(f"prediction inputs lack the columns {sorted(missing)}")
    if inputs["buyer_id"].duplicated().any():
        raise ValueError("prediction inputs have more than one row for a buyer")
    return inputs.sort_values("buyer_id", kind="stable").reset_index(drop=True)


def _log_likelihood(fitted: BetaGeoModel | GammaGammaModel, values: dict[str, float]) -> float:
    """The model's log-likelihood at `values`: its log density without the (flat) priors."""
    model = fitted.model
    expected = {f"{name}_log__" for name in values}
    names = {variable.name for variable in model.value_vars}
    if names != expected:
        raise RuntimeError(f"unexpected pymc-marketing parameters {sorted(names)}")
    point = {f"{name}_log__": math.log(value) for name, value in values.items()}
    return float(model.compile_logp(jacobian=False)(point))


def _fit_one(model: str, data: pd.DataFrame, min_buyers: int) -> tuple[dict, str, float | None]:
    """Fit one model by MAP with flat priors: (parameters or nulls, status, log-likelihood)."""
    nulls = dict.fromkeys(PARAMETERS[model])
    if len(data) < min_buyers:
        return nulls, TOO_FEW_BUYERS, None
    built = _model(model, data)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="T=0 is uninformative", category=UserWarning)
            built.fit(method="map", progressbar=False)
    # whatever the library raises on this data, the build goes on with null predictions
    except Exception as error:
        warnings.warn(f"{model} was not fitted: {error!r}", RuntimeWarning, stacklevel=2)
        return nulls, FIT_FAILED, None
    values = {name: float(built.fit_result[name].to_numpy().item()) for name in PARAMETERS[model]}
    if not all(math.isfinite(value) and value > 0 for value in values.values()):
        return nulls, NOT_FINITE, None
    log_likelihood = _log_likelihood(built, values)
    if not math.isfinite(log_likelihood):
        return nulls, NOT_FINITE, None
    if model == GAMMA_GAMMA and values["q"] <= 1:
        return nulls, NO_FINITE_MEAN_SPEND, log_likelihood
    return values, FITTED, log_likelihood


def fit_models(inputs: pd.DataFrame, min_buyers: int) -> pd.DataFrame:
    """Fit BG/NBD and Gamma-Gamma on one row per purchaser: one row per model and parameter."""
    inputs = _sorted_inputs(inputs)
    rows = []
    for model, data in ((BG_NBD, _bg_nbd_data(inputs)), (GAMMA_GAMMA, _gamma_gamma_data(inputs))):
        values, status, log_likelihood = _fit_one(model, data, min_buyers)
        rows += [
            (model, name, value, status, log_likelihood, len(data))
            for name, value in values.items()
        ]
    return pd.DataFrame(rows, columns=list(FIT_COLUMNS)).astype(
        {"value": "float64", "log_likelihood": "float64", "buyers": "int64"}
    )


def fitted_parameters(fits: pd.DataFrame, model: str) -> dict[str, float] | None:
    """One model's parameters from `fit_models`' table, None unless the fit succeeded."""
    rows = fits[fits["model"] == model]
    if rows.empty or (rows["fit_status"] != FITTED).any():
        return None
    return {row.parameter: float(row.value) for row in rows.itertuples()}


def _with_parameters(
    fitted: BetaGeoModel | GammaGammaModel, values: dict[str, float]
) -> BetaGeoModel | GammaGammaModel:
    """Give a built model fixed parameters, as a one-draw posterior (what a MAP fit leaves)."""
    import xarray as xr

    posterior = xr.Dataset(
        {name: (("chain", "draw"), np.array([[value]])) for name, value in values.items()}
    )
    fitted.idata = xr.DataTree.from_dict({"posterior": posterior})
    return fitted


def _one_draw(values) -> np.ndarray:
    """A prediction's values per customer, from its (chain, draw, customer) array."""
    return np.asarray(values, dtype="float64").reshape(-1)


def score_buyers(inputs: pd.DataFrame, fits: pd.DataFrame, horizons: Horizons) -> pd.DataFrame:
    """Each purchaser's predictions from the fitted parameters (`fit_models`' table).

    - `p_alive`: the probability the buyer has not dropped out (1 without a repeat day);
    - `expected_purchases_short` / `_long`: expected purchase days over the next
      `short_days` / `long_days` days;
    - `expected_avg_order_value`: Gamma-Gamma's expected spend per purchase day, the
      population mean for a buyer without a repeat day;
    - `predicted_value`: pymc-marketing's customer lifetime value over `value_months`
      months of 30.4375 days, discounted monthly at the rate compounding to
      `annual_discount_rate`.
    """
    inputs = _sorted_inputs(inputs)
    # strings even without a row: an empty object column would reach DuckDB as NULL-typed
    scores = pd.DataFrame({"buyer_id": inputs["buyer_id"].astype("string")})
    for column in SCORE_COLUMNS[1:]:
        scores[column] = np.full(len(inputs), np.nan)
    bg_nbd = fitted_parameters(fits, BG_NBD)
    if bg_nbd is None or inputs.empty:
        return scores
    data = _bg_nbd_data(inputs)
    transactions = _with_parameters(_model(BG_NBD, data), bg_nbd)
    scores["p_alive"] = _one_draw(transactions.expected_probability_alive(data))
    scores["expected_purchases_short"] = _one_draw(
        transactions.expected_purchases(data, future_t=horizons.short_days)
    )
    scores["expected_purchases_long"] = _one_draw(
        transactions.expected_purchases(data, future_t=horizons.long_days)
    )
    gamma_gamma = fitted_parameters(fits, GAMMA_GAMMA)
    if gamma_gamma is None:
        return scores
    # a buyer without a repeat day gets the population mean whatever the spend given
    spend = data.assign(monetary_value=inputs["monetary_value"].fillna(0).to_numpy("float64"))
    spending = _with_parameters(_model(GAMMA_GAMMA, _gamma_gamma_data(inputs)), gamma_gamma)
    scores["expected_avg_order_value"] = _one_draw(spending.expected_customer_spend(spend))
    scores["predicted_value"] = _one_draw(
        spending.expected_customer_lifetime_value(
            transactions,
            spend,
            future_t=horizons.value_months,
            discount_rate=horizons.monthly_discount_rate,
            time_unit="D",
        )
    )
    return scores
