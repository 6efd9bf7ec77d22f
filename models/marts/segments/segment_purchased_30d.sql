with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

purchasers as (
    select distinct buyer_id
    from purchase_lines
    where days_ago < 30
)

select * from purchasers
