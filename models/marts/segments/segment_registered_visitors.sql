select distinct buyer_id
from {{ ref('int_sessions') }}
where
    buyer_id is not null
    and account_creations_count > 0
