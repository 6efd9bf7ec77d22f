select buyer_id
from {{ ref('int_buyer_predictions') }}
where p_alive < {{ var('fading_buyers_max_p_alive') }}
