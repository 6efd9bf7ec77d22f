{% macro extracted_at() -%}
    {#- When the raw export was taken: var `extracted_at`, or the start of this dbt run. -#}
    {%- set value = var('extracted_at') or run_started_at.strftime('%Y-%m-%d %H:%M:%S') -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
