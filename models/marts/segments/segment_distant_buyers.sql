select value.buyer_id
from {{ ref('int_buyer_value') }} as value
inner join {{ ref('int_buyer_purchase_metrics') }} as metrics
    on value.buyer_id = metrics.buyer_id
where not value.is_local
