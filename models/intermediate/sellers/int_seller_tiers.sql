{#- The seller tier rule (SPEC 5), written once for both periods it is computed on: a
    seller's whole activity up to the reference date (`sale_month` null; read by
    int_seller_classification) and each calendar month with a sale (read by seller_months).
    `premium` for the smallest set of sellers making `seller_premium_gmv_share` of the
    period's GMV (ranked by GMV, then seller_id); `established` with at least
    `seller_established_min_orders` orders (lifetime) or
    `seller_established_min_monthly_orders` (a month); `beginner` otherwise. -#}
with

activity as (
    select * from {{ ref('int_seller_activity') }}
),

seller_months as (
    select * from {{ ref('int_seller_months') }}
),

periods as (
    select
        seller_id,
        cast(null as date) as sale_month,
        gmv_total,
        orders_count,
        {{ var('seller_established_min_orders') }} as established_min_orders
    from activity
    union all
    select
        seller_id,
        sale_month,
        gmv_total,
        orders_count,
        {{ var('seller_established_min_monthly_orders') }} as established_min_orders
    from seller_months
),

ranked as (
    select
        *,
        {{ share_ranked_before('gmv_total', 'seller_id', partition_by='sale_month') }} as gmv_share_before
    from periods
),

tiered as (
    select
        seller_id,
        sale_month,
        gmv_share_before,
        orders_count,
        case
            when gmv_share_before < {{ var('seller_premium_gmv_share') }} then 'premium'
            when orders_count >= established_min_orders then 'established'
            else 'beginner'
        end as seller_tier
    from ranked
)

select * from tiered
