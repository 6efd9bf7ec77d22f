with

order_items as (
    select * from {{ ref('stg_marketplace__order_items') }}
),

orders as (
    select * from {{ ref('stg_marketplace__orders') }}
),

fx_rates as (
    select * from {{ ref('stg_marketplace__fx_rates') }}
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
        order_items.unit_price * order_items.quantity as gross_amount,
        order_items.discount_amount,
        order_items.unit_price * order_items.quantity - order_items.discount_amount as net_amount,
        order_items.commission_amount
    from order_items
    inner join orders
        on order_items.order_id = orders.order_id
),

-- the rate of an order day is the latest published on or before that day
currency_days as (
    select distinct
        currency,
        order_date
    from lines
    where currency != '{{ var("reporting_currency") }}'
),

latest_rate_dates as (
    select
        currency_days.currency,
        currency_days.order_date,
        max(fx_rates.rate_date) as rate_date
    from currency_days
    inner join fx_rates
        on
            currency_days.currency = fx_rates.currency
            and currency_days.order_date >= fx_rates.rate_date
    group by 1, 2
),

day_rates as (
    select
        latest_rate_dates.currency,
        latest_rate_dates.order_date,
        fx_rates.rate_to_reporting
    from latest_rate_dates
    inner join fx_rates
        on
            latest_rate_dates.currency = fx_rates.currency
            and latest_rate_dates.rate_date = fx_rates.rate_date
),

converted as (
    select
        lines.*,
        case
            when lines.currency = '{{ var("reporting_currency") }}' then 1
            else day_rates.rate_to_reporting
        end as rate_to_reporting
    from lines
    left join day_rates
        on
            lines.currency = day_rates.currency
            and lines.order_date = day_rates.order_date
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
        case when gross_amount > 0 then discount_amount / gross_amount end as pct_discount
    from converted
)

select * from final
