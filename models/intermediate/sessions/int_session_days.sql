{#- A session's events of one actor and UTC day, aggregated: the part of int_sessions that
    does not depend on the reference date, grown with the clean events (DECISIONS.md,
    "Sessions add up from per-day parts"). Incremental by actor and day like
    stg_marketplace__events: a run rebuilds the parts of the actor-days it touches
    (base_marketplace__event_touched_days, the same days the clean events rebuilt) from the
    clean events; one placeholder per touched actor-day (null session_id) deletes a day left
    without events, and the post-hook removes it. int_sessions adds the parts up to the reference date. -#}
-- depends_on: {{ ref('base_marketplace__event_touched_days') }}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['actor_id', 'activity_date'],
    post_hook=incremental_hooks(["delete from {{ this }} where session_id is null"]),
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

touched_events as (
    select events.*
    from events
    {% if is_incremental() %}
    inner join touched_days
        on
            events.actor_id = touched_days.actor_id
            and events.activity_date = touched_days.activity_date
    {% endif %}
),

parts as (
    select
        session_id,
        actor_id,
        activity_date,
        max(landed_date) as landed_date,
        max(buyer_id) as session_buyer_id,
        max(anonymous_id) as anonymous_id,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        count(*) as events_count,
        sum(case when event_type in ('page_view', 'product_view', 'search') then 1 else 0 end)
            as pages_count,
        sum(
            case
                when
                    event_type in ('page_view', 'product_view', 'search')
                    and coalesce(page_type, '') != 'product'
                    then 1
                else 0
            end
        ) as other_pages_count,
        sum(case when event_type = 'product_view' then 1 else 0 end) as product_views_count,
        sum(case when event_type = 'search' then 1 else 0 end) as searches_count,
        sum(case when event_type = 'add_to_cart' then 1 else 0 end) as add_to_carts_count,
        sum(case when event_type = 'add_to_favorites' then 1 else 0 end) as favourites_count,
        sum(case when event_type = 'recommendation_click' then 1 else 0 end)
            as recommendation_clicks_count,
        sum(case when event_type = 'chat_started' then 1 else 0 end) as chats_count,
        sum(case when event_type = 'coupon_applied' then 1 else 0 end) as coupon_uses_count,
        sum(case when event_type = 'email_click' then 1 else 0 end) as email_clicks_count,
        sum(case when event_type = 'purchase' then 1 else 0 end) as purchases_count,
        sum(case when event_type = 'account_created' then 1 else 0 end) as account_creations_count,
        sum(case when event_type = 'newsletter_signup' then 1 else 0 end) as newsletter_signups_count,
        min(case when event_type = 'purchase' then occurred_at end) as first_purchase_at,
        -- the part's first event (by time, then event id), so that the session's first event
        -- is the first of its parts' first events
        {{ min_by('event_id', ['occurred_at', 'event_id']) }} as first_event_id,
        {{ min_by('device_type', ['occurred_at', 'event_id']) }} as device_type,
        {{ min_by('traffic_source', ['occurred_at', 'event_id']) }} as traffic_source,
        {{ min_by('campaign', ['occurred_at', 'event_id']) }} as campaign,
        max(case when is_app then 1 else 0 end) as is_app_count
    from touched_events
    group by 1, 2, 3
)

select * from parts
{% if is_incremental() %}
union all
-- one placeholder per touched actor-day, deleted by the post-hook
select
    null as session_id,
    actor_id,
    activity_date,
    null as landed_date,
    null as session_buyer_id,
    null as anonymous_id,
    null as started_at,
    null as ended_at,
    null as events_count,
    null as pages_count,
    null as other_pages_count,
    null as product_views_count,
    null as searches_count,
    null as add_to_carts_count,
    null as favourites_count,
    null as recommendation_clicks_count,
    null as chats_count,
    null as coupon_uses_count,
    null as email_clicks_count,
    null as purchases_count,
    null as account_creations_count,
    null as newsletter_signups_count,
    null as first_purchase_at,
    null as first_event_id,
    null as device_type,
    null as traffic_source,
    null as campaign,
    null as is_app_count
from touched_days
{% endif %}
