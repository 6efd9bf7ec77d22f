with

recent_orders as (
    select
        buyer_id,
        order_id,
        sum(net_amount_reporting) as order_value
    from {{ ref('int_purchase_lines') }}
    where days_ago < {{ var('big_basket_window_days') }}
    group by 1, 2
),

-- the average as its exact parts: value >= total / count x (1 + uplift) is compared as
-- value x count >= total x (1 + uplift), in decimal, so an order exactly on the
-- threshold is in on every engine (a floating-point average can round it out)
window_totals as (
    select
        count(*) as orders_count,
        sum(order_value) as order_value_total
    from recent_orders
)

select distinct recent_orders.buyer_id
from recent_orders
cross join window_totals
where
    recent_orders.order_value * window_totals.orders_count
    >= window_totals.order_value_total * (1 + {{ var('big_basket_uplift') }})
