{% macro raise_error(message) -%}
    {{ return(adapter.dispatch('raise_error', 'marketplace_segmentation')(message)) }}
{%- endmacro %}

{% macro default__raise_error(message) -%}
    {#- Spark: stops the query with the message (an expression of type string). -#}
    raise_error({{ message }})
{%- endmacro %}

{% macro duckdb__raise_error(message) -%}
    error({{ message }})
{%- endmacro %}
