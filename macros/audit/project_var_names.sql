{% macro project_var_names() -%}
    {#- The names of the vars dbt_project.yml declares, in its order. -#}
    {{ return([
        'raw_path', 'as_of_date', 'extracted_at', 'marketplace_launch_date', 'reporting_currency',
        'accepted_currencies', 'bot_max_events_per_day', 'max_line_quantity', 'max_unit_price',
        'purchase_statuses', 'inactive_multiplier', 'inactive_min_days', 'at_risk_multiplier',
        'at_risk_min_days', 'loyal_min_purchase_days', 'loyal_window_days',
        'pareto_top_revenue_share', 'pareto_core_revenue_share', 'vip_min_revenue', 'home_country',
        'micro_segment_min_buyers', 'price_sensitive_min_share', 'moments_horizon_days',
        'spend_thresholds', 'segment_kpi_months', 'segment_min_members',
        'segment_min_revenue_share', 'segment_min_contactable_share', 'segment_max_churn',
        'segment_min_kpi_difference', 'seller_premium_gmv_share', 'seller_established_min_orders',
        'seller_established_min_monthly_orders', 'seller_new_days', 'seller_dormant_days',
        'seller_declining_drop', 'seller_growing_rise', 'drift_min_rows_ratio',
        'drift_max_rows_ratio', 'drift_max_stage_share_change',
    ]) }}
{%- endmacro %}
