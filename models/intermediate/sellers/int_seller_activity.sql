{#- Seller activity up to the reference date (SPEC 5). GMV is the net amount of purchase
    lines (after discounts, before returns); commission excludes returned lines. -#}
with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

buyer_days as (
    select
        seller_id,
        buyer_id,
        count(distinct order_date) as purchase_days
    from purchase_lines
    group by 1, 2
),

loyalty as (
    select
        seller_id,
        count(*) as buyers_count,
        sum(case when purchase_days >= 2 then 1 else 0 end) as returning_buyers_count
    from buyer_days
    group by 1
),

activity as (
    select
        seller_id,
        max(as_of_date) as as_of_date,
        min(ordered_at) as first_sale_at,
        max(ordered_at) as last_sale_at,
        min(days_ago) as days_since_last_sale,
        max(days_ago) as days_since_first_sale,
        count(distinct order_id) as orders_count,
        sum(quantity) as items_count,
        sum(net_amount_reporting) as gmv_total,
        sum(case when is_returned then 0 else commission_amount_reporting end) as commission_total,
        {%- for window in [30, 90, 365] %}
        sum(case when days_ago < {{ window }} then net_amount_reporting else 0 end) as gmv_{{ window }}d,
        sum(case when days_ago < {{ window }} and not is_returned then commission_amount_reporting else 0 end)
            as commission_{{ window }}d,
        count(distinct case when days_ago < {{ window }} then order_id end) as orders_{{ window }}d,
        {%- endfor %}
        sum(case when days_ago >= 90 and days_ago < 180 then net_amount_reporting else 0 end) as gmv_prior_90d
    from purchase_lines
    group by 1
),

final as (
    select
        activity.*,
        {{ money_average('activity.gmv_total', 'activity.orders_count') }} as avg_order_value,
        case
            when activity.gmv_prior_90d > 0
                then cast(activity.gmv_90d - activity.gmv_prior_90d as {{ type_double() }}) / activity.gmv_prior_90d
        end as gmv_growth_90d,
        loyalty.buyers_count,
        loyalty.returning_buyers_count,
        cast(loyalty.returning_buyers_count as {{ type_double() }}) / loyalty.buyers_count
            as pct_buyers_returning
    from activity
    inner join loyalty
        on activity.seller_id = loyalty.seller_id
)

select * from final
