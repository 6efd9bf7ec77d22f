{#- Building blocks of the catalogue's segment models (models/marts/segments/): each
    returns the distinct buyers matching a rule, as of the reference date. -#}

{% macro segment_purchasers(min_purchases, window_days) -%}
    {#- Buyers with at least `min_purchases` purchases (orders) in the last `window_days`
        days, the reference date included. -#}
    select buyer_id
    from {{ ref('int_purchase_lines') }}
    where days_ago < {{ window_days }}
    group by buyer_id
    having count(distinct order_id) >= {{ min_purchases }}
{%- endmacro %}


{% macro segment_discount_buyers(min_discount_share, window_days) -%}
    {#- Buyers who bought a line discounted by at least `min_discount_share` of its gross
        amount in the last `window_days` days. -#}
    select distinct buyer_id
    from {{ ref('int_purchase_lines') }}
    where
        days_ago < {{ window_days }}
        and pct_discount >= {{ min_discount_share }}
{%- endmacro %}
