{% macro landed_cutoff(relations) -%}
    {#- The first landing day an incremental run reads again: the earliest, over `relations`
        (loaded models with a `landed_date` column), of the latest `landed_date` each holds
        minus var incremental_lookback_days; none when one of them holds no partitioned row
        (every row is then read again). -#}
    {%- set lookback = var('incremental_lookback_days') | int -%}
    {%- if lookback < 0 -%}
        {{ exceptions.raise_compiler_error(
            "var incremental_lookback_days must be 0 or more, got " ~ lookback) }}
    {%- endif -%}
    {%- set cutoffs = [] -%}
    {%- for relation in relations -%}
        {%- if 'landed_date' not in adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
            {{ exceptions.raise_compiler_error(
                relation ~ " has no column landed_date (built before daily partitions, issue #14): "
                ~ "run once with --full-refresh") }}
        {%- endif -%}
        {%- set cutoff = run_query(
            "select cast(" ~ dbt.dateadd('day', -lookback, 'max(landed_date)') ~ " as date) from " ~ relation
        ).columns[0].values()[0] -%}
        {%- if cutoff is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- do cutoffs.append(cutoff) -%}
    {%- endfor -%}
    {{ return(cutoffs | min) }}
{%- endmacro %}
