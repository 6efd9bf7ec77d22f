{% macro landed_since(column='landed_date', relations=none) -%}
    {#- The filter of an incremental model on a raw source's `landed_date` (see
        _incremental__macros.yml): true on a full build; on an incremental run, the rows of
        plain files (landed_date null: their landing day is unknown, so they are always read
        again) and those of the partitions landed on or after the cutoff (landed_cutoff).
        `relations`: the loaded models whose cutoff applies (default: the calling
        incremental model, `this`); the earliest of theirs is taken. The cutoff is a constant
        (queried here), so that DuckDB skips the older partitions' files. -#}
    {%- if not execute -%}
        {{ return('true') }}
    {%- endif -%}
    {%- if relations is none -%}
        {%- if not is_incremental() -%}
            {{ return('true') }}
        {%- endif -%}
        {%- set relations = [this] -%}
    {%- endif -%}
    {%- set cutoff = landed_cutoff(relations) -%}
    {%- if cutoff is none -%}
        {#- nothing loaded from a partition yet: every row -#}
        {{ return('true') }}
    {%- endif -%}
    {{ return('(' ~ column ~ ' is null or ' ~ column ~ " >= cast('" ~ cutoff ~ "' as date))") }}
{%- endmacro %}
