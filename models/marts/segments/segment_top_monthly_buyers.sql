with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

top_monthly_buyers as (
    select buyer_id
    from purchase_lines
    where days_ago < 30
    group by 1
    having count(distinct order_id) >= {{ var('top_monthly_buyers_min_purchases') }}
)

select * from top_monthly_buyers
