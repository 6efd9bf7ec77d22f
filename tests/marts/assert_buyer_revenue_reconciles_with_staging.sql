{#- Revenue in buyer_segments = net revenue of the staged purchase lines up to the
    reference date, converted at the order day's rate (returned lines excluded). The mart
    holds cents: each row may round by half a cent. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

staged as (
    select
        sum(
            case
                when items.is_returned then 0
                else
                    (items.unit_price * items.quantity - items.discount_amount)
                    * converted_lines.rate_to_reporting
            end
        ) as revenue_total
    from {{ ref('stg_marketplace__order_items') }} as items
    inner join {{ ref('stg_marketplace__orders') }} as orders
        on items.order_id = orders.order_id
    inner join {{ ref('int_order_lines_converted') }} as converted_lines
        on items.order_id = converted_lines.order_id and items.line_number = converted_lines.line_number
    cross join reference
    where
        orders.status in {{ sql_list(var('purchase_statuses')) }}
        and cast(orders.ordered_at as date) <= reference.as_of_date
),

mart as (
    select
        sum(monetary_total) as revenue_total,
        count(*) as rows_count
    from {{ ref('buyer_segments') }}
),

validation_errors as (
    select
        staged.revenue_total as staged_revenue,
        mart.revenue_total as mart_revenue
    from staged
    cross join mart
    where abs(coalesce(staged.revenue_total, 0) - coalesce(mart.revenue_total, 0)) > 0.005 * mart.rows_count
)

select * from validation_errors
