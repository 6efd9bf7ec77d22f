{#- A buyer's stage days with the same stage in a row collapse into one period: the stage
    holds from valid_from up to the day before valid_to, so the stage of any day is the
    one of the period that day falls in. -#}
with

snapshots as (
    select * from {{ ref('int_buyer_lifecycle_snapshots') }}
),

changes as (
    select
        buyer_id,
        snapshot_date,
        lifecycle_stage,
        case
            when lag(lifecycle_stage) over (partition by buyer_id order by snapshot_date) = lifecycle_stage
                then 0
            else 1
        end as is_new_period
    from snapshots
),

numbered as (
    select
        *,
        sum(is_new_period) over (
            partition by buyer_id order by snapshot_date rows between unbounded preceding and current row
        ) as period_number
    from changes
),

periods as (
    select
        buyer_id,
        period_number,
        lifecycle_stage,
        min(snapshot_date) as valid_from
    from numbered
    group by 1, 2, 3
),

final as (
    select
        buyer_id,
        period_number,
        lifecycle_stage,
        valid_from,
        lead(valid_from) over (partition by buyer_id order by period_number) as valid_to,
        lag(lifecycle_stage) over (partition by buyer_id order by period_number) as previous_lifecycle_stage,
        lead(valid_from) over (partition by buyer_id order by period_number) is null as is_current
    from periods
)

select * from final
