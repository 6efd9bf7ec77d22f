with

base as (
    select * from {{ ref('base_marketplace__orders') }}
),

clean as (
    select
        order_id,
        buyer_id,
        ordered_at,
        updated_at,
        status,
        currency,
        coupon_code,
        payment_method,
        delivery_method,
        channel,
        session_id,
        is_gift,
        shipping_country_code,
        shipping_city,
        is_buyer_late_arriving,
        is_latest_version
    from base
    where rejection_reason is null
)

select * from clean
