{% macro create_raw_relations() -%}
    {{ return(adapter.dispatch('create_raw_relations', 'marketplace_segmentation')()) }}
{%- endmacro %}

{% macro default__create_raw_relations() -%}
    {#- Spark: one external table per raw folder, read recursively (plain files and daily
        partitions alike: partition discovery is off), and a view adding `landed_date`, the
        day of the file's partition folder `landed_date=YYYY-MM-DD` (null for a plain file). -#}
    {% if execute %}
        {% do run_query('create schema if not exists raw') %}
        {% for table in raw_tables() %}
            {% set location = dbt.escape_single_quotes(raw_table_path(table)) %}
            {#- a deployment before daily partitions made raw.<table> a table: drop it
                whatever its type (Spark refuses `drop view` on a table) -#}
            {% set existing = adapter.get_relation(database=none, schema='raw', identifier=table) %}
            {% if existing is not none %}
                {% do adapter.drop_relation(existing) %}
            {% endif %}
            {% do run_query('drop table if exists raw.' ~ table ~ '__files') %}
            {% do run_query("create table raw." ~ table ~ "__files using parquet options (path '"
                ~ location ~ "', recursiveFileLookup 'true')") %}
            {% do run_query("create view raw." ~ table ~ " as select *, cast(nullif(regexp_extract("
                ~ "input_file_name(), '/landed_date=([0-9]{4}-[0-9]{2}-[0-9]{2})/[^/]*$', 1), '') as date)"
                ~ " as landed_date from raw." ~ table ~ "__files") %}
        {% endfor %}
    {% endif %}
    select 1
{%- endmacro %}

{% macro duckdb__create_raw_relations() -%}
    {#- DuckDB: one view per raw folder over its Parquet files, the plain ones
        (`<table>/*.parquet`) and those of daily partitions (`<table>/landed_date=YYYY-MM-DD/
        *.parquet`, docs/raw_data.md), unioned by name; column `landed_date` is the
        partition's day (null for a plain file), read from the folder name (hive
        partitioning), so that a filter on it skips the other days' files. A table without
        either is a clear error, and so is a sub-folder not named like a partition.
        Undecodable bytes in a string become '?' (utf8_validation) instead of stopping the
        read: staging rejects the row when that '?' lands in an identifier or a code. -#}
    {% if execute %}
        {% do run_query('create schema if not exists raw') %}
        {% for table in raw_tables() %}
            {% set folder = raw_table_path(table) %}
            {#- hive partitioning reads every `name=value` folder of the path as a column: one
                above the table folders would overwrite a raw column with the folder's value -#}
            {% set above = [] %}
            {% for part in raw_table_path(table).split('/') if '=' in part %}
                {% do above.append(part) %}
            {% endfor %}
            {% if above %}
                {{ exceptions.raise_compiler_error(
                    "raw_path '" ~ raw_table_path(table)[:-(table | length) - 1] ~ "' has a folder named like a partition ('"
                    ~ above[0] ~ "'): only the table folders' sub-folders may be named name=value "
                    ~ "(landed_date=YYYY-MM-DD, docs/raw_data.md); move the export to a path "
                    ~ "without '=' in its folder names."
                ) }}
            {% endif %}
            {% set folder_sql = dbt.escape_single_quotes(raw_table_path(table)) %}
            {% set counts = run_query(
                "select (select count(*) from glob('" ~ folder_sql ~ "/*.parquet')),"
                ~ " (select count(*) from glob('" ~ folder_sql ~ "/landed_date=*/*.parquet'))"
            ).rows[0] %}
            {% set malformed = run_query(
                "select min(file) from glob('" ~ folder_sql ~ "/*/*.parquet')"
                ~ " where try_cast(regexp_extract(file, 'landed_date=([0-9]{4}-[0-9]{2}-[0-9]{2})[/\\\\][^/\\\\]*$', 1) as date) is null"
            ).columns[0].values()[0] %}
            {% if malformed is not none %}
                {{ exceptions.raise_compiler_error(
                    "Raw table '" ~ table ~ "': " ~ malformed ~ " is not in a daily partition: a "
                    ~ "table folder holds Parquet files and folders named landed_date=YYYY-MM-DD "
                    ~ "(a valid date, docs/raw_data.md); rename or move that folder."
                ) }}
            {% endif %}
            {% if counts[0] == 0 and counts[1] == 0 %}
                {{ exceptions.raise_compiler_error(
                    "Raw table '" ~ table ~ "' not found: no Parquet file matches '" ~ folder
                    ~ "/*.parquet' or '" ~ folder ~ "/landed_date=YYYY-MM-DD/*.parquet'. Set the dbt var "
                    ~ "raw_path to a folder holding the raw contract (see README), or create one "
                    ~ "with `marketseg generate --out <folder>`."
                ) }}
            {% endif %}
            {% set reads = [] %}
            {% if counts[0] > 0 %}
                {% do reads.append("select *, cast(null as date) as landed_date from read_parquet('"
                    ~ folder_sql ~ "/*.parquet', union_by_name = true, hive_partitioning = false, "
                    ~ "utf8_validation = 'replace')") %}
            {% endif %}
            {% if counts[1] > 0 %}
                {% do reads.append("select * from read_parquet('" ~ folder_sql
                    ~ "/landed_date=*/*.parquet', union_by_name = true, hive_partitioning = true, "
                    ~ "hive_types = {'landed_date': date}, utf8_validation = 'replace')") %}
            {% endif %}
            {% do run_query("create or replace view raw." ~ table ~ " as "
                ~ reads | join(' union all by name ')) %}
        {% endfor %}
    {% endif %}
    select 1
{%- endmacro %}
