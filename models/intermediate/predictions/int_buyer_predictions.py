"""Each purchaser's predictions from the fitted BG/NBD and Gamma-Gamma (issue #16).

One row per purchaser: probability of being alive, expected purchase days over the short
and the long horizon, expected spend per purchase day and the discounted customer value
over the value horizon, computed by pymc-marketing with the parameters of
int_prediction_fits (marketseg.predictions.score_buyers). Null where a fit failed.
"""


def model(dbt, session):
    from marketseg.predictions import INPUT_SELECT, Horizons, score_buyers

    inputs = dbt.ref("int_buyer_purchase_metrics").project(INPUT_SELECT).df()
    fits = dbt.ref("int_prediction_fits").df()
    horizons = Horizons(
        short_days=int(dbt.config.get("short_horizon_days")),
        long_days=int(dbt.config.get("long_horizon_days")),
        value_months=int(dbt.config.get("value_horizon_months")),
        annual_discount_rate=float(dbt.config.get("annual_discount_rate")),
    )
    return score_buyers(inputs, fits, horizons)
