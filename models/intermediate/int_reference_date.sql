{#- The reference date of every segment (SPEC 2): the `as_of_date` var, or the last day
    with a purchase in the data. -#}
with

purchases as (
    select order_date
    from {{ ref('int_order_lines_converted') }}
    where is_purchase
),

reference as (
    select
            {%- if var('as_of_date') %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date
        {%- else %}
        (select max(order_date) from purchases) as as_of_date
        {%- endif %}
)

select * from reference
