with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

purchase_days as (
    select
        buyer_id,
        order_date as purchase_date,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at,
        count(distinct order_id) as orders_count,
        sum(net_revenue) as net_revenue,
        sum(case when has_coupon or discount_amount > 0 then net_revenue else 0 end)
            as discounted_revenue,
        count(distinct case when channel = 'app' then order_id end) as app_orders_count,
        count(*) as lines_count
    from purchase_lines
    group by 1, 2
)

select * from purchase_days
