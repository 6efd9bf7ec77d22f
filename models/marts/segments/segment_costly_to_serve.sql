with

reference as (
    select * from {{ ref('int_reference_date') }}
),

orders as (
    select
        order_lines.buyer_id,
        count(distinct order_lines.order_id) as orders_count,
        count(distinct case when order_lines.status = 'refunded' then order_lines.order_id end) as refunded_orders_count
    from {{ ref('int_order_lines_converted') }} as order_lines
    cross join reference
    where
        order_lines.status != 'cancelled'
        and order_lines.order_date <= reference.as_of_date
    group by 1
),

tickets as (
    select
        tickets.buyer_id,
        count(*) as tickets_count
    from {{ ref('stg_marketplace__support_tickets') }} as tickets
    cross join reference
    where
        tickets.topic in ('refund', 'complaint')
        and cast(tickets.created_at as date) <= reference.as_of_date
    group by 1
),

incidents as (
    select
        orders.buyer_id,
        orders.orders_count,
        orders.refunded_orders_count + coalesce(tickets.tickets_count, 0) as incidents_count
    from orders
    left join tickets
        on orders.buyer_id = tickets.buyer_id
)

select buyer_id
from incidents
where
    incidents_count >= {{ var('costly_to_serve_min_incidents', 2) }}
    and incidents_count >= {{ var('costly_to_serve_min_ratio', 0.5) }} * orders_count
