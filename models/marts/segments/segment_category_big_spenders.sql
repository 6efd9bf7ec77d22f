with

spend as (
    select
        buyer_id,
        category,
        sum(net_revenue) as spend
    from {{ ref('int_purchase_lines') }}
    where
        days_ago < {{ var('category_window_days', 365) }}
        and category is not null
    group by 1, 2
),

averages as (
    select
        category,
        avg(spend) as avg_spend
    from spend
    group by 1
)

select
    spend.buyer_id,
    spend.category
from spend
inner join averages
    on spend.category = averages.category
where
    spend.spend > 0
    and spend.spend >= averages.avg_spend * (1 + {{ var('category_big_spender_uplift', 0.15) }})
