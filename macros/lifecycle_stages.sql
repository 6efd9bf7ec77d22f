{% macro lifecycle_stages() -%}
    {#- The buyer lifecycle stages of SPEC 4.1, in rule order. -#}
    {{ return(['prospect', 'first_time', 'inactive', 'at_risk', 'loyal', 'repeat']) }}
{%- endmacro %}
