-- Products bought in a buyer's first purchase whose first-time buyers rarely come back:
-- products with at least 10 first-purchase buyers, by share of them who never bought again.
with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

buyers as (
    select
        buyer_id,
        purchase_days
    from {{ ref('buyer_segments') }}
),

first_days as (
    select
        buyer_id,
        first_purchase_date
    from {{ ref('int_buyer_purchase_metrics') }}
),

first_purchase_products as (
    select distinct
        purchase_lines.product_id,
        purchase_lines.buyer_id
    from purchase_lines
    inner join first_days
        on
            purchase_lines.buyer_id = first_days.buyer_id
            and purchase_lines.order_date = first_days.first_purchase_date
),

products as (
    select
        first_purchase_products.product_id,
        count(*) as first_buyers_count,
        sum(case when buyers.purchase_days = 1 then 1 else 0 end) as never_returned_count
    from first_purchase_products
    inner join buyers
        on first_purchase_products.buyer_id = buyers.buyer_id
    group by 1
    having count(*) >= 10
)

select
    product_id,
    first_buyers_count,
    never_returned_count,
    cast(never_returned_count as {{ type_double() }}) / first_buyers_count as pct_never_returned
from products
order by 4 desc, 2 desc
