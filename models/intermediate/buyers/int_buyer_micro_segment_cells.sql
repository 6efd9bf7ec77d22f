{#- The full micro-segment cell (SPEC 6) of every buyer with a purchase: the lifecycle stage
    crossed with the axes of the var `micro_segment_axes`, and the cell's key at each level
    of the merge-up (`int_buyer_micro_segments`): key_<n> holds the lifecycle stage and the
    first n axes, the others as '*', all joined with '|'. -#}
{%- set axes = var('micro_segment_axes') %}
{%- set keys = [] %}
{%- for level in range(axes | length + 1) %}
{%- set pieces = ['lifecycle_stage'] %}
{%- for axis in axes %}
{%- do pieces.extend(["'|'", axis if loop.index <= level else "'*'"]) %}
{%- endfor %}
{%- do keys.append(dbt.concat(pieces)) %}
{%- endfor %}
with

metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

behaviour as (
    select * from {{ ref('int_buyer_behaviour') }}
),

lifecycle as (
    select * from {{ ref('int_buyer_lifecycle_snapshots') }}
    where is_reference_date
),

described as (
    select
        metrics.buyer_id,
        lifecycle.lifecycle_stage,
        coalesce(behaviour.favourite_category, 'unknown') as favourite_category,
        coalesce(buyers.age_band, 'unknown') as age_band,
        coalesce(buyers.gender, 'unknown') as gender,
        coalesce(buyers.country_code, 'unknown') as country,
        coalesce(behaviour.main_device_type, 'unknown') as main_device_type,
        case
            when metrics.pct_revenue_discounted is null then 'unknown'
            when metrics.pct_revenue_discounted >= {{ var('price_sensitive_min_share') }} then 'high'
            when metrics.pct_revenue_discounted > 0 then 'medium'
            else 'low'
        end as price_sensitivity,
        -- what the micro-segment KPIs sum up
        metrics.orders_count,
        metrics.monetary_total,
        metrics.purchases_365d,
        coalesce(behaviour.sessions_count, 0) as sessions_count,
        coalesce(behaviour.converted_sessions_count, 0) as converted_sessions_count,
        coalesce(buyers.is_contactable, false) as is_contactable
    from metrics
    inner join lifecycle
        on metrics.buyer_id = lifecycle.buyer_id
    left join buyers
        on metrics.buyer_id = buyers.buyer_id
    left join behaviour
        on metrics.buyer_id = behaviour.buyer_id
),

keyed as (
    select
        {%- for level in range(axes | length + 1) %}
        {{ keys[level] }} as key_{{ level }},
        {%- endfor %}
        *
    from described
)

select * from keyed
