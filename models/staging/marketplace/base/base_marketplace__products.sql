with

source as (
    select * from {{ source('marketplace', 'products') }}
),

-- a test account in any of its versions
test_sellers as (
    select distinct seller_id
    from {{ ref('base_marketplace__sellers') }}
    where rejection_reason = 'test_account'
),

typed as (
    select
        {{ raw_value('products', 'product_id') }} as product_id,
        {{ raw_value('products', 'seller_id') }} as seller_id,
        lower({{ raw_value('products', 'category') }}) as category,
        lower({{ raw_value('products', 'subcategory') }}) as subcategory,
        {{ raw_value('products', 'brand') }} as brand,
        {{ raw_value('products', 'list_price') }} as list_price,
        upper({{ raw_value('products', 'currency') }}) as currency,
        {{ raw_value('products', 'created_at') }} as created_at,
        lower({{ raw_value('products', 'tags') }}) as tags,
        test_sellers.seller_id is not null as is_test_seller,
        {{ contract_violation('products') }} as contract_violation
    from source
    left join test_sellers
        on {{ raw_value('products', 'seller_id') }} = test_sellers.seller_id
),

flagged as (
    select
        *,
        case
            {{- key_rejection('products') }}
            {{ version_rejection('products') }}
            when contract_violation is not null then contract_violation
            when list_price < 0 then 'negative_price'
            when currency not in {{ sql_list(var('accepted_currencies')) }} then 'unknown_currency'
            when is_test_seller then 'test_account'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
