with

base as (
    select * from {{ ref('base_marketplace__reviews') }}
),

clean as (
    select
        review_id,
        order_id,
        seller_id,
        buyer_id,
        rating,
        created_at
    from base
    where rejection_reason is null
)

select * from clean
