{#- Sessions up to the reference date, with their buyer: the session's own buyer id, else
    the buyer its anonymous id is linked to. -#}
with

events as (
    select * from {{ ref('stg_marketplace__events') }}
),

links as (
    select * from {{ ref('int_anonymous_id_links') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

events_as_of as (
    select
        events.event_id,
        events.occurred_at,
        events.buyer_id,
        events.anonymous_id,
        events.session_id,
        events.event_type,
        events.page_type,
        events.traffic_source,
        events.campaign,
        events.device_type,
        events.is_app
    from events
    cross join reference
    where cast(events.occurred_at as date) <= reference.as_of_date
),

aggregated as (
    select
        session_id,
        max(buyer_id) as session_buyer_id,
        max(anonymous_id) as anonymous_id,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        count(*) as events_count,
        sum(case when event_type in ('page_view', 'product_view', 'search') then 1 else 0 end)
            as pages_count,
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
        -- the first event's (by time, then event id): one aggregate, no window over the events
        {{ min_by('device_type', ['occurred_at', 'event_id']) }} as device_type,
        {{ min_by('traffic_source', ['occurred_at', 'event_id']) }} as traffic_source,
        {{ min_by('campaign', ['occurred_at', 'event_id']) }} as campaign,
        max(case when is_app then 1 else 0 end) = 1 as is_app,
        -- the session viewed pages (those of pages_count), each with page_type 'product':
        -- the page type decides, not the event type (a page view can show a product page)
        sum(case when event_type in ('page_view', 'product_view', 'search') then 1 else 0 end) > 0
        and sum(
            case
                when
                    event_type in ('page_view', 'product_view', 'search')
                    and coalesce(page_type, '') != 'product'
                    then 1
                else 0
            end
        ) = 0 as is_product_pages_only
    from events_as_of
    group by 1
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
