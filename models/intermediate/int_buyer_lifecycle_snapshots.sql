{#- The lifecycle stage (SPEC 4.1) of every known buyer on every snapshot date: the
    reference date and the month ends before it. Rules, first match wins: prospect,
    first_time, inactive, at_risk, loyal, repeat. Multiplier rules are compared in whole
    numbers (recency x repeat days >= multiplier x span) so that the boundary is exact. -#}
with

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

purchase_days as (
    select * from {{ ref('int_buyer_purchase_days') }}
),

snapshot_dates as (
    select * from {{ ref('int_snapshot_dates') }}
),

buyer_snapshots as (
    select
        buyers.buyer_id,
        snapshot_dates.snapshot_date,
        snapshot_dates.months_back
    from buyers
    inner join snapshot_dates
        on cast(buyers.known_at as date) <= snapshot_dates.snapshot_date
),

purchases_by_snapshot as (
    select
        purchase_days.buyer_id,
        snapshot_dates.snapshot_date,
        count(*) as purchase_days,
        min(purchase_days.purchase_date) as first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        sum(
            case
                when
                    purchase_days.purchase_date
                    > {{ dbt.dateadd('day', -var('loyal_window_days'), 'snapshot_dates.snapshot_date') }}
                    then 1
                else 0
            end
        ) as loyal_window_purchase_days
    from purchase_days
    inner join snapshot_dates
        on purchase_days.purchase_date <= snapshot_dates.snapshot_date
    group by 1, 2
),

metrics as (
    select
        buyer_snapshots.buyer_id,
        buyer_snapshots.snapshot_date,
        buyer_snapshots.months_back,
        coalesce(purchases_by_snapshot.purchase_days, 0) as purchase_days,
        coalesce(purchases_by_snapshot.loyal_window_purchase_days, 0) as loyal_window_purchase_days,
        {{ dbt.datediff('purchases_by_snapshot.last_purchase_date', 'buyer_snapshots.snapshot_date', 'day') }}
            as recency_days,
        {{ dbt.datediff('purchases_by_snapshot.first_purchase_date', 'buyer_snapshots.snapshot_date', 'day') }}
            as tenure_days,
        {{ dbt.datediff(
            'purchases_by_snapshot.first_purchase_date',
            'purchases_by_snapshot.last_purchase_date',
            'day'
        ) }} as purchase_span_days
    from buyer_snapshots
    left join purchases_by_snapshot
        on
            buyer_snapshots.buyer_id = purchases_by_snapshot.buyer_id
            and buyer_snapshots.snapshot_date = purchases_by_snapshot.snapshot_date
),

staged as (
    select
        *,
        case
            when purchase_days = 0 then 'prospect'
            when purchase_days = 1 then 'first_time'
            when
                recency_days * (purchase_days - 1) >= {{ var('inactive_multiplier') }} * purchase_span_days
                and recency_days >= {{ var('inactive_min_days') }}
                then 'inactive'
            when
                recency_days * (purchase_days - 1) >= {{ var('at_risk_multiplier') }} * purchase_span_days
                and recency_days >= {{ var('at_risk_min_days') }}
                then 'at_risk'
            when loyal_window_purchase_days >= {{ var('loyal_min_purchase_days') }} then 'loyal'
            else 'repeat'
        end as lifecycle_stage,
        case
            when
                purchase_days > 1
                then cast(purchase_span_days as {{ type_double() }}) / (purchase_days - 1)
        end as avg_interpurchase_days
    from metrics
),

-- the typical rhythm of repeat buyers on each snapshot date
repeat_rhythm as (
    select
        snapshot_date,
        {{ median('avg_interpurchase_days') }} as median_avg_interpurchase_days
    from staged
    where purchase_days > 1
    group by 1
),

final as (
    select
        staged.buyer_id,
        staged.snapshot_date,
        staged.months_back,
        staged.purchase_days,
        staged.loyal_window_purchase_days,
        staged.recency_days,
        staged.tenure_days,
        staged.purchase_span_days,
        staged.avg_interpurchase_days,
        staged.lifecycle_stage,
        repeat_rhythm.median_avg_interpurchase_days,
        coalesce(
            staged.lifecycle_stage = 'first_time'
            and staged.tenure_days
            > {{ var('inactive_multiplier') }} * repeat_rhythm.median_avg_interpurchase_days,
            false
        ) as is_lapsed_first_time
    from staged
    left join repeat_rhythm
        on staged.snapshot_date = repeat_rhythm.snapshot_date
)

select * from final
