{% macro key_rejection(table, relation=none) -%}
    {#- `when` branches rejecting a row whose typed key has a null part (null, blank, or a
        value that cannot be cast); `relation` qualifies the columns (in a select with joins). -#}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for column in raw_contract()[table]['key'] %}
    when {{ prefix }}{{ column }} is null then 'null_key:{{ column }}'
    {%- endfor %}
{%- endmacro %}
