with

reference as (
    select * from {{ ref('int_reference_date') }}
),

recent_carts as (
    select
        sessions.buyer_id,
        max(sessions.started_at) as last_cart_at
    from {{ ref('int_sessions') }} as sessions
    cross join reference
    where
        sessions.buyer_id is not null
        and sessions.add_to_carts_count > 0
        and sessions.session_date > {{ dbt.dateadd('day', -var('cart_abandon_window_days', 7), 'reference.as_of_date') }}
    group by sessions.buyer_id
),

last_purchases as (
    select
        buyer_id,
        max(ordered_at) as last_purchase_at
    from {{ ref('int_purchase_lines') }}
    group by buyer_id
)

select recent_carts.buyer_id
from recent_carts
left join last_purchases
    on recent_carts.buyer_id = last_purchases.buyer_id
where
    last_purchases.last_purchase_at is null
    or last_purchases.last_purchase_at < recent_carts.last_cart_at
