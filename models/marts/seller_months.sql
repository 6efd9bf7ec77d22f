{#- One row per seller and month with a sale, up to the reference date, and the tier the
    seller had that month: `premium` among the sellers making `seller_premium_gmv_share`
    of the month's GMV, `established` with at least `seller_established_min_monthly_orders`
    orders that month, `beginner` otherwise. -#}
with

purchase_lines as (
    select
        *,
        cast({{ dbt.date_trunc('month', 'order_date') }} as date) as sale_month
    from {{ ref('int_purchase_lines') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

months as (
    select
        seller_id,
        sale_month,
        sum(net_amount_reporting) as gmv_total,
        sum(case when is_returned then 0 else commission_amount_reporting end) as commission_total,
        count(distinct order_id) as orders_count,
        count(distinct buyer_id) as buyers_count
    from purchase_lines
    group by 1, 2
),

ranked as (
    select
        *,
        {{ share_ranked_before('gmv_total', 'seller_id', partition_by='sale_month') }} as gmv_share_before
    from months
),

tiered as (
    select
        *,
        case
            when gmv_share_before < {{ var('seller_premium_gmv_share') }} then 'premium'
            when orders_count >= {{ var('seller_established_min_monthly_orders') }} then 'established'
            else 'beginner'
        end as seller_tier
    from ranked
),

dated as (
    select
        tiered.*,
        reference.as_of_date
    from tiered
    cross join reference
),

-- every column cast to the type of the model's contract
final as (
    select {{ contract_casts() }}
    from dated
)

select * from final
