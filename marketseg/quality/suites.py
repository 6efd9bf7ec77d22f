"""One expectation suite per mart: what dbt's tests cannot say. Distributions (means,
null rates, the Pareto band), segment quality (sizes, share bounds, every segment with
members), drift against the last published build (row counts, stage shares), ranges that
depend on a row's kind, and the few value ranges no dbt test of the marts declares.

Severity: `critical` (the default) stops the gate, `warning` is reported. Critical are
the rules a correct build can never break (ranges, the Pareto band, lost rows); warnings
are plausibility checks that real data may legitimately cross. Keys, not-nulls, accepted
values (the lifecycle stages among them) and the ranges an `accepted_range` declares are
dbt data tests of the marts' YAML (they run in `dbt build`, before the gate): the suites
do not repeat them. The checks across relations (completeness against the intermediate
layer, the stage and score rules) are SQL, in `checks.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import great_expectations as gx
from great_expectations.expectations.row_conditions import Column

from marketseg.quality.checks import LIFECYCLE_VARS

E = gx.expectations
MD5 = r"^[0-9a-f]{32}$"
# the share of purchasers making 80% of revenue (20% in theory; 30-33% on the demo and
# CDNOW data): outside this band the revenue or the value tiers are wrong
PARETO_BAND = (0.05, 0.6)
# one lifecycle stage holding nearly every buyer means the stage rules collapsed
MAX_STAGE_SHARE = 0.95


@dataclass
class Facts:
    """What the suites need to know about this warehouse, its build and the last published
    build (None: nothing is published yet, a first publish)."""

    published_row_counts: dict[str, int] | None = None
    # buyers by lifecycle stage in the published buyer_segments
    published_stage_counts: dict[str, int] | None = None
    # (family, key) of every segment segment_kpis reports: each must have memberships
    segment_keys: dict[str, list[str]] = field(default_factory=dict)
    # every segment model segment_catalogue declares: each should have members
    catalogue_models: list[str] = field(default_factory=list)
    # the dbt vars the bounds depend on (BUILD_VARS), as the build resolved them
    build_vars: dict[str, float] = field(default_factory=dict)


# the vars the marts were built with that bound them, the lifecycle vars the stage rule
# check reads and the drift bands: the `keep_build_vars` hook of dbt_project.yml keeps
# these in audit.build_vars (a pytest keeps the two lists equal)
DRIFT_VARS = ("drift_min_rows_ratio", "drift_max_rows_ratio", "drift_max_stage_share_change")
BUILD_VARS = ("micro_segment_min_buyers", "moments_horizon_days", *LIFECYCLE_VARS, *DRIFT_VARS)


def between(column: str, low: float | None = None, high: float | None = None, **kw) -> list:
    return [E.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high, **kw)]


def shares(*columns: str) -> list:
    return [e for c in columns for e in between(c, 0, 1)]


def row_counts(mart: str, facts: Facts, allow_empty: bool = False) -> list:
    """At least one row, and (drift) the row count within the bands of the published one:
    fewer than `drift_min_rows_ratio` x the published rows is an error (rows were lost),
    more than `drift_max_rows_ratio` x a warning (new data legitimately grows)."""
    checks = [] if allow_empty else [E.ExpectTableRowCountToBeBetween(min_value=1)]
    lost = "error: losing rows since the last published build is a broken load"
    grown = "warning: new data legitimately grows a mart; a jump is worth a look"
    published = (facts.published_row_counts or {}).get(mart)
    low = facts.build_vars.get("drift_min_rows_ratio")
    high = facts.build_vars.get("drift_max_rows_ratio")
    if published and low is not None:
        checks.append(
            E.ExpectTableRowCountToBeBetween(
                min_value=math.ceil(published * low),
                description=f"Drift: at least {low} x the {published} rows published ({lost}).",
                notes=lost,
            )
        )
    if published and high is not None:
        checks.append(
            E.ExpectTableRowCountToBeBetween(
                max_value=math.floor(published * high),
                severity="warning",
                description=f"Drift: at most {high} x the {published} rows published ({grown}).",
                notes=grown,
            )
        )
    return checks


def stage_share_drift(facts: Facts, stages: list[str]) -> list:
    """Each lifecycle stage's share of buyers within `drift_max_stage_share_change`
    (absolute) of its share in the published buyer_segments. `stages`: every stage of this
    build or of the published one (a stage in neither has the share 0 in both; the list of
    stages itself is dbt's, tested by its accepted_values)."""
    published = facts.published_stage_counts
    band = facts.build_vars.get("drift_max_stage_share_change")
    if not published or band is None:
        return []
    total = sum(published.values())
    moved = (
        "error: stage shares move slowly between daily builds; a jump means the stage rules "
        "or their inputs broke (publish a deliberate change of the lifecycle vars with a "
        "wider drift_max_stage_share_change)"
    )
    checks = []
    for stage in stages:
        share = published.get(stage, 0) / total
        checks += between(
            "pct_buyers",
            max(0.0, share - band),
            min(1.0, share + band),
            row_condition=Column("lifecycle_stage") == stage,
            description=f"Drift: the share of {stage} buyers within {band} of the "
            f"{share:.4f} published ({moved}).",
            notes=moved,
        )
    return checks


def catalogue_keys_have_members(facts: Facts) -> list:
    """Every segment segment_kpis reports has its members in the memberships."""
    return [
        E.ExpectColumnDistinctValuesToContainSet(
            column="segment_key",
            value_set=keys,
            row_condition=Column("segment_family") == family,
        )
        for family, keys in sorted(facts.segment_keys.items())
        if keys
    ]


def catalogue_segments_have_members(facts: Facts) -> list:
    """Every segment model of the catalogue has members (a family: in any of its keys).

    A warning: real data may lack a segment's population (CDNOW has no events, genders
    or delivery methods), so an empty segment is a finding, not a broken build.
    """
    if not facts.catalogue_models:
        return []
    return [
        E.ExpectColumnDistinctValuesToContainSet(
            column="segment_model",
            value_set=facts.catalogue_models,
            row_condition=Column("segment_family") == "catalogue",
            severity="warning",
        )
    ]


def micro_segment_sizes(facts: Facts) -> list:
    """A micro-segment that keeps an axis holds at least `micro_segment_min_buyers`; a
    stage's root cell, which cannot merge further, may hold fewer (but at least one)."""
    checks = between("buyers_count", 1)
    minimum = facts.build_vars.get("micro_segment_min_buyers")
    if minimum is not None:
        checks += between("buyers_count", minimum, row_condition=Column("axes_kept_count") > 0)
    return checks


def moments_in_the_horizon(facts: Facts) -> list:
    """Birthdays and anniversaries fall in the next `moments_horizon_days` days (the
    reference date is past); spend thresholds were crossed in the last ones (it included)."""
    horizon = facts.build_vars.get("moments_horizon_days")
    if horizon is None:
        return []
    crossed = "spend_threshold_crossed"
    return [
        *between(
            "days_from_reference_date", 1, horizon, row_condition=Column("moment_type") != crossed
        ),
        *between(
            "days_from_reference_date",
            1 - horizon,
            0,
            row_condition=Column("moment_type") == crossed,
        ),
    ]


def build_suites(facts: Facts) -> dict[str, list]:
    """Expectations of every mart, by mart name (the marts schema's table names)."""
    return {
        "buyer_segments": [
            *row_counts("buyer_segments", facts),
            *between("monetary_total", 0),
            *between("orders_count", 0),
            *between("recency_days", 0),
            *shares("pct_revenue_discounted", "pct_purchases_in_app", "conversion_rate"),
            E.ExpectColumnValuesToMatchRegex(column="email_hash", regex=MD5),
            # null rates: most buyers have an account with an e-mail; scores exist for purchasers
            E.ExpectColumnProportionOfNonNullValuesToBeBetween(
                column="email_hash", min_value=0.5, severity="warning"
            ),
            # quintile scores average about 3
            E.ExpectColumnMeanToBeBetween(
                column="r_score", min_value=2.5, max_value=3.5, severity="warning"
            ),
        ],
        "buyer_lifecycle_history": [
            *row_counts("buyer_lifecycle_history", facts),
        ],
        "rfm_cut_points": [
            *row_counts("rfm_cut_points", facts),
        ],
        "buyer_value_pareto": [
            E.ExpectTableRowCountToEqual(value=1),
            *between("pct_buyers_top", *PARETO_BAND),
        ],
        "micro_segments": [
            *row_counts("micro_segments", facts),
            *micro_segment_sizes(facts),
            *shares("pct_buyers", "pct_revenue", "conversion_rate", "pct_retained"),
            *shares("pct_contactable"),
        ],
        "buyer_loyalty_moments": [
            *row_counts("buyer_loyalty_moments", facts, allow_empty=True),
            *moments_in_the_horizon(facts),
        ],
        "seller_segments": [
            *row_counts("seller_segments", facts),
            *between("gmv_total", 0),
        ],
        "seller_months": [
            *row_counts("seller_months", facts),
            *between("gmv_total", 0),
        ],
        "buyer_segment_memberships": [
            *row_counts("buyer_segment_memberships", facts),
            *catalogue_keys_have_members(facts),
            *catalogue_segments_have_members(facts),
        ],
        "segment_catalogue": [
            *row_counts("segment_catalogue", facts),
        ],
        "segment_kpis": [
            *row_counts("segment_kpis", facts),
            *between("revenue_total", 0),
            # segment share bounds
            *between(
                "pct_members",
                high=MAX_STAGE_SHARE,
                row_condition=Column("segment_family") == "lifecycle_stage",
            ),
        ],
        "activation_audiences": [
            *row_counts("activation_audiences", facts, allow_empty=True),
            E.ExpectColumnValuesToMatchRegex(column="email_hash", regex=MD5),
            *between("max_contacts_per_week", 1, 3),
        ],
    }
