{#- The bot rule's narrow aggregate: an actor (buyer, else anonymous id) with an absurd
    number of events in one UTC day is a bot. Every raw row counts, valid or not, as before
    the rule had its own model; only the days above the threshold are kept (a few rows). -#}
with

typed as (
    select * from {{ ref('base_marketplace__events_typed') }}
),

bot_days as (
    select
        actor_id,
        activity_date,
        count(*) as events_count
    from typed
    where actor_id is not null and activity_date is not null
    group by 1, 2
    having count(*) > {{ var('bot_max_events_per_day') }}
)

select * from bot_days
