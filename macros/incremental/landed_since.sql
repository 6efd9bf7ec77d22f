{% macro landed_since(column='landed_date') -%}
    {#- The filter of an incremental model on a raw source's `landed_date` (see
        _incremental__macros.yml): true on a full build; on an incremental run, the rows of
        plain files (landed_date null: their landing day is unknown, so they are always read
        again) and those of the partitions landed on or after the latest `landed_date`
        already in `this` minus var incremental_lookback_days. The cutoff is a constant
        (queried here), so that DuckDB skips the older partitions' files. -#}
    {%- if not execute or not is_incremental() -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set lookback = var('incremental_lookback_days') | int -%}
    {%- if lookback < 0 -%}
        {{ exceptions.raise_compiler_error(
            "var incremental_lookback_days must be 0 or more, got " ~ lookback) }}
    {%- endif -%}
    {%- if 'landed_date' not in adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {{ exceptions.raise_compiler_error(
            this ~ " has no column landed_date (built before daily partitions, issue #14): "
            ~ "run once with --full-refresh") }}
    {%- endif -%}
    {%- set cutoff = run_query(
        "select cast(" ~ dbt.dateadd('day', -lookback, 'max(landed_date)') ~ " as date) from " ~ this
    ).columns[0].values()[0] -%}
    {%- if cutoff is none -%}
        {#- nothing loaded from a partition yet: every row -#}
        {{ return('true') }}
    {%- endif -%}
    {{ return('(' ~ column ~ ' is null or ' ~ column ~ " >= cast('" ~ cutoff ~ "' as date))") }}
{%- endmacro %}
