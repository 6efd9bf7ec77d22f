select buyer_id
from {{ ref('int_purchase_lines') }}
where channel = 'app'
group by 1
having count(distinct order_id) >= {{ var('app_buyers_min_purchases') }}
