{% macro ticket_topics() -%}
    {{ return(['technical', 'marketing', 'logistics', 'billing', 'refund', 'complaint']) }}
{%- endmacro %}
