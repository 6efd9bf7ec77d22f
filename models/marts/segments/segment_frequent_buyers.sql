with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

frequent_buyers as (
    select buyer_id
    from purchase_lines
    where days_ago < 180
    group by 1
    having count(distinct order_id) >= {{ var('frequent_buyers_min_purchases') }}
)

select * from frequent_buyers
