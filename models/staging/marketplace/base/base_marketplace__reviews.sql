with

source as (
    select * from {{ source('marketplace', 'reviews') }}
),

-- a test account in any of its versions
test_buyers as (
    select distinct buyer_id
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason = 'test_account'
),

-- a test account in any of its versions
test_sellers as (
    select distinct seller_id
    from {{ ref('base_marketplace__sellers') }}
    where rejection_reason = 'test_account'
),

typed as (
    select
        {{ raw_value('reviews', 'review_id') }} as review_id,
        {{ raw_value('reviews', 'order_id') }} as order_id,
        {{ raw_value('reviews', 'seller_id') }} as seller_id,
        {{ raw_value('reviews', 'buyer_id') }} as buyer_id,
        {{ raw_value('reviews', 'rating') }} as rating,
        {{ raw_value('reviews', 'created_at') }} as created_at,
        test_buyers.buyer_id is not null or test_sellers.seller_id is not null as is_test_account,
        {{ contract_violation('reviews') }} as contract_violation
    from source
    left join test_buyers
        on {{ raw_value('reviews', 'buyer_id') }} = test_buyers.buyer_id
    left join test_sellers
        on {{ raw_value('reviews', 'seller_id') }} = test_sellers.seller_id
),

flagged as (
    select
        *,
        case
            {{- key_rejection('reviews') }}
            {{ version_rejection('reviews') }}
            when contract_violation is not null then contract_violation
            when rating < 1 or rating > 5 then 'invalid_rating'
            when is_test_account then 'test_account'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
