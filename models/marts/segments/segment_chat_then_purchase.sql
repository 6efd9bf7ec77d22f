select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and chats_count >= 1
    and has_purchase
    and days_ago < {{ var('session_segments_window_days') }}
