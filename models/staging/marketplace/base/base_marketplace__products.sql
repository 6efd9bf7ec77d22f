with

source as (
    select * from {{ source('marketplace', 'products') }}
),

test_sellers as (
    select seller_id
    from {{ ref('base_marketplace__sellers') }}
    where rejection_reason = 'test_account'
),

typed as (
    select
        nullif(trim(source.product_id), '') as product_id,
        nullif(trim(source.seller_id), '') as seller_id,
        lower(trim(source.category)) as category,
        lower(trim(source.subcategory)) as subcategory,
        source.brand,
        cast(source.list_price as decimal(18, 2)) as list_price,
        {{ normalize_code('source.currency') }} as currency,
        source.created_at,
        nullif(lower(trim(source.tags)), '') as tags,
        test_sellers.seller_id is not null as is_test_seller
    from source
    left join test_sellers
        on nullif(trim(source.seller_id), '') = test_sellers.seller_id
),

flagged as (
    select
        *,
        case
            when product_id is null then 'null_key'
            {{ version_rejection(['product_id'], 'created_at') }}
            when list_price < 0 then 'negative_price'
            when currency not in {{ sql_list(var('accepted_currencies')) }} then 'unknown_currency'
            when is_test_seller then 'test_account'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
