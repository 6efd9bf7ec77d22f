{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Schemas are named plainly (staging, intermediate, marts, audit), not <target>_<name>. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
