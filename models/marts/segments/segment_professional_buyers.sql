select buyer_id
from {{ ref('int_buyers_known') }}
where account_type = 'professional'
