{% macro utc_timestamp(expression, raw_type=none) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'marketplace_segmentation')(expression, raw_type)) }}
{%- endmacro %}

{% macro default__utc_timestamp(expression, raw_type=none) -%}
    {#- Spark: timestamps are instants shown in the session time zone, set to UTC. -#}
    {{ try_cast(expression, 'timestamp') }}
{%- endmacro %}

{% macro duckdb__utc_timestamp(expression, raw_type=none) -%}
    {#- A naive timestamp is read as UTC (the session time zone, profiles.yml), one with a
        time zone is converted; text that is no timestamp gives null. When the raw column is
        known to be a naive timestamp already (`raw_type`, the type DuckDB reads from the
        Parquet files), the round trip through a time zone is the identity and costs as much
        as the scan itself (issue #14): only the infinities are made null. -#}
    {%- if raw_type is not none and raw_type | lower == 'timestamp' -%}
    case when isfinite({{ expression }}) then {{ expression }} end
    {%- else -%}
    timezone('UTC', {{ try_cast(expression, 'timestamptz') }})
    {%- endif -%}
{%- endmacro %}
