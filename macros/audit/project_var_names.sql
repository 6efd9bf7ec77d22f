{% macro project_var_names() -%}
    {#- The names of the vars dbt_project.yml declares, in its order. -#}
    {{ return([
        'raw_path', 'as_of_date', 'extracted_at', 'incremental_lookback_days',
        'marketplace_launch_date', 'reporting_currency',
        'accepted_currencies', 'bot_max_events_per_day', 'max_line_quantity', 'max_unit_price',
        'purchase_statuses', 'inactive_multiplier', 'inactive_min_days', 'at_risk_multiplier',
        'at_risk_min_days', 'loyal_min_purchase_days', 'loyal_window_days',
        'pareto_top_revenue_share', 'pareto_core_revenue_share', 'vip_min_revenue', 'home_country',
        'predictions_enabled', 'prediction_min_buyers', 'prediction_short_horizon_days',
        'prediction_long_horizon_days', 'prediction_value_horizon_months',
        'prediction_annual_discount_rate', 'micro_segment_axes', 'micro_segment_min_buyers', 'price_sensitive_min_share',
        'moments_horizon_days', 'spend_thresholds', 'segment_kpi_months', 'segment_min_members',
        'segment_min_revenue_share', 'segment_min_contactable_share', 'segment_max_churn',
        'segment_min_kpi_difference', 'session_segments_window_days',
        'session_min_clicks_or_searches', 'app_buyers_min_purchases', 'big_basket_window_days',
        'big_basket_uplift', 'browser_min_session_seconds', 'cart_abandon_window_days',
        'category_window_days', 'category_big_spender_uplift', 'category_repeat_min_purchases',
        'costly_to_serve_refund_ticket_days', 'costly_to_serve_min_incidents',
        'costly_to_serve_min_ratio', 'coupon_lovers_window_days', 'discount_window_days',
        'frequent_buyers_min_purchases', 'loyal_buyers_min_purchases',
        'top_monthly_buyers_min_purchases', 'impulse_max_product_views',
        'quick_decider_max_seconds', 'researcher_max_pages', 'researcher_min_session_seconds',
        'fading_buyers_max_p_alive', 'wishful_min_add_to_carts', 'seller_premium_gmv_share', 'seller_established_min_orders',
        'seller_established_min_monthly_orders', 'seller_new_days', 'seller_dormant_days',
        'seller_declining_drop', 'seller_growing_rise', 'drift_min_rows_ratio',
        'drift_max_rows_ratio', 'drift_max_stage_share_change',
    ]) }}
{%- endmacro %}
