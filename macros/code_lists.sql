{% macro event_types() -%}
    {{ return(['page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart',
               'add_to_favorites', 'recommendation_click', 'chat_started', 'coupon_applied',
               'checkout_started', 'purchase', 'account_created', 'newsletter_signup',
               'email_click']) }}
{%- endmacro %}

{% macro order_statuses() -%}
    {{ return(['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded']) }}
{%- endmacro %}

{% macro ticket_topics() -%}
    {{ return(['technical', 'marketing', 'logistics', 'billing', 'refund', 'complaint']) }}
{%- endmacro %}

{% macro sql_list(values) -%}
    ({% for value in values %}'{{ value }}'{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}
