{#- The reference date of every segment (SPEC 2): the `as_of_date` var, or the last day
    with a purchase in the data. A date no build can use stops the run with what to set. -#}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" if var('as_of_date') else 'bounds.last_purchase_date' -%}
{%- set export_date = 'cast(' ~ extracted_at() ~ ' as date)' -%}
with

purchases as (
    select order_date
    from {{ ref('int_order_lines_converted') }}
    where is_purchase
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
