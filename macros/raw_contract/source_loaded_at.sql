{% macro source_loaded_at(column) -%}
    {#- For a source's `loaded_at_query`: the latest `column` of the source being checked
        (`this`) that is not after the export time (`extracted_at()`, the same bound staging
        applies), so a junk row dated years ahead, which staging rejects as
        `future_timestamp`, cannot make a stale source look fresh. A value that is no
        timestamp is ignored, as staging rejects it too. -#}
    select max(loaded_at) as max_loaded_at
    from (
        select {{ utc_timestamp(column) }} as loaded_at
        from {{ this }}
    ) as source_rows
    where loaded_at <= {{ extracted_at() }}
{%- endmacro %}
