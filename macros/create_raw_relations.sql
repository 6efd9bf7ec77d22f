{% macro create_raw_relations() -%}
    {{ return(adapter.dispatch('create_raw_relations', 'marketplace_segmentation')()) }}
{%- endmacro %}

{% macro default__create_raw_relations() -%}
    {#- Spark: one external table per raw folder. -#}
    {% if execute %}
        {% do run_query('create schema if not exists raw') %}
        {% for table in raw_tables() %}
            {% set location = dbt.escape_single_quotes(raw_table_path(table)) %}
            {% do run_query('drop table if exists raw.' ~ table) %}
            {% do run_query("create table raw." ~ table ~ " using parquet location '" ~ location ~ "'") %}
        {% endfor %}
    {% endif %}
    select 1
{%- endmacro %}

{% macro duckdb__create_raw_relations() -%}
    {#- DuckDB: one view per raw folder over its Parquet files; a missing folder is a clear error.
        Undecodable bytes in a string become '?' (utf8_validation) instead of stopping the
        read: staging rejects the row when that '?' lands in an identifier or a code. -#}
    {% if execute %}
        {% do run_query('create schema if not exists raw') %}
        {% for table in raw_tables() %}
            {% set pattern = raw_table_path(table) ~ '/*.parquet' %}
            {% set pattern_sql = dbt.escape_single_quotes(raw_table_path(table)) ~ '/*.parquet' %}
            {% set found = run_query("select count(*) from glob('" ~ pattern_sql ~ "')").columns[0].values()[0] %}
            {% if found == 0 %}
                {{ exceptions.raise_compiler_error(
                    "Raw table '" ~ table ~ "' not found: no Parquet file matches '" ~ pattern
                    ~ "'. Set the dbt var raw_path to a folder holding the raw contract "
                    ~ "(see README), or create one with `marketseg generate --out <folder>`."
                ) }}
            {% endif %}
            {% do run_query("create or replace view raw." ~ table
                ~ " as select * from read_parquet('" ~ pattern_sql ~ "', union_by_name = true, utf8_validation = 'replace')") %}
        {% endfor %}
    {% endif %}
    select 1
{%- endmacro %}
