{#- GMV and commission in seller_segments and seller_months = the staged purchase lines up
    to the reference date (orders in their version in force on it), converted at the order
    day's rate (commission without returned lines), seller by seller and seller month by
    seller month, to the cent: the marts hold cents, so each exact sum is rounded once. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

staged_lines as (
    select
        items.seller_id,
        cast({{ dbt.date_trunc('month', 'cast(orders.ordered_at as date)') }} as date) as sale_month,
        (cast(items.unit_price as decimal(38, 2)) * items.quantity - items.discount_amount)
        * converted_lines.rate_to_reporting as gmv,
        case
            when items.is_returned then 0 else items.commission_amount * converted_lines.rate_to_reporting
        end as commission
    from {{ ref('stg_marketplace__order_items') }} as items
    inner join {{ ref('int_orders_in_force') }} as orders
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

staged_sellers as (
    select
        seller_id,
        cast(sum(gmv) as decimal(18, 2)) as gmv_total,
        cast(sum(commission) as decimal(18, 2)) as commission_total
    from staged_lines
    group by 1
),

staged_months as (
    select
        seller_id,
        sale_month,
        cast(sum(gmv) as decimal(18, 2)) as gmv_total,
        cast(sum(commission) as decimal(18, 2)) as commission_total
    from staged_lines
    group by 1, 2
),

sellers as (
    select * from {{ ref('seller_segments') }}
    where gmv_total != 0 or commission_total != 0
),

months as (
    select * from {{ ref('seller_months') }}
),

seller_errors as (
    select
        coalesce(staged_sellers.seller_id, sellers.seller_id) as seller_id,
        cast(null as date) as sale_month,
        staged_sellers.gmv_total as staged_gmv,
        sellers.gmv_total as mart_gmv,
        staged_sellers.commission_total as staged_commission,
        sellers.commission_total as mart_commission
    from staged_sellers
    full outer join sellers
        on staged_sellers.seller_id = sellers.seller_id
    where
        coalesce(staged_sellers.gmv_total, 0) != coalesce(sellers.gmv_total, 0)
        or coalesce(staged_sellers.commission_total, 0) != coalesce(sellers.commission_total, 0)
),

month_errors as (
    select
        coalesce(staged_months.seller_id, months.seller_id) as seller_id,
        coalesce(staged_months.sale_month, months.sale_month) as sale_month,
        staged_months.gmv_total as staged_gmv,
        months.gmv_total as mart_gmv,
        staged_months.commission_total as staged_commission,
        months.commission_total as mart_commission
    from staged_months
    full outer join months
        on
            staged_months.seller_id = months.seller_id
            and staged_months.sale_month = months.sale_month
    where
        coalesce(staged_months.gmv_total, 0) != coalesce(months.gmv_total, 0)
        or coalesce(staged_months.commission_total, 0) != coalesce(months.commission_total, 0)
),

validation_errors as (
    select * from seller_errors
    union all
    select * from month_errors
)

select * from validation_errors
