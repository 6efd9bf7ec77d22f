{% macro type_double() -%}
    {#- An 8-byte float for ratios: `dbt.type_float()` is a 4-byte FLOAT on DuckDB, which
        reads 0.30639731884 for 0.30639730639. Money stays DECIMAL (sums are exact). -#}
    {{ return(adapter.dispatch('type_double', 'marketplace_segmentation')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}
