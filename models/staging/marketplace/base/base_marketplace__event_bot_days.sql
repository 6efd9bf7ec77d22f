{#- The bot rule: an actor (buyer, else anonymous id) with an absurd number of events in one
    UTC day is a bot. The day's raw rows, valid or not, are added up over their landing days
    (base_marketplace__event_actor_day_counts); only the days above the threshold are kept
    (a few rows). -#}
with

counts as (
    select * from {{ ref('base_marketplace__event_actor_day_counts') }}
),

bot_days as (
    select
        actor_id,
        activity_date,
        cast(sum(events_count) as {{ dbt.type_bigint() }}) as events_count
    from counts
    group by 1, 2
    having sum(events_count) > {{ var('bot_max_events_per_day') }}
)

select * from bot_days
