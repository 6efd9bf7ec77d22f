{#- Behaviour per buyer up to the reference date (SPEC 3): sessions and their events,
    lifetime and windowed, main device and traffic source, favourite category and seller. -#}
{#- The sessions (20 M rows at 1 M buyers) are read by each CTE that needs them, not
    through one CTE: DuckDB materialises a CTE read more than once, a copy of every session
    (DECISIONS.md, "Bot days, duplicates and touched days are incremental too"). The
    purchase lines, a view read three times, stay one CTE: materialised, they are computed
    once. -#}
with

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

totals as (
    select
        buyer_id,
        count(*) as sessions_count,
        {%- for window in [30, 90, 180, 365] %}
        sum(case when days_ago < {{ window }} then 1 else 0 end) as sessions_{{ window }}d,
        sum(case when days_ago < {{ window }} then product_views_count else 0 end)
            as product_views_{{ window }}d,
        {%- endfor %}
        sum(product_views_count) as product_views_count,
        sum(searches_count) as searches_count,
        sum(add_to_carts_count) as add_to_carts_count,
        sum(favourites_count) as favourites_count,
        sum(recommendation_clicks_count) as recommendation_clicks_count,
        sum(chats_count) as chats_count,
        sum(coupon_uses_count) as coupon_uses_count,
        sum(case when has_purchase then 1 else 0 end) as converted_sessions_count,
        avg(duration_seconds) as avg_session_duration_seconds,
        avg(pages_count) as avg_pages_per_session
    from {{ ref('int_sessions') }}
    where buyer_id is not null
    group by 1
),

{%- for attribute in ['device_type', 'traffic_source'] %}

{{ attribute }}_ranked as (
    select
        buyer_id,
        {{ attribute }},
        row_number() over (partition by buyer_id order by count(*) desc, {{ attribute }}) as attribute_rank
    from {{ ref('int_sessions') }}
    where buyer_id is not null and {{ attribute }} is not null
    group by 1, 2
),
{%- endfor %}

{%- for attribute in ['category', 'seller_id'] %}

{{ attribute }}_spend_ranked as (
    select
        buyer_id,
        {{ attribute }},
        row_number() over (
            partition by buyer_id order by sum(net_revenue) desc, {{ attribute }}
        ) as attribute_rank
    from purchase_lines
    where {{ attribute }} is not null
    group by 1, 2
),
{%- endfor %}

buyers as (
    select buyer_id from totals
    union
    select buyer_id from purchase_lines
),

final as (
    select
        buyers.buyer_id,
        coalesce(totals.sessions_count, 0) as sessions_count,
        {%- for window in [30, 90, 180, 365] %}
        coalesce(totals.sessions_{{ window }}d, 0) as sessions_{{ window }}d,
        coalesce(totals.product_views_{{ window }}d, 0) as product_views_{{ window }}d,
        {%- endfor %}
        coalesce(totals.product_views_count, 0) as product_views_count,
        coalesce(totals.searches_count, 0) as searches_count,
        coalesce(totals.add_to_carts_count, 0) as add_to_carts_count,
        coalesce(totals.favourites_count, 0) as favourites_count,
        coalesce(totals.recommendation_clicks_count, 0) as recommendation_clicks_count,
        coalesce(totals.chats_count, 0) as chats_count,
        coalesce(totals.coupon_uses_count, 0) as coupon_uses_count,
        coalesce(totals.converted_sessions_count, 0) as converted_sessions_count,
        case
            when totals.sessions_count > 0
                then cast(totals.converted_sessions_count as {{ type_double() }}) / totals.sessions_count
        end as conversion_rate,
        totals.avg_session_duration_seconds,
        totals.avg_pages_per_session,
        device_type_ranked.device_type as main_device_type,
        traffic_source_ranked.traffic_source as main_traffic_source,
        category_spend_ranked.category as favourite_category,
        seller_id_spend_ranked.seller_id as favourite_seller_id
    from buyers
    left join totals
        on buyers.buyer_id = totals.buyer_id
    left join device_type_ranked
        on buyers.buyer_id = device_type_ranked.buyer_id and device_type_ranked.attribute_rank = 1
    left join traffic_source_ranked
        on buyers.buyer_id = traffic_source_ranked.buyer_id and traffic_source_ranked.attribute_rank = 1
    left join category_spend_ranked
        on buyers.buyer_id = category_spend_ranked.buyer_id and category_spend_ranked.attribute_rank = 1
    left join seller_id_spend_ranked
        on buyers.buyer_id = seller_id_spend_ranked.buyer_id and seller_id_spend_ranked.attribute_rank = 1
)

select * from final
