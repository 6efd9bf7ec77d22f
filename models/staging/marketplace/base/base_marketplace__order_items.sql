with

source as (
    select * from {{ source('marketplace', 'order_items') }}
),

-- the winning version of every order, clean or not
orders as (
    select
        order_id,
        rejection_reason as order_rejection_reason
    from {{ ref('base_marketplace__orders') }}
    where
        rejection_reason is null
        or rejection_reason not in ('null_key', 'duplicate', 'superseded_version')
),

test_sellers as (
    select seller_id
    from {{ ref('base_marketplace__sellers') }}
    where rejection_reason = 'test_account'
),

typed as (
    select
        nullif(trim(source.order_id), '') as order_id,
        source.line_number,
        nullif(trim(source.product_id), '') as product_id,
        nullif(trim(source.seller_id), '') as seller_id,
        lower(trim(source.category)) as category,
        source.quantity,
        cast(source.unit_price as decimal(18, 2)) as unit_price,
        cast(coalesce(source.discount_amount, 0) as decimal(18, 2)) as discount_amount,
        cast(coalesce(source.commission_amount, 0) as decimal(18, 2)) as commission_amount,
        coalesce(source.is_returned, false) as is_returned,
        orders.order_id is not null as has_known_order,
        orders.order_rejection_reason,
        test_sellers.seller_id is not null as is_test_seller
    from source
    left join orders
        on nullif(trim(source.order_id), '') = orders.order_id
    left join test_sellers
        on nullif(trim(source.seller_id), '') = test_sellers.seller_id
),

flagged as (
    select
        *,
        case
            when order_id is null or line_number is null then 'null_key'
            {{ version_rejection(['order_id', 'line_number']) }}
            when quantity is null or unit_price is null then 'missing_value'
            when quantity < 0 then 'negative_quantity'
            when quantity = 0 then 'zero_quantity'
            when unit_price < 0 then 'negative_price'
            when discount_amount < 0 or discount_amount > unit_price * quantity then 'invalid_discount'
            when not has_known_order then 'unknown_order'
            when order_rejection_reason is not null then 'parent_order_rejected'
            when is_test_seller then 'test_account'
        end as rejection_reason
    from typed
)

select * from flagged
