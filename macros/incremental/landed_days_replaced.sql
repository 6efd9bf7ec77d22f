{% macro landed_days_replaced(delete_statement) -%}
    {#- The config of a model that is a function of each raw landing day alone (its rows of a
        landing day come from that day's partition only), grown by landing day: an
        incremental run recomputes the landing days since the cutoff (landed_since) and
        replaces them. Dispatched: `append` after `delete_statement` (a pre-hook deleting
        those days) by default; on Spark, `insert_overwrite` of the table's `landed_date`
        partitions after a pre-hook dropping them (Parquet tables take no delete). Use as
        `config(**landed_days_replaced(...))`. -#}
    {{ return(adapter.dispatch('landed_days_replaced', 'marketplace_segmentation')(delete_statement)) }}
{%- endmacro %}

{% macro default__landed_days_replaced(delete_statement) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'pre_hook': [delete_statement],
    }) }}
{%- endmacro %}

{% macro spark__landed_days_replaced(delete_statement) -%}
    {#- dynamic partition overwrite (dbt-spark sets partitionOverwriteMode to DYNAMIC)
        replaces the partitions the run's rows fall in; the pre-hook first drops every
        partition the run recomputes, so that one left without rows ends empty. The rows of
        plain files (no landing day) are the null partition, recomputed on every run. -#}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': ['landed_date'],
        'pre_hook': ['{{ drop_landed_partitions_since() }}'],
    }) }}
{%- endmacro %}
