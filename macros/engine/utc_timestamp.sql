{% macro utc_timestamp(expression) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'marketplace_segmentation')(expression)) }}
{%- endmacro %}

{% macro default__utc_timestamp(expression) -%}
    {#- Spark: timestamps are instants shown in the session time zone, set to UTC. -#}
    {{ try_cast(expression, 'timestamp') }}
{%- endmacro %}

{% macro duckdb__utc_timestamp(expression) -%}
    {#- A naive timestamp is read as UTC (the session time zone, profiles.yml), one with a
        time zone is converted; text that is no timestamp gives null. -#}
    timezone('UTC', {{ try_cast(expression, 'timestamptz') }})
{%- endmacro %}
