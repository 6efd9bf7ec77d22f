{% macro timestamp_rejection(column) -%}
    {#- `future_timestamp` after the export, `before_launch` before the marketplace opened. -#}
    when {{ column }} > {{ extracted_at() }} then 'future_timestamp'
            when {{ column }} < cast({{ launch_date() }} as {{ dbt.type_timestamp() }}) then 'before_launch'
{%- endmacro %}
