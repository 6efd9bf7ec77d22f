{% macro row_as_json(column_names) -%}
    {{ return(adapter.dispatch('row_as_json', 'marketplace_segmentation')(column_names)) }}
{%- endmacro %}

{% macro default__row_as_json(column_names) -%}
    to_json(named_struct(
        {%- for name in column_names %}'{{ name }}', {{ name }}{{ ", " if not loop.last }}{% endfor -%}
    ))
{%- endmacro %}

{% macro duckdb__row_as_json(column_names) -%}
    cast(to_json(struct_pack(
        {%- for name in column_names %}{{ name }} := {{ name }}{{ ", " if not loop.last }}{% endfor -%}
    )) as varchar)
{%- endmacro %}
