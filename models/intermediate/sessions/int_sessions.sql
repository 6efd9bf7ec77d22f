{#- Sessions up to the reference date, with their buyer: the session's own buyer id, else
    the buyer its anonymous id is linked to. Added up from the per-day parts of
    int_session_days (incremental), so that only this step depends on the reference date; a
    session of one part is copied, not aggregated. -#}
with

links as (
    select * from {{ ref('int_anonymous_id_links') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

-- The parts up to the reference date (a part is one actor and UTC day: the day the filter
-- is on). Almost every session is one part (27 thousand of 20 million at 1M buyers): a
-- session of one part is its own total, so only the sessions of several parts are added up,
-- found by a narrow count on the session id (DECISIONS.md, "Sessions of one part are not
-- aggregated"). Each CTE reads the parts itself: a CTE read twice is materialised whole.
multi_part_sessions as (
    select session_days.session_id
    from {{ ref('int_session_days') }} as session_days
    cross join reference
    where
        session_days.activity_date <= reference.as_of_date
        -- never null (a not-null test; the parts' placeholders are deleted): a null here
        -- would empty the `not in` below
        and session_days.session_id is not null
    group by 1
    having count(*) > 1
),

single_part_sessions as (
    select
        session_days.session_id,
        session_days.session_buyer_id,
        session_days.anonymous_id,
        session_days.started_at,
        session_days.ended_at,
        session_days.events_count,
        session_days.pages_count,
        session_days.product_views_count,
        session_days.searches_count,
        session_days.add_to_carts_count,
        session_days.favourites_count,
        session_days.recommendation_clicks_count,
        session_days.chats_count,
        session_days.coupon_uses_count,
        session_days.email_clicks_count,
        session_days.purchases_count,
        session_days.account_creations_count,
        session_days.newsletter_signups_count,
        session_days.first_purchase_at,
        session_days.device_type,
        session_days.traffic_source,
        session_days.campaign,
        session_days.is_app_count = 1 as is_app,
        session_days.pages_count > 0 and session_days.other_pages_count = 0 as is_product_pages_only
    from {{ ref('int_session_days') }} as session_days
    cross join reference
    where
        session_days.activity_date <= reference.as_of_date
        and session_days.session_id not in (select multi_part_sessions.session_id from multi_part_sessions)
),

multi_part_sessions_added_up as (
    select
        session_days.session_id,
        max(session_days.session_buyer_id) as session_buyer_id,
        max(session_days.anonymous_id) as anonymous_id,
        min(session_days.started_at) as started_at,
        max(session_days.ended_at) as ended_at,
        cast(sum(session_days.events_count) as {{ dbt.type_bigint() }}) as events_count,
        sum(session_days.pages_count) as pages_count,
        sum(session_days.product_views_count) as product_views_count,
        sum(session_days.searches_count) as searches_count,
        sum(session_days.add_to_carts_count) as add_to_carts_count,
        sum(session_days.favourites_count) as favourites_count,
        sum(session_days.recommendation_clicks_count) as recommendation_clicks_count,
        sum(session_days.chats_count) as chats_count,
        sum(session_days.coupon_uses_count) as coupon_uses_count,
        sum(session_days.email_clicks_count) as email_clicks_count,
        sum(session_days.purchases_count) as purchases_count,
        sum(session_days.account_creations_count) as account_creations_count,
        sum(session_days.newsletter_signups_count) as newsletter_signups_count,
        min(session_days.first_purchase_at) as first_purchase_at,
        -- the first event's (by time, then event id): the first of the parts' first events
        {{ min_by('session_days.device_type', ['session_days.started_at', 'session_days.first_event_id']) }}
            as device_type,
        {{ min_by('session_days.traffic_source', ['session_days.started_at', 'session_days.first_event_id']) }}
            as traffic_source,
        {{ min_by('session_days.campaign', ['session_days.started_at', 'session_days.first_event_id']) }}
            as campaign,
        max(session_days.is_app_count) = 1 as is_app,
        -- the session viewed pages (those of pages_count), each with page_type 'product':
        -- the page type decides, not the event type (a page view can show a product page)
        sum(session_days.pages_count) > 0 and sum(session_days.other_pages_count) = 0
            as is_product_pages_only
    from {{ ref('int_session_days') }} as session_days
    cross join reference
    where
        session_days.activity_date <= reference.as_of_date
        and session_days.session_id in (select multi_part_sessions.session_id from multi_part_sessions)
    group by 1
),

aggregated as (
    select * from single_part_sessions
    union all
    select * from multi_part_sessions_added_up
),

sessions as (
    select
        aggregated.session_id,
        coalesce(aggregated.session_buyer_id, links.buyer_id) as buyer_id,
        aggregated.session_buyer_id is null and links.buyer_id is not null as is_linked_anonymous,
        aggregated.anonymous_id,
        aggregated.started_at,
        aggregated.ended_at,
        cast(aggregated.started_at as date) as session_date,
        -- LT05: sqlfluff measures the line dbt.datediff renders to, longer than the source line
        {{ dbt.datediff('cast(aggregated.started_at as date)', 'reference.as_of_date', 'day') }} as days_ago,  -- noqa: LT05
        {{ dbt.datediff('aggregated.started_at', 'aggregated.ended_at', 'second') }} as duration_seconds,  -- noqa: LT05
        aggregated.events_count,
        aggregated.pages_count,
        aggregated.product_views_count,
        aggregated.searches_count,
        aggregated.add_to_carts_count,
        aggregated.favourites_count,
        aggregated.recommendation_clicks_count,
        aggregated.chats_count,
        aggregated.coupon_uses_count,
        aggregated.email_clicks_count,
        aggregated.purchases_count,
        aggregated.account_creations_count,
        aggregated.newsletter_signups_count,
        aggregated.purchases_count > 0 as has_purchase,
        aggregated.first_purchase_at,
        {{ dbt.datediff('aggregated.started_at', 'aggregated.first_purchase_at', 'second') }}
            as seconds_to_first_purchase,
        aggregated.is_app,
        aggregated.is_product_pages_only,
        aggregated.device_type,
        aggregated.traffic_source,
        aggregated.campaign
    from aggregated
    cross join reference
    left join links
        on aggregated.anonymous_id = links.anonymous_id
)

select * from sessions
