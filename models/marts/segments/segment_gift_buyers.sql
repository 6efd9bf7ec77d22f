select distinct buyer_id
from {{ ref('int_purchase_lines') }}
where is_gift
