with

recent_carts as (
    select
        sessions.buyer_id,
        max(sessions.started_at) as last_cart_at
    from {{ ref('int_sessions') }} as sessions
    where
        sessions.buyer_id is not null
        and sessions.add_to_carts_count > 0
        and sessions.days_ago < {{ var('cart_abandon_window_days') }}
    group by 1
),

last_purchases as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
)

select recent_carts.buyer_id
from recent_carts
left join last_purchases
    on recent_carts.buyer_id = last_purchases.buyer_id
where
    last_purchases.last_purchase_at is null
    or last_purchases.last_purchase_at < recent_carts.last_cart_at
