with

reference as (
    select * from {{ ref('int_reference_date') }}
),

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

micro_segments as (
    select * from {{ ref('int_buyer_micro_segments') }}
),

metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

behaviour as (
    select * from {{ ref('int_buyer_behaviour') }}
),

rfm as (
    select * from {{ ref('int_buyer_rfm_scores') }}
),

lifecycle as (
    select * from {{ ref('int_buyer_lifecycle_snapshots') }}
    where is_reference_date
),

periods as (
    select * from {{ ref('int_buyer_lifecycle_periods') }}
    where is_current
),

value as (
    select * from {{ ref('int_buyer_value') }}
),

playbook as (
    select * from {{ ref('lifecycle_playbook') }}
),

joined as (
    select
        buyers.buyer_id,
        reference.as_of_date,
        buyers.known_at,
        buyers.is_inferred,
        buyers.is_erased,
        buyers.email_hash,
        buyers.gender,
        buyers.age_band,
        buyers.country_code,
        buyers.city,
        buyers.account_type,
        buyers.acquisition_channel,
        buyers.has_marketing_consent,
        buyers.is_newsletter_subscriber,
        buyers.is_contactable,
        metrics.first_purchase_at,
        metrics.last_purchase_at,
        coalesce(metrics.orders_count, 0) as orders_count,
        coalesce(metrics.purchase_days, 0) as purchase_days,
        coalesce(metrics.repeat_purchase_days, 0) as repeat_purchase_days,
        metrics.recency_days,
        metrics.tenure_days,
        metrics.purchase_span_days,
        coalesce(metrics.monetary_total, 0) as monetary_total,
        metrics.avg_order_value,
        metrics.avg_repeat_order_value,
        metrics.avg_interpurchase_days,
        metrics.median_interpurchase_days,
        metrics.min_interpurchase_days,
        metrics.max_interpurchase_days,
        metrics.stddev_interpurchase_days,
        metrics.expected_next_purchase_date,
        metrics.days_overdue,
        {%- for window in [30, 90, 180, 365] %}
        coalesce(metrics.purchases_{{ window }}d, 0) as purchases_{{ window }}d,
        coalesce(metrics.revenue_{{ window }}d, 0) as revenue_{{ window }}d,
        {%- endfor %}
        metrics.pct_revenue_discounted,
        metrics.pct_purchases_in_app,
        coalesce(behaviour.sessions_count, 0) as sessions_count,
        {%- for window in [30, 90, 180, 365] %}
        coalesce(behaviour.sessions_{{ window }}d, 0) as sessions_{{ window }}d,
        {%- endfor %}
        coalesce(behaviour.product_views_count, 0) as product_views_count,
        coalesce(behaviour.searches_count, 0) as searches_count,
        coalesce(behaviour.add_to_carts_count, 0) as add_to_carts_count,
        coalesce(behaviour.favourites_count, 0) as favourites_count,
        coalesce(behaviour.recommendation_clicks_count, 0) as recommendation_clicks_count,
        coalesce(behaviour.chats_count, 0) as chats_count,
        coalesce(behaviour.coupon_uses_count, 0) as coupon_uses_count,
        behaviour.conversion_rate,
        behaviour.avg_session_duration_seconds,
        behaviour.avg_pages_per_session,
        behaviour.main_device_type,
        behaviour.main_traffic_source,
        behaviour.favourite_category,
        behaviour.favourite_seller_id,
        rfm.r_score,
        rfm.f_score,
        rfm.m_score,
        rfm.rfm_cell,
        rfm.rfm_segment,
        lifecycle.lifecycle_stage,
        lifecycle.is_lapsed_first_time,
        periods.previous_lifecycle_stage,
        periods.valid_from as stage_changed_at,
        value.value_tier,
        value.is_vip,
        buyers.is_local,
        playbook.playbook_goal,
        playbook.max_contacts_per_week,
        micro_segments.micro_segment_key
    from buyers
    cross join reference
    inner join lifecycle
        on buyers.buyer_id = lifecycle.buyer_id
    inner join periods
        on buyers.buyer_id = periods.buyer_id
    inner join value
        on buyers.buyer_id = value.buyer_id
    left join metrics
        on buyers.buyer_id = metrics.buyer_id
    left join behaviour
        on buyers.buyer_id = behaviour.buyer_id
    left join rfm
        on buyers.buyer_id = rfm.buyer_id
    left join playbook
        on lifecycle.lifecycle_stage = playbook.lifecycle_stage
    left join micro_segments
        on buyers.buyer_id = micro_segments.buyer_id
),

-- every column cast to the type of the model's contract (its YAML is the one list)
final as (
    select {{ contract_casts() }}
    from joined
)

select * from final
