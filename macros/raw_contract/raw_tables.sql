{% macro raw_tables() -%}
    {#- The nine tables of the raw contract (SPEC section 1). -#}
    {{ return(['buyers', 'sellers', 'products', 'orders', 'order_items', 'events',
               'support_tickets', 'reviews', 'fx_rates']) }}
{%- endmacro %}
