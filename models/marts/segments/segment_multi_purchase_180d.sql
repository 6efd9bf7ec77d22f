with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

repeat_purchasers as (
    select buyer_id
    from purchase_lines
    where days_ago < 180
    group by 1
    having count(distinct order_id) >= 2
)

select * from repeat_purchasers
