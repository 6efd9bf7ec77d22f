{% macro row_struct(relation) -%}
    {{ return(adapter.dispatch('row_struct', 'marketplace_segmentation')(relation)) }}
{%- endmacro %}

{% macro default__row_struct(relation) -%}
    {#- The whole row of `relation` as one orderable value. -#}
    struct({{ relation }}.*)
{%- endmacro %}

{% macro duckdb__row_struct(relation) -%}
    {{ relation }}
{%- endmacro %}
