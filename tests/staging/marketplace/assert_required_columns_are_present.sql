{#- Staging keeps no row without a value a rule needs: every key part and every column the
    raw contract (macro raw_contract) marks required is non-null in its staging model. The
    same list drives the rejections (`missing_value:<column>`), so no downstream test is the
    first to notice a missing value. -#}
{{ config(tags=['integrity']) }}

with

{% for table, contract in raw_contract().items() %}
{{ table }}_missing as (
    {%- for column, spec in contract['columns'].items() if column in contract['key'] or spec.get('required') %}
    select
        '{{ table }}' as source_table,
        '{{ column }}' as column_name,
        count(*) as missing_count
    from {{ ref('stg_marketplace__' ~ table) }}
    where {{ column }} is null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{% endfor %}
validation_errors as (
    {%- for table in raw_contract() %}
    select * from {{ table }}_missing
    where missing_count > 0
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from validation_errors
