select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and has_purchase
    and seconds_to_first_purchase < {{ var('quick_decider_max_seconds') }}
    and days_ago < {{ var('session_segments_window_days') }}
