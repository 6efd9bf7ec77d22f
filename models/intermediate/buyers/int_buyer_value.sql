{#- Value (SPEC 4.3). Pareto: buyers ranked by monetary_total (ties broken on buyer_id);
    `top` is the smallest set of buyers making `pareto_top_revenue_share` of revenue,
    `core` the next ones up to `pareto_core_revenue_share`, `tail` the rest, including
    buyers without revenue. -#}
with

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

valued as (
    select
        buyers.buyer_id,
        coalesce(metrics.monetary_total, 0) as monetary_total
    from buyers
    left join metrics
        on buyers.buyer_id = metrics.buyer_id
),

ranked as (
    select
        *,
        {{ share_ranked_before('monetary_total', 'buyer_id') }} as revenue_share_before
    from valued
),

final as (
    select
        buyer_id,
        monetary_total,
        {{ pareto_tier('monetary_total', 'revenue_share_before') }} as value_tier,
        monetary_total > {{ var('vip_min_revenue') }} as is_vip
    from ranked
)

select * from final
