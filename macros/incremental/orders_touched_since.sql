{% macro orders_touched_since() -%}
    {#- A select of the order_ids (typed) a row landed since the model's last run touches
        (landed_since): an order row, or an account row of the order's buyer. -#}
    select {{ raw_value('orders', 'order_id', relation='orders') }} as order_id
    from {{ source('marketplace', 'orders') }} as orders
    where
        {{ landed_since('orders.landed_date') }}
        or {{ raw_value('orders', 'buyer_id', relation='orders') }} in (
            select {{ raw_value('buyers', 'buyer_id', relation='buyers') }}
            from {{ source('marketplace', 'buyers') }} as buyers
            where {{ landed_since('buyers.landed_date') }}
        )
{%- endmacro %}
