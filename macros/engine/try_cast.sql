{% macro try_cast(expression, type) -%}
    {{ return(adapter.dispatch('try_cast', 'marketplace_segmentation')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, type) -%}
    {#- Spark 3.2+ (ANSI mode or not). -#}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}

{% macro duckdb__try_cast(expression, type) -%}
    {#- dbt.safe_cast is a plain cast on dbt-duckdb: a bad value would stop the build.
        DuckDB dates and timestamps have infinities: no rule can use them, so null. -#}
    {%- if type in ('date', 'timestamp', 'timestamptz') -%}
    case
        when isfinite(try_cast({{ expression }} as {{ type }}))
            then try_cast({{ expression }} as {{ type }})
    end
    {%- else -%}
    try_cast({{ expression }} as {{ type }})
    {%- endif -%}
{%- endmacro %}
