{% macro drop_landed_partitions_since() -%}
    {#- Spark's pre-hook of a model grown by landing day (landed_days_replaced): drops the
        table's `landed_date` partitions that the run recomputes, those on or after the cutoff
        (landed_cutoff, as the model's landed_since filter) and the null partition of plain
        files' rows, so that a partition the run gives no row ends empty, as DuckDB's delete
        pre-hook leaves it (insert_overwrite alone replaces only the partitions that get a
        row). Runs the drops itself and renders nothing; nothing on a first build or a
        --full-refresh. -#}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set described = run_query('describe table ' ~ this).columns[0].values() -%}
    {%- if '# Partition Information' not in described -%}
        {{ exceptions.raise_compiler_error(
            this ~ " is not partitioned by landed_date (built by an earlier version of the project): "
            ~ "rebuild it once with dbt run --full-refresh --select " ~ this.identifier) }}
    {%- endif -%}
    {%- set cutoff = landed_cutoff([this]) -%}
    {%- for partition in run_query('show partitions ' ~ this).columns[0].values() -%}
        {%- set value = partition.split('=', 1)[1] -%}
        {%- if value == '__HIVE_DEFAULT_PARTITION__' -%}
            {%- do run_query('alter table ' ~ this ~ ' drop if exists partition (landed_date = null)') -%}
        {%- elif cutoff is none or value >= cutoff | string -%}
            {%- do run_query('alter table ' ~ this ~ " drop if exists partition (landed_date = date'" ~ value ~ "')") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}
