select buyer_id
from {{ ref('int_purchase_lines') }}
where days_ago < 180
group by buyer_id
having min(days_ago) >= 90
