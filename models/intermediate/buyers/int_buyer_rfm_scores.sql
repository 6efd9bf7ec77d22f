{#- RFM scores (SPEC 4.2) over buyers with a purchase. A score is 1 + the quintile of the
    buyer's percent rank: percent_rank gives equal values equal ranks (tie-consistent on
    every engine) and, with massive ties (most buyers bought once), every one-time buyer
    gets f_score 1 and a repeat buyer's score says how many buyers bought strictly less. -#}
with

metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

segments as (
    select * from {{ ref('rfm_segments') }}
),

scored as (
    select
        buyer_id,
        recency_days,
        orders_count,
        monetary_total,
        -- lower recency is better: the most recent buyers rank last, hence highest
        {{ quintile_score('recency_days desc') }} as r_score,
        {{ quintile_score('orders_count') }} as f_score,
        {{ quintile_score('monetary_total') }} as m_score
    from metrics
),

named as (
    select
        scored.*,
        {{ dbt.concat([
            dbt.cast('scored.r_score', dbt.type_string()),
            dbt.cast('scored.f_score', dbt.type_string()),
            dbt.cast('scored.m_score', dbt.type_string()),
        ]) }} as rfm_cell,
        segments.rfm_segment
    from scored
    left join segments
        on
            scored.r_score between segments.r_score_min and segments.r_score_max
            and scored.f_score between segments.f_score_min and segments.f_score_max
)

select * from named
