{% macro min_by(value, order_columns) -%}
    {{ return(adapter.dispatch('min_by', 'marketplace_segmentation')(value, order_columns)) }}
{%- endmacro %}

{% macro default__min_by(value, order_columns) -%}
    {#- Spark, Databricks, Trino: min_by keeps the value of the first row, null or not. -#}
    min_by({{ value }}, struct({{ order_columns | join(', ') }}))
{%- endmacro %}

{% macro duckdb__min_by(value, order_columns) -%}
    {#- arg_min skips a null value; arg_min_null returns the first row's value, null or not. -#}
    arg_min_null({{ value }}, ({{ order_columns | join(', ') }}))
{%- endmacro %}
