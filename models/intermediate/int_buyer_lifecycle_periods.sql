{#- Consecutive snapshots with the same stage collapse into one period per buyer. -#}
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
        min(snapshot_date) as valid_from,
        max(snapshot_date) as last_seen_on
    from numbered
    group by 1, 2, 3
),

final as (
    select
        buyer_id,
        period_number,
        lifecycle_stage,
        valid_from,
        last_seen_on,
        lead(valid_from) over (partition by buyer_id order by period_number) as valid_to,
        lag(lifecycle_stage) over (partition by buyer_id order by period_number) as previous_lifecycle_stage,
        lead(valid_from) over (partition by buyer_id order by period_number) is null as is_current
    from periods
)

select * from final
