select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and pages_count between 1 and {{ var('researcher_max_pages') }}
    and is_product_pages_only
    and duration_seconds >= {{ var('researcher_min_session_seconds') }}
    and days_ago < {{ var('session_segments_window_days') }}
