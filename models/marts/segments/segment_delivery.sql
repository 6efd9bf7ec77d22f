select distinct
    buyer_id,
    delivery_method as variant
from {{ ref('int_purchase_lines') }}
where delivery_method is not null
