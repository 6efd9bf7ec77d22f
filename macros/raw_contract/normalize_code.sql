{% macro normalize_code(column) -%}
    {#- Trimmed, upper-case code (currency, country); empty string -> null. -#}
    nullif(upper(trim({{ column }})), '')
{%- endmacro %}
