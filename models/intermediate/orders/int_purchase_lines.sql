{#- The purchase lines (status in `purchase_statuses`) up to the reference date: what
    buyer and seller metrics count as sales. A view: a filter of int_order_lines_converted
    and one column, which each reader scans for the columns it needs (issue #14). -#}
{{ config(materialized='view') }}

with

order_lines as (
    select * from {{ ref('int_order_lines_converted') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

purchase_lines as (
    select
        order_lines.*,
        reference.as_of_date,
        -- LT05: sqlfluff measures the line dbt.datediff renders to, longer than the source line
        {{ dbt.datediff('order_lines.order_date', 'reference.as_of_date', 'day') }} as days_ago  -- noqa: LT05
    from order_lines
    cross join reference
    where
        order_lines.is_purchase
        and order_lines.order_date <= reference.as_of_date
)

-- every column of int_order_lines_converted, plus the reference date and days_ago
select * from purchase_lines  -- noqa: AM04
