select buyer_id
from {{ ref('int_buyers_known') }}
where is_newsletter_subscriber
union distinct
select buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and newsletter_signups_count > 0
