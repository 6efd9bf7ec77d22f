{#- Revenue is neither lost nor duplicated between staging and the converted order lines. -#}
{{ config(tags=['integrity']) }}

with

staged as (
    select
        count(*) as lines_count,
        sum(unit_price * quantity - discount_amount) as net_amount_total
    from {{ ref('stg_marketplace__order_items') }}
),

converted as (
    select
        count(*) as lines_count,
        sum(net_amount) as net_amount_total
    from {{ ref('int_order_lines_converted') }}
),

validation_errors as (
    select
        staged.lines_count as staged_lines,
        converted.lines_count as converted_lines,
        staged.net_amount_total as staged_net_amount,
        converted.net_amount_total as converted_net_amount
    from staged
    cross join converted
    where
        staged.lines_count != converted.lines_count
        or abs(staged.net_amount_total - converted.net_amount_total) > 0.005
)

select * from validation_errors
