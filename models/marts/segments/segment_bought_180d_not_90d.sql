select buyer_id
from {{ ref('int_purchase_lines') }}
where days_ago < 180
group by 1
having min(days_ago) >= 90
