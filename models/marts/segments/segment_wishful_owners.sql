select behaviour.buyer_id
from {{ ref('int_buyer_behaviour') }} as behaviour
left join {{ ref('int_buyer_purchase_metrics') }} as metrics
    on behaviour.buyer_id = metrics.buyer_id
where
    behaviour.add_to_carts_count >= {{ var('wishful_min_add_to_carts') }}
    and coalesce(metrics.orders_count, 0) = 0
