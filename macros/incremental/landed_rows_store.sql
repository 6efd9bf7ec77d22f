{% macro landed_rows_store() -%}
    {#- The config of a base model typing a raw table's rows one by one, every row version
        kept, before any rule that compares rows (the version in force is computed
        downstream). Dispatched: a view by default (DuckDB grows the models downstream by
        key, reading the raw partitions themselves); on Spark a table grown by landing day
        like landed_days_replaced (insert_overwrite of its `landed_date` partitions), so that
        a daily run types only the partitions landed since the cutoff and the models
        rebuilt downstream read typed rows. The model keeps `landed_date` last, filters its
        source on landed_since('landed_date') and calls `config(**landed_rows_store())`. -#}
    {{ return(adapter.dispatch('landed_rows_store', 'marketplace_segmentation')()) }}
{%- endmacro %}

{% macro default__landed_rows_store() -%}
    {{ return({'materialized': 'view'}) }}
{%- endmacro %}

{% macro spark__landed_rows_store() -%}
    {{ return(spark__landed_days_replaced(none)) }}
{%- endmacro %}
