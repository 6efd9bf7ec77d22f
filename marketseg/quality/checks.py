"""The gate's checks across relations, as SQL over the build warehouse: completeness of the
marts against the intermediate relations that define who is known, and consistency of the
rules (SPEC 4.1, 4.2) with the vars this build resolved.

Each check is a query returning its violations, one row per (subject, problem), and the
checkpoint expects it to return no row (GX `expect_table_row_count_to_equal` 0 on the
query's result): the count is exact and the report shows the first subjects. The queries
read the build warehouse, which holds the staging and intermediate schemas next to the
marts (the serving file does not).
"""

from __future__ import annotations

from dataclasses import dataclass

# the lifecycle vars of SPEC 4.1 the stage rule reads
LIFECYCLE_VARS = (
    "inactive_multiplier",
    "inactive_min_days",
    "at_risk_multiplier",
    "at_risk_min_days",
    "loyal_min_purchase_days",
    "loyal_window_days",
)
# the families of buyer_segment_memberships with exactly one segment per buyer (SPEC 4.4:
# a buyer belongs to any number of catalogue segments and to one of each other family),
# with the intermediate relation and column the family's key comes from
SINGLE_VALUED_FAMILIES = {
    "lifecycle_stage": (
        "select buyer_id, lifecycle_stage as segment_key"
        " from intermediate.int_buyer_lifecycle_snapshots where is_reference_date"
    ),
    "rfm_segment": (
        "select buyer_id, rfm_segment as segment_key"
        " from intermediate.int_buyer_rfm_scores where rfm_segment is not null"
    ),
    "micro_segment": (
        "select buyer_id, micro_segment_key as segment_key"
        " from intermediate.int_buyer_micro_segments"
    ),
}


@dataclass(frozen=True)
class Check:
    """A query returning (subject, problem) violations; none is expected."""

    mart: str
    name: str
    severity: str
    description: str
    reason: str
    sql: str


def exactly_once(relation: str, key: str, known: str) -> str:
    """(subject, problem) of every key of `known` not exactly once in `relation`, and of
    every key of `relation` that `known` lacks."""
    return f"""
        with expected as (
            select distinct {key} as subject from {known}
        ),
        actual as (
            select {key} as subject, count(*) as rows_count from {relation} group by 1
        )
        select
            coalesce(expected.subject, actual.subject, '(null)') as subject,
            case
                when actual.rows_count is null then 'missing'
                when expected.subject is null then 'not known ({known})'
                else actual.rows_count || ' rows'
            end as problem
        from expected
        full outer join actual on expected.subject = actual.subject
        where actual.rows_count is distinct from 1 or expected.subject is null
        order by 1
    """


# who staging says is known on the reference date, read from the staging versions
# directly (not through the intermediate relations the marts are built from, which a broken
# join would shrink together with the marts): an account or an order with a version written
# on or before that day (SPEC 2)
STAGING_KNOWN_BUYERS = """
    select buyer_versions.buyer_id
    from staging.stg_marketplace__buyer_versions as buyer_versions
    cross join intermediate.int_reference_date as reference
    where cast(buyer_versions.created_at as date) <= reference.as_of_date
        and cast(buyer_versions.updated_at as date) <= reference.as_of_date
    union
    select order_versions.buyer_id
    from staging.stg_marketplace__order_versions as order_versions
    cross join intermediate.int_reference_date as reference
    where cast(order_versions.ordered_at as date) <= reference.as_of_date
        and cast(order_versions.updated_at as date) <= reference.as_of_date
"""
STAGING_KNOWN_SELLERS = """
    select seller_versions.seller_id
    from staging.stg_marketplace__seller_versions as seller_versions
    cross join intermediate.int_reference_date as reference
    where cast(seller_versions.created_at as date) <= reference.as_of_date
        and cast(seller_versions.updated_at as date) <= reference.as_of_date
"""


def present(relation: str, key: str, known: str) -> str:
    """(subject, 'missing') of every key of `known` absent from `relation`."""
    return f"""
        select distinct known.{key} as subject, 'missing' as problem
        from ({known}) as known
        where known.{key} is not null
            and known.{key} not in (select {key} from {relation} where {key} is not null)
        order by 1
    """


def single_valued_memberships() -> str:
    """(buyer and family, problem) where a single-valued family has not exactly the one
    membership its intermediate relation gives."""
    expected = " union all ".join(
        f"select buyer_id, '{family}' as segment_family, segment_key from ({query})"
        for family, query in SINGLE_VALUED_FAMILIES.items()
    )
    families = ", ".join(f"'{family}'" for family in SINGLE_VALUED_FAMILIES)
    return f"""
        with expected as ({expected}),
        actual as (
            select
                buyer_id,
                segment_family,
                count(*) as rows_count,
                min(segment_key) as segment_key
            from marts.buyer_segment_memberships
            where segment_family in ({families})
            group by 1, 2
        )
        select
            coalesce(expected.buyer_id, actual.buyer_id, '(null)') || ' in '
                || coalesce(expected.segment_family, actual.segment_family) as subject,
            case
                when actual.rows_count is null then 'missing'
                when expected.buyer_id is null then 'no segment expected'
                when actual.rows_count <> 1 then actual.rows_count || ' rows'
                else 'segment ' || actual.segment_key || ', expected ' || expected.segment_key
            end as problem
        from expected
        full outer join actual
            on expected.buyer_id = actual.buyer_id
            and expected.segment_family = actual.segment_family
        where
            actual.rows_count is distinct from 1
            or expected.buyer_id is null
            or actual.segment_key is distinct from expected.segment_key
        order by 1
    """


def stage_rule(build_vars: dict[str, float]) -> str:
    """(buyer, problem) where buyer_segments.lifecycle_stage is not the stage SPEC 4.1's
    rules give from the buyer's own metrics and this build's vars; first match wins.
    Multipliers are compared in whole numbers, as the model does (recency x repeat
    purchase days >= multiplier x span), so that the comparison is exact."""
    v = {name: repr(float(build_vars[name])) for name in LIFECYCLE_VARS}
    return f"""
        with buyers as (
            select buyer_id, as_of_date, lifecycle_stage, purchase_days, recency_days,
                purchase_span_days
            from marts.buyer_segments
        ),
        windows as (
            select
                buyers.buyer_id,
                count(purchase_days.purchase_date) as loyal_window_purchase_days
            from buyers
            left join intermediate.int_buyer_purchase_days as purchase_days
                on buyers.buyer_id = purchase_days.buyer_id
                and purchase_days.purchase_date <= buyers.as_of_date
                and purchase_days.purchase_date
                    > buyers.as_of_date - cast({v["loyal_window_days"]} as integer)
            group by 1
        ),
        ruled as (
            select
                buyers.*,
                case
                    when buyers.purchase_days = 0 then 'prospect'
                    when buyers.purchase_days = 1 then 'first_time'
                    when buyers.recency_days * (buyers.purchase_days - 1)
                            >= {v["inactive_multiplier"]} * buyers.purchase_span_days
                        and buyers.recency_days >= {v["inactive_min_days"]}
                        then 'inactive'
                    when buyers.recency_days * (buyers.purchase_days - 1)
                            >= {v["at_risk_multiplier"]} * buyers.purchase_span_days
                        and buyers.recency_days >= {v["at_risk_min_days"]}
                        then 'at_risk'
                    when windows.loyal_window_purchase_days >= {v["loyal_min_purchase_days"]}
                        then 'loyal'
                    else 'repeat'
                end as ruled_stage
            from buyers
            left join windows on buyers.buyer_id = windows.buyer_id
        )
        select
            coalesce(buyer_id, '(null)') as subject,
            'stage ' || coalesce(lifecycle_stage, 'null') || ', the rule gives ' || ruled_stage
                as problem
        from ruled
        where lifecycle_stage is distinct from ruled_stage
        order by 1
    """


def scores_agree_with_cut_points() -> str:
    """(buyer or cut point, problem) where an RFM score disagrees with rfm_cut_points: a
    purchaser without a score or a prospect with one, a metric outside its score's range,
    or a cut point whose buyers_count is not the number of buyers with that score."""
    metrics = {
        "recency": ("r_score", "recency_days"),
        "frequency": ("f_score", "orders_count"),
        "monetary": ("m_score", "monetary_total"),
    }
    scores = " union all ".join(
        f"select buyer_id, orders_count, '{metric}' as rfm_metric, {score} as score,"
        f" cast({column} as double) as metric_value from marts.buyer_segments"
        for metric, (score, column) in metrics.items()
    )
    return f"""
        with scores as ({scores}),
        buyer_problems as (
            select
                coalesce(scores.buyer_id, '(null)') || ' ' || scores.rfm_metric as subject,
                case
                    when scores.orders_count > 0 and scores.score is null
                        then 'no score for a purchaser'
                    when scores.orders_count = 0 and scores.score is not null
                        then 'a score without a purchase'
                    when cut_points.score is null then 'score ' || scores.score
                        || ' not in rfm_cut_points'
                    else 'score ' || scores.score || ' for ' || scores.metric_value
                        || ', its cut points are ' || cut_points.min_value || '..'
                        || cut_points.max_value
                end as problem
            from scores
            left join marts.rfm_cut_points as cut_points
                on scores.rfm_metric = cut_points.rfm_metric
                and scores.score = cut_points.score
            where
                (scores.orders_count > 0) <> (scores.score is not null)
                or (scores.score is not null and cut_points.score is null)
                or scores.metric_value not between cut_points.min_value and cut_points.max_value
        ),
        counted as (
            select rfm_metric, score, count(*) as buyers_count
            from scores
            where score is not null
            group by 1, 2
        ),
        count_problems as (
            select
                'rfm_cut_points ' || cut_points.rfm_metric || ' score ' || cut_points.score
                    as subject,
                'buyers_count ' || cut_points.buyers_count || ', buyer_segments has '
                    || coalesce(counted.buyers_count, 0) as problem
            from marts.rfm_cut_points as cut_points
            left join counted
                on cut_points.rfm_metric = counted.rfm_metric
                and cut_points.score = counted.score
            where cut_points.buyers_count is distinct from coalesce(counted.buyers_count, 0)
        )
        select * from buyer_problems
        union all
        select * from count_problems
        order by 1
    """


def build_checks(build_vars: dict[str, float]) -> list[Check]:
    """The completeness and rule checks, all of severity error: a correct build cannot
    break them, whatever the data."""
    checks = [
        Check(
            "buyer_segments",
            "known_buyers_once",
            "critical",
            "Every known buyer (intermediate.int_buyers_known) is in buyer_segments exactly once.",
            "error: a buyer missing, duplicated or unknown means a join lost or multiplied "
            "rows; a first build has no previous run to catch it",
            exactly_once("marts.buyer_segments", "buyer_id", "intermediate.int_buyers_known"),
        ),
        Check(
            "seller_segments",
            "known_sellers_once",
            "critical",
            "Every known seller (intermediate.int_seller_classification) is in "
            "seller_segments exactly once.",
            "error: a seller missing, duplicated or unknown means a join lost or multiplied rows",
            exactly_once(
                "marts.seller_segments", "seller_id", "intermediate.int_seller_classification"
            ),
        ),
        Check(
            "buyer_segments",
            "staging_buyers_present",
            "critical",
            "Every buyer staging knows on the reference date (an account or an order with a "
            "version written by then) is in buyer_segments.",
            "error: checked against staging itself, so a join that loses buyers in the "
            "intermediate layer cannot hide behind an equally short int_buyers_known",
            present("marts.buyer_segments", "buyer_id", STAGING_KNOWN_BUYERS),
        ),
        Check(
            "seller_segments",
            "staging_sellers_present",
            "critical",
            "Every seller staging knows on the reference date (a version created and written "
            "by then) is in seller_segments.",
            "error: checked against staging itself, not the intermediate relation the mart "
            "is built from",
            present("marts.seller_segments", "seller_id", STAGING_KNOWN_SELLERS),
        ),
        Check(
            "buyer_segment_memberships",
            "single_valued_families_once",
            "critical",
            "Every buyer has exactly one membership, the right one, in each single-valued "
            f"family ({', '.join(SINGLE_VALUED_FAMILIES)}).",
            "error: SPEC 4.4 gives a buyer one segment of each family but the catalogue; "
            "audiences and KPIs read the memberships",
            single_valued_memberships(),
        ),
        Check(
            "buyer_segments",
            "scores_agree_with_rfm_cut_points",
            "critical",
            "Every buyer's r, f and m score lies within its cut points, and each cut point "
            "counts the buyers with that score.",
            "error: the cut points are the published definition of the scores (SPEC 4.2)",
            scores_agree_with_cut_points(),
        ),
    ]
    if all(name in build_vars for name in LIFECYCLE_VARS):
        checks.append(
            Check(
                "buyer_segments",
                "lifecycle_stage_follows_the_rules",
                "critical",
                "Every buyer's lifecycle stage is the one SPEC 4.1's rules give from its "
                "purchase days, recency and span and this build's lifecycle vars.",
                "error: the stage drives the playbook and the audiences; a stage the rules "
                "do not give is a broken build",
                stage_rule(build_vars),
            )
        )
    return checks
