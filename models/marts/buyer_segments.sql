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
{%- if predictions_enabled() %}

predictions as (
    select * from {{ ref('buyer_predictions') }}
),
{%- endif %}

final as (
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
        cast(coalesce(metrics.orders_count, 0) as {{ dbt.type_bigint() }}) as orders_count,
        coalesce(metrics.purchase_days, 0) as purchase_days,
        coalesce(metrics.repeat_purchase_days, 0) as repeat_purchase_days,
        cast(metrics.recency_days as {{ dbt.type_int() }}) as recency_days,
        cast(metrics.tenure_days as {{ dbt.type_int() }}) as tenure_days,
        cast(metrics.purchase_span_days as {{ dbt.type_int() }}) as purchase_span_days,
        cast(coalesce(metrics.monetary_total, 0) as decimal(18, 2)) as monetary_total,
        cast(metrics.avg_order_value as decimal(18, 2)) as avg_order_value,
        metrics.avg_repeat_order_value,
        metrics.avg_interpurchase_days,
        metrics.median_interpurchase_days,
        cast(metrics.min_interpurchase_days as {{ dbt.type_int() }}) as min_interpurchase_days,
        cast(metrics.max_interpurchase_days as {{ dbt.type_int() }}) as max_interpurchase_days,
        metrics.stddev_interpurchase_days,
        cast(metrics.expected_next_purchase_date as date) as expected_next_purchase_date,
        cast(metrics.days_overdue as {{ dbt.type_int() }}) as days_overdue,
        {%- for window in [30, 90, 180, 365] %}
        cast(coalesce(metrics.purchases_{{ window }}d, 0) as {{ dbt.type_bigint() }}) as purchases_{{ window }}d,
        cast(coalesce(metrics.revenue_{{ window }}d, 0) as decimal(18, 2)) as revenue_{{ window }}d,
        {%- endfor %}
        metrics.pct_revenue_discounted,
        metrics.pct_purchases_in_app,
        coalesce(behaviour.sessions_count, 0) as sessions_count,
        {%- for window in [30, 90, 180, 365] %}
        cast(coalesce(behaviour.sessions_{{ window }}d, 0) as {{ dbt.type_bigint() }}) as sessions_{{ window }}d,
        {%- endfor %}
        cast(coalesce(behaviour.product_views_count, 0) as {{ dbt.type_bigint() }}) as product_views_count,
        cast(coalesce(behaviour.searches_count, 0) as {{ dbt.type_bigint() }}) as searches_count,
        cast(coalesce(behaviour.add_to_carts_count, 0) as {{ dbt.type_bigint() }}) as add_to_carts_count,
        cast(coalesce(behaviour.favourites_count, 0) as {{ dbt.type_bigint() }}) as favourites_count,
        cast(coalesce(behaviour.recommendation_clicks_count, 0) as {{ dbt.type_bigint() }})
            as recommendation_clicks_count,
        cast(coalesce(behaviour.chats_count, 0) as {{ dbt.type_bigint() }}) as chats_count,
        cast(coalesce(behaviour.coupon_uses_count, 0) as {{ dbt.type_bigint() }}) as coupon_uses_count,
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
        {%- if predictions_enabled() %}
        predictions.p_alive,
        predictions.predicted_value,
        {%- else %}
        cast(null as {{ type_double() }}) as p_alive,
        cast(null as decimal(18, 2)) as predicted_value,
        {%- endif %}
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
    {%- if predictions_enabled() %}
    left join predictions
        on buyers.buyer_id = predictions.buyer_id
    {%- endif %}
)

select * from final
