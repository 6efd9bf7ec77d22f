select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and searches_count >= {{ var('session_min_clicks_or_searches') }}
    and has_purchase
    and days_ago < {{ var('session_segments_window_days') }}
