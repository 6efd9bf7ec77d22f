-- Monthly cohort retention: of the buyers whose first purchase fell in a month, the share
-- who bought again n months later.
with

purchase_days as (
    select * from {{ ref('int_buyer_purchase_days') }}
),

months as (
    select distinct
        buyer_id,
        cast({{ dbt.date_trunc('month', 'purchase_date') }} as date) as purchase_month
    from purchase_days
),

cohorts as (
    select
        buyer_id,
        min(purchase_month) as cohort_month
    from months
    group by 1
),

activity as (
    select
        cohorts.cohort_month,
        -- LT05: sqlfluff measures the line dbt.datediff renders to, longer than the source line
        {{ dbt.datediff('cohorts.cohort_month', 'months.purchase_month', 'month') }} as months_since_first,  -- noqa: LT05
        count(distinct months.buyer_id) as active_buyers_count
    from months
    inner join cohorts
        on months.buyer_id = cohorts.buyer_id
    group by 1, 2
),

sizes as (
    select
        cohort_month,
        count(*) as cohort_buyers_count
    from cohorts
    group by 1
),

retention as (
    select
        activity.cohort_month,
        activity.months_since_first,
        sizes.cohort_buyers_count,
        activity.active_buyers_count,
        cast(activity.active_buyers_count as {{ type_double() }}) / sizes.cohort_buyers_count as pct_retained
    from activity
    inner join sizes
        on activity.cohort_month = sizes.cohort_month
)

select * from retention
order by 1, 2
