{% macro extracted_at() -%}
    {#- When the raw export was taken: var `extracted_at`, or the start of this dbt run. -#}
    {%- set value = var('extracted_at') or run_started_at.strftime('%Y-%m-%d %H:%M:%S') -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro launch_date() -%}
    cast('{{ var("marketplace_launch_date") }}' as date)
{%- endmacro %}

{% macro timestamp_rejection(column) -%}
    {#- `future_timestamp` after the export, `before_launch` before the marketplace opened. -#}
    when {{ column }} > {{ extracted_at() }} then 'future_timestamp'
            when {{ column }} < cast({{ launch_date() }} as {{ dbt.type_timestamp() }}) then 'before_launch'
{%- endmacro %}
