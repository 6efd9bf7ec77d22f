{#- GMV and commission in seller_segments = the staged purchase lines up to the reference
    date, converted at the order day's rate (commission without returned lines). The marts hold
    cents: each row may round by half a cent. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

staged as (
    select
        sum((items.unit_price * items.quantity - items.discount_amount) * converted_lines.rate_to_reporting)
            as gmv_total,
        sum(
            case when items.is_returned then 0 else items.commission_amount * converted_lines.rate_to_reporting end
        ) as commission_total
    from {{ ref('stg_marketplace__order_items') }} as items
    inner join {{ ref('stg_marketplace__orders') }} as orders
        on items.order_id = orders.order_id
    inner join {{ ref('int_order_lines_converted') }} as converted_lines
        on
            items.order_id = converted_lines.order_id
            and items.line_number = converted_lines.line_number
    cross join reference
    where
        orders.status in {{ sql_list(var('purchase_statuses')) }}
        and cast(orders.ordered_at as date) <= reference.as_of_date
),

mart as (
    select
        sum(gmv_total) as gmv_total,
        sum(commission_total) as commission_total,
        0.005 * count(*) as tolerance
    from {{ ref('seller_segments') }}
),

months as (
    select
        sum(gmv_total) as gmv_total,
        sum(commission_total) as commission_total,
        0.005 * count(*) as tolerance
    from {{ ref('seller_months') }}
),

validation_errors as (
    select
        staged.gmv_total as staged_gmv,
        mart.gmv_total as mart_gmv,
        months.gmv_total as months_gmv,
        staged.commission_total as staged_commission,
        mart.commission_total as mart_commission,
        months.commission_total as months_commission
    from staged
    cross join mart
    cross join months
    where
        abs(coalesce(staged.gmv_total, 0) - coalesce(mart.gmv_total, 0)) > mart.tolerance
        or abs(coalesce(staged.commission_total, 0) - coalesce(mart.commission_total, 0)) > mart.tolerance
        or abs(coalesce(staged.gmv_total, 0) - coalesce(months.gmv_total, 0)) > months.tolerance
        or abs(coalesce(staged.commission_total, 0) - coalesce(months.commission_total, 0)) > months.tolerance
)

select * from validation_errors
