with

reference as (
    select * from {{ ref('int_reference_date') }}
),

order_lines as (
    select order_lines.*
    from {{ ref('int_order_lines_converted') }} as order_lines
    cross join reference
    where
        order_lines.status != 'cancelled'
        and order_lines.order_date <= reference.as_of_date
),

tickets as (
    select tickets.*
    from {{ ref('stg_marketplace__support_tickets') }} as tickets
    cross join reference
    where
        tickets.topic in ('refund', 'complaint')
        and cast(tickets.created_at as date) <= reference.as_of_date
),

orders as (
    select
        buyer_id,
        count(distinct order_id) as orders_count,
        count(distinct case when status = 'refunded' then order_id end) as refunded_orders_count
    from order_lines
    group by 1
),

-- tickets carry no order id: a refund ticket is about a refunded order of its buyer when
-- the order has a line of the ticket's seller (any line when the ticket names none) and
-- the ticket was opened from the order's placing to `costly_to_serve_refund_ticket_days`
-- after its day; that refund is already counted once, as the refunded order
refund_tickets_of_refunded_orders as (
    select distinct tickets.ticket_id
    from tickets
    inner join order_lines
        on
            tickets.buyer_id = order_lines.buyer_id
            and coalesce(tickets.seller_id, order_lines.seller_id) = order_lines.seller_id
    where
        tickets.topic = 'refund'
        and order_lines.status = 'refunded'
        and tickets.created_at >= order_lines.ordered_at
        and {{ dbt.datediff('order_lines.order_date', 'cast(tickets.created_at as date)', 'day') }}
        <= {{ var('costly_to_serve_refund_ticket_days') }}
),

other_tickets as (
    select
        tickets.buyer_id,
        count(*) as tickets_count
    from tickets
    left join refund_tickets_of_refunded_orders
        on tickets.ticket_id = refund_tickets_of_refunded_orders.ticket_id
    where refund_tickets_of_refunded_orders.ticket_id is null
    group by 1
),

incidents as (
    select
        orders.buyer_id,
        orders.orders_count,
        orders.refunded_orders_count + coalesce(other_tickets.tickets_count, 0) as incidents_count
    from orders
    left join other_tickets
        on orders.buyer_id = other_tickets.buyer_id
)

select buyer_id
from incidents
where
    incidents_count >= {{ var('costly_to_serve_min_incidents') }}
    and incidents_count >= {{ var('costly_to_serve_min_ratio') }} * orders_count
