with

reference as (
    select * from {{ ref('int_reference_date') }}
),

orders as (
    select
        lines.buyer_id,
        count(distinct lines.order_id) as orders_count,
        count(distinct case when lines.status = 'refunded' then lines.order_id end) as refunded_orders_count
    from {{ ref('int_order_lines_converted') }} as lines
    cross join reference
    where
        lines.status != 'cancelled'
        and lines.order_date <= reference.as_of_date
    group by lines.buyer_id
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
    group by tickets.buyer_id
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
