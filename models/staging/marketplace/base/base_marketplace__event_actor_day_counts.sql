{#- The raw event rows per actor (buyer, else anonymous id), UTC day and landing day: the
    bot rule's narrow aggregate, grown by landed partition (DECISIONS.md, "Bot days,
    duplicates and touched days are incremental too"). Every raw row counts, valid or not; it reads the three raw
    columns it needs. An incremental run deletes the counts of the landing days it reads
    again (pre-hook, the same landed_since cutoff) and appends them: a late row adds to the
    count of its own landing day, never rewriting an older one. -#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    pre_hook=incremental_hooks(
        ["{% if is_incremental() %}delete from {{ this }} where {{ landed_since('landed_date') }}{% endif %}"]
    ),
) }}

with

source as (
    select * from {{ source('marketplace', 'events') }}
),

actor_days as (
    select
        {{ event_actor_id('source') }} as actor_id,
        {{ event_activity_date('source') }} as activity_date,
        source.landed_date
    from source
    where {{ landed_since('source.landed_date') }}
),

counts as (
    select
        actor_id,
        activity_date,
        landed_date,
        cast(count(*) as {{ dbt.type_bigint() }}) as events_count
    from actor_days
    where actor_id is not null and activity_date is not null
    group by 1, 2, 3
)

select * from counts
