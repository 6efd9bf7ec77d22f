select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and not has_purchase
    and duration_seconds >= {{ var('browser_min_session_seconds') }}
    and days_ago < {{ var('session_segments_window_days') }}
