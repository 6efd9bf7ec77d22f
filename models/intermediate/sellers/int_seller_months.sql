with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

dated_lines as (
    select
        *,
        cast({{ dbt.date_trunc('month', 'order_date') }} as date) as sale_month
    from purchase_lines
),

months as (
    select
        seller_id,
        sale_month,
        sum(net_amount_reporting) as gmv_total,
        sum(case when is_returned then 0 else commission_amount_reporting end) as commission_total,
        count(distinct order_id) as orders_count,
        count(distinct buyer_id) as buyers_count
    from dated_lines
    group by 1, 2
)

select * from months
