with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

discount_buyers as (
    select distinct buyer_id
    from purchase_lines
    where
        days_ago < {{ var('discount_window_days') }}
        and pct_discount >= 0.1
)

select * from discount_buyers
