{% macro sql_list(values) -%}
    ({% for value in values %}'{{ value | string | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}
