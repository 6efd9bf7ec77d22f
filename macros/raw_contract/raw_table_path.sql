{% macro raw_table_path(table) -%}
    {#- The folder of a raw table: var raw_path with `/` separators and no trailing slash
        (an absolute path stays absolute), then the table. Not SQL-escaped. -#}
    {{ return((var('raw_path') | string | replace('\\', '/')).rstrip('/') ~ '/' ~ table) }}
{%- endmacro %}
