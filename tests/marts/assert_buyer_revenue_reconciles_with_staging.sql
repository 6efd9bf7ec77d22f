{#- Revenue in buyer_segments = net revenue of the staged purchase lines up to the
    reference date (orders in their version in force on it), converted at the order day's
    rate (returned lines excluded), buyer by buyer to the cent: the mart holds cents, so
    each buyer's exact sum is rounded once. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

staged as (
    select
        orders.buyer_id,
        cast(sum(
            case
                when items.is_returned then 0
                else
                    (cast(items.unit_price as decimal(38, 2)) * items.quantity - items.discount_amount)
                    * converted_lines.rate_to_reporting
            end
        ) as decimal(18, 2)) as revenue_total
    from {{ ref('stg_marketplace__order_items') }} as items
    inner join {{ ref('int_orders_in_force') }} as orders
        on items.order_id = orders.order_id
    inner join {{ ref('int_order_lines_converted') }} as converted_lines
        on items.order_id = converted_lines.order_id and items.line_number = converted_lines.line_number
    cross join reference
    where
        orders.status in {{ sql_list(var('purchase_statuses')) }}
        and cast(orders.ordered_at as date) <= reference.as_of_date
    group by 1
),

mart as (
    select
        buyer_id,
        monetary_total as revenue_total
    from {{ ref('buyer_segments') }}
    where monetary_total != 0
),

validation_errors as (
    select
        coalesce(staged.buyer_id, mart.buyer_id) as buyer_id,
        staged.revenue_total as staged_revenue,
        mart.revenue_total as mart_revenue
    from staged
    full outer join mart
        on staged.buyer_id = mart.buyer_id
    where coalesce(staged.revenue_total, 0) != coalesce(mart.revenue_total, 0)
)

select * from validation_errors
