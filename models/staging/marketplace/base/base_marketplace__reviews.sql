with

source as (
    select * from {{ source('marketplace', 'reviews') }}
),

typed as (
    select
        nullif(trim(review_id), '') as review_id,
        nullif(trim(order_id), '') as order_id,
        nullif(trim(seller_id), '') as seller_id,
        nullif(trim(buyer_id), '') as buyer_id,
        rating,
        created_at
    from source
),

flagged as (
    select
        *,
        case
            when review_id is null then 'null_key'
            {{ version_rejection(['review_id'], 'created_at') }}
            when rating is null or rating < 1 or rating > 5 then 'invalid_rating'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
