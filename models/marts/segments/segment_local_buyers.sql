select buyer_value.buyer_id
from {{ ref('int_buyer_value') }} as buyer_value
inner join {{ ref('int_buyer_purchase_metrics') }} as metrics
    on buyer_value.buyer_id = metrics.buyer_id
where buyer_value.is_local
