{#- The raw event rows per actor (buyer, else anonymous id), UTC day and landing day: the
    bot rule's narrow aggregate, grown by landed partition (DECISIONS.md, "Bot days,
    duplicates and touched days are incremental too"). Every raw row counts, valid or not; it reads the three raw
    columns it needs. An incremental run recomputes the counts of the landing days it reads
    again (the same landed_since cutoff) and replaces them (landed_days_replaced: a delete
    pre-hook and append, or on Spark an overwrite of those `landed_date` partitions): a
    late row adds to the count of its own landing day, never rewriting an older one. -#}
{{ config(**landed_days_replaced(
    "{% if is_incremental() %}delete from {{ this }} where {{ landed_since('landed_date') }}{% endif %}"
)) }}

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
        cast(count(*) as {{ dbt.type_bigint() }}) as events_count,
        -- last: Spark's partition column comes last in its table
        landed_date
    from actor_days
    where actor_id is not null and activity_date is not null
    group by 1, 2, 4
)

select * from counts
