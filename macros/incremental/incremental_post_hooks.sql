{% macro incremental_post_hooks(statements) -%}
    {#- The post-hooks that tidy a model grown by key (delete placeholders, update flags):
        only where that model is incremental (none on Spark, where it is rebuilt in full). -#}
    {{ return(statements if incremental_materialization() == 'incremental' else []) }}
{%- endmacro %}
