{#- One row per buyer and calendar month of the last `segment_kpi_months` months (the
    reference date's month included) in which the buyer bought or had a session: the
    monthly activity the segment KPIs add up. -#}
with

snapshot_dates as (
    select * from {{ ref('int_snapshot_dates') }}
),

purchase_lines as (
    select * from {{ ref('int_purchase_lines') }}
),

sessions as (
    select * from {{ ref('int_sessions') }}
),

first_month as (
    select cast({{ dbt.date_trunc('month', 'min(snapshot_date)') }} as date) as month_start
    from snapshot_dates
    where months_back < {{ var('segment_kpi_months') }}
),

purchases as (
    select
        purchase_lines.buyer_id,
        cast({{ dbt.date_trunc('month', 'purchase_lines.order_date') }} as date) as month_start,
        count(distinct purchase_lines.order_id) as orders_count,
        sum(purchase_lines.net_revenue) as revenue_total
    from purchase_lines
    inner join first_month
        on purchase_lines.order_date >= first_month.month_start
    group by 1, 2
),

visits as (
    select
        sessions.buyer_id,
        cast({{ dbt.date_trunc('month', 'sessions.session_date') }} as date) as month_start,
        count(*) as sessions_count,
        sum(case when sessions.has_purchase then 1 else 0 end) as converted_sessions_count
    from sessions
    inner join first_month
        on sessions.session_date >= first_month.month_start
    where sessions.buyer_id is not null
    group by 1, 2
),

final as (
    select
        coalesce(purchases.buyer_id, visits.buyer_id) as buyer_id,
        coalesce(purchases.month_start, visits.month_start) as month_start,
        coalesce(purchases.orders_count, 0) as orders_count,
        coalesce(purchases.revenue_total, 0) as revenue_total,
        coalesce(visits.sessions_count, 0) as sessions_count,
        coalesce(visits.converted_sessions_count, 0) as converted_sessions_count
    from purchases
    full outer join visits
        on
            purchases.buyer_id = visits.buyer_id
            and purchases.month_start = visits.month_start
)

select * from final
