select buyers.buyer_id
from {{ ref('int_buyers_known') }} as buyers
inner join {{ ref('int_buyer_purchase_metrics') }} as metrics
    on buyers.buyer_id = metrics.buyer_id
where buyers.is_local
