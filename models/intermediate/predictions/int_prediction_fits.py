"""BG/NBD and Gamma-Gamma fitted as of the reference date (issue #16).

One row per model and parameter: maximum a posteriori with flat priors, that is maximum
likelihood, by pymc-marketing, on every purchaser's purchase metrics in days (SPEC 3).
The work is in marketseg.predictions.fit_models; a fit on too few buyers, or one that
fails, gives null parameters and says why in fit_status.
"""


def model(dbt, session):
    from marketseg.predictions import INPUT_SELECT, fit_models

    inputs = dbt.ref("int_buyer_purchase_metrics").project(INPUT_SELECT).df()
    return fit_models(inputs, min_buyers=int(dbt.config.get("min_buyers")))
