with

base as (
    select * from {{ ref('base_marketplace__order_items') }}
),

clean as (
    select
        order_id,
        line_number,
        product_id,
        seller_id,
        category,
        quantity,
        unit_price,
        discount_amount,
        commission_amount,
        is_returned
    from base
    where rejection_reason is null
)

select * from clean
