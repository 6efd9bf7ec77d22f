with

spend as (
    select
        buyer_id,
        category,
        sum(net_revenue) as spend
    from {{ ref('int_purchase_lines') }}
    where
        days_ago < {{ var('category_window_days') }}
        and category is not null
    group by 1, 2
),

-- the category average as its exact parts: spend >= total / buyers x (1 + uplift) is
-- compared as spend x buyers >= total x (1 + uplift), in decimal, so a spend exactly on
-- the threshold is in on every engine (a floating-point average can round it out)
category_totals as (
    select
        category,
        count(*) as buyers_count,
        sum(spend) as spend_total
    from spend
    group by 1
)

select
    spend.buyer_id,
    spend.category
from spend
inner join category_totals
    on spend.category = category_totals.category
where
    spend.spend > 0
    and spend.spend * category_totals.buyers_count
    >= category_totals.spend_total * (1 + {{ var('category_big_spender_uplift') }})
