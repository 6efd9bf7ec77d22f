select
    buyer_id,
    category
from {{ ref('int_purchase_lines') }}
where
    days_ago < {{ var('category_window_days') }}
    and category is not null
group by 1, 2
having count(distinct order_id) >= {{ var('category_repeat_min_purchases') }}
