{#- Seller quality up to the reference date (SPEC 5): cancellations, returns, reviews and
    support tickets by topic, each relative to the seller's orders. -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_converted') }}
),

reviews as (
    select * from {{ ref('stg_marketplace__reviews') }}
),

tickets as (
    select * from {{ ref('stg_marketplace__support_tickets') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

lines_as_of as (
    select order_lines.*
    from order_lines
    cross join reference
    where order_lines.order_date <= reference.as_of_date
),

orders as (
    select
        seller_id,
        count(distinct order_id) as all_orders_count,
        count(distinct case when status = 'cancelled' then order_id end) as cancelled_orders_count,
        sum(case when is_purchase then 1 else 0 end) as purchase_lines_count,
        sum(case when is_purchase and is_returned then 1 else 0 end) as returned_lines_count
    from lines_as_of
    group by 1
),

ratings as (
    select
        reviews.seller_id,
        count(*) as reviews_count,
        avg(cast(reviews.rating as {{ type_double() }})) as avg_rating
    from reviews
    cross join reference
    where cast(reviews.created_at as date) <= reference.as_of_date
    group by 1
),

tickets_as_of as (
    select tickets.*
    from tickets
    cross join reference
    where cast(tickets.created_at as date) <= reference.as_of_date and tickets.seller_id is not null
),

topic_counts as (
    select
        seller_id,
        topic,
        count(*) as tickets_count,
        row_number() over (partition by seller_id order by count(*) desc, topic) as topic_rank
    from tickets_as_of
    group by 1, 2
),

ticket_totals as (
    select
        seller_id,
        sum(tickets_count) as tickets_count,
        {%- for topic in ticket_topics() %}
        sum(case when topic = '{{ topic }}' then tickets_count else 0 end) as {{ topic }}_tickets_count,
        {%- endfor %}
        max(case when topic_rank = 1 then topic end) as support_need
    from topic_counts
    group by 1
),

sellers as (
    select seller_id from orders
    union
    select seller_id from ratings
    union
    select seller_id from ticket_totals
),

final as (
    select
        sellers.seller_id,
        coalesce(orders.all_orders_count, 0) as all_orders_count,
        coalesce(orders.cancelled_orders_count, 0) as cancelled_orders_count,
        cast(orders.cancelled_orders_count as {{ type_double() }}) / nullif(orders.all_orders_count, 0)
            as pct_orders_cancelled,
        cast(orders.returned_lines_count as {{ type_double() }}) / nullif(orders.purchase_lines_count, 0)
            as pct_lines_returned,
        coalesce(ratings.reviews_count, 0) as reviews_count,
        ratings.avg_rating,
        coalesce(ticket_totals.tickets_count, 0) as tickets_count,
        {%- for topic in ticket_topics() %}
        cast(coalesce(ticket_totals.{{ topic }}_tickets_count, 0) as {{ type_double() }})
        / nullif(orders.all_orders_count, 0) as {{ topic }}_tickets_per_order,
        {%- endfor %}
        ticket_totals.support_need
    from sellers
    left join orders
        on sellers.seller_id = orders.seller_id
    left join ratings
        on sellers.seller_id = ratings.seller_id
    left join ticket_totals
        on sellers.seller_id = ticket_totals.seller_id
)

select * from final
