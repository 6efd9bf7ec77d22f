select behaviour.buyer_id
from {{ ref('int_buyer_behaviour') }} as behaviour
inner join {{ ref('int_buyer_purchase_metrics') }} as metrics
    on behaviour.buyer_id = metrics.buyer_id
where
    behaviour.sessions_180d = 1
    and metrics.purchases_180d >= 1
