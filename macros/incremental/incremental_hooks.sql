{% macro incremental_hooks(statements) -%}
    {#- The hooks that delete or update rows of a model grown by key (placeholders, flags):
        only where that model is incremental (none on Spark, where it is rebuilt in full). -#}
    {{ return(statements if incremental_materialization() == 'incremental' else []) }}
{%- endmacro %}
