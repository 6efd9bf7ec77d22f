{#- The reference date of every segment (SPEC 2): the `as_of_date` var, or the last day
    with a purchase in the data. A date no build can use stops the run with what to set.
    Purchases are read from the latest versions in staging, not from the versions in force:
    those depend on the reference date (DECISIONS.md, "Versions in force"). -#}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" if var('as_of_date') else 'bounds.last_purchase_date' -%}
{%- set export_date = 'cast(' ~ extracted_at() ~ ' as date)' -%}
with

orders as (
    select * from {{ ref('stg_marketplace__orders') }}
),

order_items as (
    select * from {{ ref('stg_marketplace__order_items') }}
),

-- the days of orders with a line whose latest status is a purchase
purchases as (
    select distinct cast(orders.ordered_at as date) as order_date
    from orders
    inner join order_items
        on orders.order_id = order_items.order_id
    where orders.status in {{ sql_list(var('purchase_statuses')) }}
),

bounds as (
    select
        min(order_date) as first_purchase_date,
        max(order_date) as last_purchase_date
    from purchases
),

reference as (
    select
        case
            when bounds.last_purchase_date is null
                then {{ raise_error(
                    "'the export holds no purchase (no clean order with a status in the var "
                    ~ "purchase_statuses): check the dbt var raw_path and the orders of the export'") }}
            when {{ as_of }} < bounds.first_purchase_date
                then {{ raise_error(dbt.concat([
                    "'as_of_date '", "cast(" ~ as_of ~ " as " ~ dbt.type_string() ~ ")",
                    "' is before the first purchase of the export ('",
                    "cast(bounds.first_purchase_date as " ~ dbt.type_string() ~ ")",
                    "'): set the dbt var as_of_date on or after it, or to null for the last day with a purchase'"])) }}
            when {{ as_of }} > {{ export_date }}
                then {{ raise_error(dbt.concat([
                    "'as_of_date '", "cast(" ~ as_of ~ " as " ~ dbt.type_string() ~ ")",
                    "' is after the export was taken ('",
                    "cast(" ~ export_date ~ " as " ~ dbt.type_string() ~ ")",
                    "'): set the dbt var as_of_date on or before it, or set extracted_at to when the export was taken'"])) }}
            else {{ as_of }}
        end as as_of_date
    from bounds
)

select * from reference
