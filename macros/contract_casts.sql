{% macro contract_casts() -%}
    {#- The calling model's contract columns, each cast to its declared data_type: the
        model's YAML is the single list of a mart's columns and types. Where no column is
        declared (a unit test renders the model without its YAML), every column as is. -#}
    {%- set columns = (model.columns or {}).values() | list %}
    {%- if columns | length == 0 %}
        *
    {%- endif %}
    {%- for column in columns %}
        cast({{ column.name }} as {{ column.data_type }}) as {{ column.name }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
