{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'marketplace_segmentation')()) }}
{%- endmacro %}

{% macro default__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__incremental_materialization() -%}
    {#- Spark's own Parquet tables take neither delete nor update, and dbt-spark refuses the
        delete+insert strategy: the models grown by key are rebuilt in full on Spark
        (DECISIONS.md, "On Spark the models grown by key are rebuilt in full"). -#}
    {{ return('table') }}
{%- endmacro %}
