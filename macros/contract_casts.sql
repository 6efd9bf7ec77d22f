{% macro contract_casts() -%}
    {#- The calling model's contract columns, each cast to its declared data_type: the
        model's YAML is the single list of a mart's columns and types. -#}
    {%- for column in model.columns.values() %}
        cast({{ column.name }} as {{ column.data_type }}) as {{ column.name }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
