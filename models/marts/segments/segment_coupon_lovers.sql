select distinct buyer_id
from {{ ref('int_purchase_lines') }}
where
    has_coupon
    and days_ago < {{ var('coupon_lovers_window_days') }}
