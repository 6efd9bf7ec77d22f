select buyer_id
from {{ ref('int_buyer_value') }}
where is_vip
