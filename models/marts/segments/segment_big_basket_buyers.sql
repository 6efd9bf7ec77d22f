with

recent_orders as (
    select
        buyer_id,
        order_id,
        sum(net_amount_reporting) as order_value
    from {{ ref('int_purchase_lines') }}
    where days_ago < {{ var('big_basket_window_days', 30) }}
    group by 1, 2
),

average as (
    select avg(order_value) as avg_order_value
    from recent_orders
)

select distinct recent_orders.buyer_id
from recent_orders
cross join average
where recent_orders.order_value >= average.avg_order_value * (1 + {{ var('big_basket_uplift', 0.15) }})
