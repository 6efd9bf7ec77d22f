{% macro launch_date() -%}
    cast('{{ var("marketplace_launch_date") }}' as date)
{%- endmacro %}
