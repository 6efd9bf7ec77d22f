select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and has_purchase
    and product_views_count <= {{ var('impulse_max_product_views') }}
    and days_ago < {{ var('session_segments_window_days') }}
