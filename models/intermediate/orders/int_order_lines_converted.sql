with

order_items as (
    select * from {{ ref('stg_marketplace__order_items') }}
),

orders as (
    select * from {{ ref('int_orders_in_force') }}
),

fx_day_rates as (
    select * from {{ ref('stg_marketplace__fx_day_rates') }}
),

lines as (
    select
        order_items.order_id,
        order_items.line_number,
        orders.buyer_id,
        order_items.seller_id,
        order_items.product_id,
        order_items.category,
        orders.session_id,
        orders.ordered_at,
        cast(orders.ordered_at as date) as order_date,
        orders.status,
        orders.status in {{ sql_list(var('purchase_statuses')) }} as is_purchase,
        orders.channel,
        orders.coupon_code,
        orders.coupon_code is not null as has_coupon,
        orders.is_gift,
        orders.payment_method,
        orders.delivery_method,
        orders.currency,
        order_items.quantity,
        order_items.is_returned,
        -- widened: DuckDB keeps the width of a product of decimals, and an amount times a
        -- rate in decimal(18, x) would overflow beyond 10^8
        cast(order_items.unit_price as decimal(38, 2)) * order_items.quantity as gross_amount,
        cast(order_items.discount_amount as decimal(38, 2)) as discount_amount,
        cast(order_items.unit_price as decimal(38, 2)) * order_items.quantity - order_items.discount_amount
            as net_amount,
        cast(order_items.commission_amount as decimal(38, 2)) as commission_amount
    from order_items
    inner join orders
        on order_items.order_id = orders.order_id
),

converted as (
    select
        lines.*,
        case
            when lines.currency = '{{ var("reporting_currency") }}' then 1
            else fx_day_rates.rate_to_reporting
        end as rate_to_reporting
    from lines
    left join fx_day_rates
        on
            lines.currency = fx_day_rates.currency
            and lines.order_date = fx_day_rates.order_date
),

final as (
    select
        *,
        gross_amount * rate_to_reporting as gross_amount_reporting,
        discount_amount * rate_to_reporting as discount_amount_reporting,
        net_amount * rate_to_reporting as net_amount_reporting,
        commission_amount * rate_to_reporting as commission_amount_reporting,
        -- returned lines bring no revenue
        case when is_returned then 0 else net_amount * rate_to_reporting end as net_revenue,
        case when gross_amount > 0 then cast(discount_amount as {{ type_double() }}) / gross_amount end as pct_discount
    from converted
)

select * from final
