select distinct
    buyer_id,
    payment_method as variant
from {{ ref('int_purchase_lines') }}
where payment_method is not null
