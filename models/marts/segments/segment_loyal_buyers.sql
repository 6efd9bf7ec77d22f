with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

loyal_buyers as (
    select buyer_id
    from purchase_lines
    where days_ago < 365
    group by 1
    having count(distinct order_id) >= {{ var('loyal_buyers_min_purchases') }}
)

select * from loyal_buyers
