with

base as (
    select * from {{ ref('base_marketplace__support_tickets') }}
),

clean as (
    select
        ticket_id,
        created_at,
        buyer_id,
        seller_id,
        topic
    from base
    where rejection_reason is null
)

select * from clean
