with

base as (
    select * from {{ ref('base_marketplace__products') }}
),

clean as (
    select
        product_id,
        seller_id,
        category,
        subcategory,
        brand,
        list_price,
        currency,
        created_at,
        tags
    from base
    where rejection_reason is null
)

select * from clean
