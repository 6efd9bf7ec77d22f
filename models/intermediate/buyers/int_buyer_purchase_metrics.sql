{#- Buyer purchase metrics as of the reference date (SPEC 3). They coincide with
    lifetimes' summary_data_from_transaction_data: frequency = repeat_purchase_days,
    recency = purchase_span_days, T = tenure_days, monetary = avg_repeat_order_value.
    Recency, tenure, span and the average interval are defined once, per buyer and day, in
    int_buyer_lifecycle_snapshots: these are its reference date's row. -#}
with

purchase_days as (
    select * from {{ ref('int_buyer_purchase_days') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

lifecycle as (
    select * from {{ ref('int_buyer_lifecycle_snapshots') }}
    where is_reference_date
),

-- the gap in days since the previous purchase day, for the interval statistics
gaps as (
    select
        buyer_id,
        purchase_date,
        {{ dbt.datediff(
            'lag(purchase_date) over (partition by buyer_id order by purchase_date)',
            'purchase_date',
            'day'
        ) }} as gap_days
    from purchase_days
),

gap_statistics as (
    select
        buyer_id,
        {{ median('gap_days') }} as median_interpurchase_days,
        min(gap_days) as min_interpurchase_days,
        max(gap_days) as max_interpurchase_days,
        -- the sample standard deviation from exact integer sums: a floating-point
        -- aggregate would depend on how threads combine their parts
        case
            when count(*) > 1
                then sqrt(
                    cast(count(*) * sum(gap_days * gap_days) - sum(gap_days) * sum(gap_days) as {{ type_double() }})
                    / (count(*) * (count(*) - 1))
                )
        end as stddev_interpurchase_days
    from gaps
    where gap_days is not null
    group by 1
),

first_days as (
    select
        buyer_id,
        min(purchase_date) as first_purchase_date
    from purchase_days
    group by 1
),

totals as (
    select
        purchase_days.buyer_id,
        min(purchase_days.first_ordered_at) as first_purchase_at,
        max(purchase_days.last_ordered_at) as last_purchase_at,
        min(purchase_days.purchase_date) as first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        sum(purchase_days.orders_count) as orders_count,
        count(*) as purchase_days,
        sum(purchase_days.net_revenue) as monetary_total,
        sum(
            case when purchase_days.purchase_date != first_days.first_purchase_date then purchase_days.net_revenue end
        ) as repeat_revenue,
        sum(purchase_days.discounted_revenue) as discounted_revenue,
        sum(purchase_days.app_orders_count) as app_orders_count,
        {%- for window in [30, 90, 180, 365] %}
        sum(
            case
                when purchase_days.purchase_date > {{ dbt.dateadd('day', -window, 'reference.as_of_date') }}
                    then purchase_days.orders_count
                else 0
            end
        ) as purchases_{{ window }}d,
        sum(
            case
                when purchase_days.purchase_date > {{ dbt.dateadd('day', -window, 'reference.as_of_date') }}
                    then purchase_days.net_revenue
                else 0
            end
        ) as revenue_{{ window }}d,
        sum(
            case
                when purchase_days.purchase_date > {{ dbt.dateadd('day', -window, 'reference.as_of_date') }}
                    then 1
                else 0
            end
        ) as purchase_days_{{ window }}d,
        {%- endfor %}
        max(reference.as_of_date) as as_of_date
    from purchase_days
    inner join first_days
        on purchase_days.buyer_id = first_days.buyer_id
    cross join reference
    group by 1
),

metrics as (
    select
        totals.buyer_id,
        totals.as_of_date,
        totals.first_purchase_at,
        totals.last_purchase_at,
        totals.first_purchase_date,
        totals.last_purchase_date,
        totals.orders_count,
        totals.purchase_days,
        totals.purchase_days - 1 as repeat_purchase_days,
        lifecycle.recency_days,
        lifecycle.tenure_days,
        lifecycle.purchase_span_days,
        totals.monetary_total,
        {{ money_average('totals.monetary_total', 'totals.orders_count') }} as avg_order_value,
        -- mean daily spend over the repeat purchase days (lifetimes' monetary value)
        case
            when totals.purchase_days > 1
                then cast(totals.repeat_revenue as {{ type_double() }}) / (totals.purchase_days - 1)
        end as avg_repeat_order_value,
        case
            when totals.monetary_total > 0
                then cast(totals.discounted_revenue as {{ type_double() }}) / totals.monetary_total
        end as pct_revenue_discounted,
        cast(totals.app_orders_count as {{ type_double() }}) / totals.orders_count
            as pct_purchases_in_app,
        {%- for window in [30, 90, 180, 365] %}
        totals.purchases_{{ window }}d,
        totals.revenue_{{ window }}d,
        totals.purchase_days_{{ window }}d,
        {%- endfor %}
        gap_statistics.median_interpurchase_days,
        gap_statistics.min_interpurchase_days,
        gap_statistics.max_interpurchase_days,
        gap_statistics.stddev_interpurchase_days,
        lifecycle.avg_interpurchase_days
    from totals
    left join lifecycle
        on totals.buyer_id = lifecycle.buyer_id
    left join gap_statistics
        on totals.buyer_id = gap_statistics.buyer_id
),

expectations as (
    select
        *,
        -- the expected day is rounded to the nearest whole day
        case
            when avg_interpurchase_days is not null
                then {{ dbt.dateadd('day', 'cast(round(avg_interpurchase_days) as integer)', 'last_purchase_date') }}
        end as expected_next_purchase_date
    from metrics
),

final as (
    select
        *,
        case
            when expected_next_purchase_date is null then null
            when expected_next_purchase_date >= as_of_date then 0
            else {{ dbt.datediff('expected_next_purchase_date', 'as_of_date', 'day') }}
        end as days_overdue
    from expectations
)

select * from final
