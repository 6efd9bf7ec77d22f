"""One expectation suite per mart: value ranges, keys, null rates, segment share bounds,
row counts against the previous run and distribution checks.

Severity: `critical` (the default) stops the gate, `warning` is reported. Critical are
the rules a correct build can never break (keys, ranges, sets, the Pareto band, lost
rows); warnings are plausibility checks that real data may legitimately cross.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import great_expectations as gx
from great_expectations.expectations.row_conditions import Column

E = gx.expectations
STAGES = ["prospect", "first_time", "repeat", "loyal", "at_risk", "inactive"]
VALUE_TIERS = ["top", "core", "tail"]
SELLER_TIERS = ["premium", "established", "beginner", "onboarding"]
SELLER_LIFECYCLES = ["onboarding", "new", "growing", "stable", "declining", "dormant"]
FAMILIES = ["catalogue", "lifecycle_stage", "rfm_segment", "micro_segment"]
MD5 = r"^[0-9a-f]{32}$"
# a mart losing more than half its rows since the previous run is a broken load; growing
# more than twice is reported (new data legitimately grows)
MIN_ROWS_VS_PREVIOUS = 0.5
MAX_ROWS_VS_PREVIOUS = 2.0
# the share of purchasers making 80% of revenue (20% in theory; 30-33% on the demo and
# CDNOW data): outside this band the revenue or the value tiers are wrong
PARETO_BAND = (0.05, 0.6)
# one lifecycle stage holding nearly every buyer means the stage rules collapsed
MAX_STAGE_SHARE = 0.95


@dataclass
class Facts:
    """What the suites need to know about this warehouse, its build and its previous run."""

    previous_row_counts: dict[str, int] = field(default_factory=dict)
    # (family, key) of every segment segment_kpis reports: each must have memberships
    segment_keys: dict[str, list[str]] = field(default_factory=dict)
    # every segment model segment_catalogue declares: each should have members
    catalogue_models: list[str] = field(default_factory=list)
    # the dbt vars the bounds depend on (BUILD_VARS), as the build resolved them
    build_vars: dict[str, float] = field(default_factory=dict)


# the vars the marts were built with that bound them: the `keep_build_vars` hook of
# dbt_project.yml keeps these in audit.build_vars (a pytest keeps the two lists equal)
BUILD_VARS = ("micro_segment_min_buyers", "moments_horizon_days")


def key(*columns: str) -> list:
    """The key: not null, and unique (one column) or unique together."""
    checks = [E.ExpectColumnValuesToNotBeNull(column=c) for c in columns]
    if len(columns) == 1:
        return [*checks, E.ExpectColumnValuesToBeUnique(column=columns[0])]
    return [*checks, E.ExpectCompoundColumnsToBeUnique(column_list=list(columns))]


def between(column: str, low: float | None = None, high: float | None = None, **kw) -> list:
    return [E.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high, **kw)]


def shares(*columns: str) -> list:
    return [e for c in columns for e in between(c, 0, 1)]


def in_set(column: str, values: list[str], **kw) -> list:
    return [E.ExpectColumnValuesToBeInSet(column=column, value_set=values, **kw)]


def row_counts(mart: str, facts: Facts, allow_empty: bool = False) -> list:
    checks = [] if allow_empty else [E.ExpectTableRowCountToBeBetween(min_value=1)]
    previous = facts.previous_row_counts.get(mart)
    if previous:
        checks += [
            E.ExpectTableRowCountToBeBetween(min_value=math.ceil(previous * MIN_ROWS_VS_PREVIOUS)),
            E.ExpectTableRowCountToBeBetween(
                max_value=math.floor(previous * MAX_ROWS_VS_PREVIOUS), severity="warning"
            ),
        ]
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
        *between("days_until", 1, horizon, row_condition=Column("moment_type") != crossed),
        *between("days_until", 1 - horizon, 0, row_condition=Column("moment_type") == crossed),
    ]


def build_suites(facts: Facts) -> dict[str, list]:
    """Expectations of every mart, by mart name (the marts schema's table names)."""
    return {
        "buyer_segments": [
            *row_counts("buyer_segments", facts),
            *key("buyer_id"),
            *in_set("lifecycle_stage", STAGES),
            E.ExpectColumnValuesToNotBeNull(column="lifecycle_stage"),
            *in_set("value_tier", VALUE_TIERS),
            *(e for score in ("r_score", "f_score", "m_score") for e in between(score, 1, 5)),
            *between("monetary_total", 0),
            *between("orders_count", 0),
            *between("recency_days", 0),
            *shares("pct_revenue_discounted", "pct_purchases_in_app", "pct_sessions_converted"),
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
            *key("buyer_id", "valid_from"),
            *in_set("lifecycle_stage", STAGES),
        ],
        "rfm_cut_points": [
            *row_counts("rfm_cut_points", facts),
            *key("rfm_metric", "score"),
            *between("score", 1, 5),
        ],
        "buyer_value_pareto": [
            E.ExpectTableRowCountToEqual(value=1),
            *between("pct_buyers_top", *PARETO_BAND),
            *between("pct_revenue_top", 0.79, 1),
        ],
        "micro_segments": [
            *row_counts("micro_segments", facts),
            *key("micro_segment_key"),
            *micro_segment_sizes(facts),
            *shares("pct_buyers", "pct_revenue", "pct_sessions_converted", "pct_retained"),
            *shares("pct_contactable"),
            *in_set("lifecycle_stage", STAGES),
        ],
        "buyer_loyalty_moments": [
            *row_counts("buyer_loyalty_moments", facts, allow_empty=True),
            *key("buyer_id", "moment_key"),
            *moments_in_the_horizon(facts),
        ],
        "seller_segments": [
            *row_counts("seller_segments", facts),
            *key("seller_id"),
            *in_set("seller_tier", SELLER_TIERS),
            *in_set("seller_lifecycle", SELLER_LIFECYCLES),
            *between("gmv_total", 0),
            *shares("pct_orders_cancelled", "pct_lines_returned", "pct_buyers_returning"),
            *between("avg_rating", 1, 5),
        ],
        "seller_months": [
            *row_counts("seller_months", facts),
            *key("seller_id", "sale_month"),
            *between("gmv_total", 0),
            *in_set("seller_tier", SELLER_TIERS),
        ],
        "buyer_segment_memberships": [
            *row_counts("buyer_segment_memberships", facts),
            *key("segment_family", "segment_key", "category", "buyer_id")[-1:],
            *(E.ExpectColumnValuesToNotBeNull(column=c) for c in ("buyer_id", "segment_key")),
            *in_set("segment_family", FAMILIES),
            *catalogue_keys_have_members(facts),
            *catalogue_segments_have_members(facts),
        ],
        "segment_catalogue": [
            *row_counts("segment_catalogue", facts),
            *key("segment_key"),
            *(E.ExpectColumnValuesToNotBeNull(column=c) for c in ("owner", "playbook_goal")),
        ],
        "segment_kpis": [
            *row_counts("segment_kpis", facts),
            *key("segment_family", "segment_key", "month_start"),
            *between("members_count", 1),
            *shares("pct_members", "pct_contactable", "conversion_rate"),
            *between("pct_revenue", 0, 1.000001),
            *between("revenue", 0),
            # segment share bounds
            *between(
                "pct_members",
                high=MAX_STAGE_SHARE,
                row_condition=Column("segment_family") == "lifecycle_stage",
            ),
        ],
        "activation_audiences": [
            *row_counts("activation_audiences", facts, allow_empty=True),
            *key("segment_family", "segment_key", "buyer_id"),
            E.ExpectColumnValuesToNotBeNull(column="email_hash"),
            E.ExpectColumnValuesToMatchRegex(column="email_hash", regex=MD5),
            *between("max_contacts_per_week", 1, 3),
            *in_set("lifecycle_stage", STAGES),
        ],
    }
