{% macro raw_files_summary() -%}
    {{ return(adapter.dispatch('raw_files_summary', 'marketplace_segmentation')()) }}
{%- endmacro %}

{% macro default__raw_files_summary() -%}
    {#- Engines that cannot list files from SQL: the raw files are not identified. -#}
    select
        cast(null as {{ dbt.type_bigint() }}) as raw_files_count,
        cast(null as {{ dbt.type_bigint() }}) as raw_bytes_total,
        cast(null as {{ dbt.type_string() }}) as raw_fingerprint
{%- endmacro %}

{% macro duckdb__raw_files_summary() -%}
    {#- One row: how many Parquet files the raw tables hold (plain and daily partitions), their total size in bytes and an
        md5 of every file's name, size and modification time. read_blob reads only the file
        metadata here (the content column is not selected), so this costs no data scan. -#}
    {%- set patterns = [] %}
    {%- for table in raw_tables() %}
        {%- do patterns.append("'" ~ dbt.escape_single_quotes(raw_table_path(table)) ~ "/*.parquet'") %}
        {%- do patterns.append("'" ~ dbt.escape_single_quotes(raw_table_path(table)) ~ "/landed_date=*/*.parquet'") %}
    {%- endfor %}
    select
        count(*) as raw_files_count,
        sum(size) as raw_bytes_total,
        md5(string_agg(filename || ':' || size || ':' || last_modified, ',' order by filename))
            as raw_fingerprint
    from read_blob([{{ patterns | join(', ') }}])
{%- endmacro %}
