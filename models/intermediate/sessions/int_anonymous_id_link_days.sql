{#- The first event of each anonymous id with each buyer per UTC day: the part of
    int_anonymous_id_links that does not depend on the reference date, incremental by actor
    and day like stg_marketplace__events (an identified event's actor is its buyer). A run
    rebuilds the parts of the touched actor-days (base_marketplace__event_touched_days); one
    placeholder per touched day (null anonymous_id) deletes a day left without identified
    events, and the post-hook removes it. -#}
-- depends_on: {{ ref('base_marketplace__event_touched_days') }}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['actor_id', 'activity_date'],
    post_hook=incremental_hooks(["delete from {{ this }} where anonymous_id is null"]),
) }}

with

events as (
    select * from {{ ref('stg_marketplace__events') }}
),

{% if is_incremental() %}
touched_days as (
    select * from {{ touched_days() }}
),
{% endif %}

link_days as (
    select
        events.anonymous_id,
        events.buyer_id,
        events.actor_id,
        events.activity_date,
        max(events.landed_date) as landed_date,
        min(events.occurred_at) as first_seen_at
    from events
    {% if is_incremental() %}
    inner join touched_days
        on
            events.actor_id = touched_days.actor_id
            and events.activity_date = touched_days.activity_date
    {% endif %}
    where events.anonymous_id is not null and events.buyer_id is not null
    group by 1, 2, 3, 4
)

select * from link_days
{% if is_incremental() %}
union all
-- one placeholder per touched actor-day, deleted by the post-hook
select
    null as anonymous_id,
    null as buyer_id,
    actor_id,
    activity_date,
    null as landed_date,
    null as first_seen_at
from touched_days
{% endif %}
