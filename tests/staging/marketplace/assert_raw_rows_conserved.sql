{#- Nothing is lost: for every raw table, raw rows = staged rows + rejected rows. -#}
{{ config(tags=['integrity']) }}

with

{% for table in raw_tables() %}
{{ table }}_counts as (
    select
        '{{ table }}' as source_table,
        (select count(*) from {{ source('marketplace', table) }}) as raw_rows,
        (select count(*) from {{ ref('stg_marketplace__' ~ table) }}) as staged_rows,
        (
            select count(*) from {{ ref('rejected_rows') }}
            where source_table = '{{ table }}'
        ) as rejected_rows
),

{% endfor %}
counts as (
    {%- for table in raw_tables() %}
    select * from {{ table }}_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

validation_errors as (
    select *
    from counts
    where raw_rows != staged_rows + rejected_rows
)

select * from validation_errors
