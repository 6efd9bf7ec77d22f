{#- Predicted customer value (issue #16): one row per purchaser with BG/NBD's probability
    of being alive and expected purchase days, Gamma-Gamma's expected spend per purchase
    day, the discounted predicted value, and its Pareto tier: `top` is the smallest set of
    buyers making `pareto_top_revenue_share` of the predicted value (ties broken on
    buyer_id), `core` the next ones up to `pareto_core_revenue_share`, `tail` the rest. -#}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

predictions as (
    select * from {{ ref('int_buyer_predictions') }}
),

metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

-- money in cents first: the tiers and every sum over buyers are then exact
rounded as (
    select
        predictions.buyer_id,
        predictions.p_alive,
        predictions.expected_purchases_short,
        predictions.expected_purchases_long,
        cast(predictions.expected_avg_order_value as decimal(18, 2)) as expected_avg_order_value,
        cast(predictions.predicted_value as decimal(18, 2)) as predicted_value
    from predictions
),

ranked as (
    select
        *,
        {{ share_ranked_before('predicted_value', 'buyer_id') }} as value_share_before
    from rounded
),

final as (
    select
        ranked.buyer_id,
        reference.as_of_date,
        cast(metrics.repeat_purchase_days as {{ dbt.type_int() }}) as repeat_purchase_days,
        cast(metrics.purchase_span_days as {{ dbt.type_int() }}) as purchase_span_days,
        cast(metrics.tenure_days as {{ dbt.type_int() }}) as tenure_days,
        ranked.p_alive,
        ranked.expected_purchases_short,
        ranked.expected_purchases_long,
        ranked.expected_avg_order_value,
        ranked.predicted_value,
        {{ pareto_tier('ranked.predicted_value', 'ranked.value_share_before') }} as predicted_value_tier,
        cast({{ var('prediction_short_horizon_days') }} as {{ dbt.type_int() }}) as short_horizon_days,
        cast({{ var('prediction_long_horizon_days') }} as {{ dbt.type_int() }}) as long_horizon_days,
        cast({{ var('prediction_value_horizon_months') }} as {{ dbt.type_int() }}) as value_horizon_months,
        cast({{ var('prediction_annual_discount_rate') }} as {{ type_double() }}) as annual_discount_rate
    from ranked
    cross join reference
    inner join metrics
        on ranked.buyer_id = metrics.buyer_id
)

select * from final
