{#- Nothing is lost: for every raw table, raw rows = staged rows + rejected rows (the sum of
    `rows_count`: a bot day stands for its raw events). A table
    whose contract keeps its versions (orders, buyers, sellers) counts its staged rows in
    `stg_marketplace__<entity>_versions`: every clean version, the latest and the older. -#}
{{ config(tags=['integrity']) }}

with

{% for table in raw_tables() %}
{{ table }}_counts as (
    select
        '{{ table }}' as source_table,
        (select count(*) from {{ source('marketplace', table) }}) as raw_rows,
        {%- if raw_contract()[table].get('versions_kept') %}
        (select count(*) from {{ ref('stg_marketplace__' ~ table[:-1] ~ '_versions') }}) as staged_rows,
        {%- else %}
        (select count(*) from {{ ref('stg_marketplace__' ~ table) }}) as staged_rows,
        {%- endif %}
        (
            select coalesce(sum(rows_count), 0) from {{ ref('rejected_rows') }}
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
