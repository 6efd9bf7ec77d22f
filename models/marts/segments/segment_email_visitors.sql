select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and traffic_source = 'email'
    and days_ago < {{ var('session_segments_window_days') }}
