{#- Every raw event row with its rejection reason, as a view: the typed rows of ids seen once
    read straight from the raw files, the rows of duplicated ids from their narrow model
    (ranked there), and the bot days from theirs; no window and no copy of the events. -#}
{{ config(materialized='view') }}

with

typed as (
    select * from {{ ref('base_marketplace__events_typed') }}
),

duplicates as (
    select * from {{ ref('base_marketplace__event_duplicates') }}
),

bot_days as (
    select * from {{ ref('base_marketplace__event_bot_days') }}
),

-- rows of an id seen once (or of no id): first of their key
singles as (
    select
        typed.*,
        1 as duplicate_rank,
        false as is_duplicated_id
    from typed
    left join duplicates
        on typed.event_id = duplicates.event_id
    where duplicates.event_id is null
),

unioned as (
    select * from singles
    union all
    select
        duplicates.*,
        true as is_duplicated_id
    from duplicates
),

flagged as (
    select
        unioned.event_id,
        unioned.occurred_at,
        unioned.buyer_id,
        unioned.anonymous_id,
        unioned.session_id,
        unioned.event_type,
        unioned.page_type,
        unioned.product_id,
        unioned.category,
        unioned.search_query,
        unioned.traffic_source,
        unioned.campaign,
        unioned.device_type,
        unioned.is_app,
        unioned.is_test_buyer,
        unioned.actor_id,
        unioned.activity_date,
        unioned.contract_violation,
        unioned.landed_date,
        unioned.is_duplicated_id,
        case
            {{- key_rejection('events', 'unioned') }}
            -- version_rejection's rule, ranked in base_marketplace__event_duplicates
            when unioned.duplicate_rank > 1 then 'duplicate'
            when unioned.contract_violation is not null then unioned.contract_violation
            -- neither a buyer id nor an anonymous id: no session, link or bot day can hold it
            when unioned.actor_id is null then 'no_actor'
            when bot_days.actor_id is not null then 'bot'
            when unioned.is_test_buyer then 'test_account'
            -- the event types of the raw contract (SPEC 1)
            when unioned.event_type not in (
                'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart',
                'add_to_favorites', 'recommendation_click', 'chat_started', 'coupon_applied',
                'checkout_started', 'purchase', 'account_created', 'newsletter_signup', 'email_click'
            ) then 'unknown_event_type'
            {{ timestamp_rejection('unioned.occurred_at') }}
        end as rejection_reason
    from unioned
    left join bot_days
        on
            unioned.actor_id = bot_days.actor_id
            and unioned.activity_date = bot_days.activity_date
)

select * from flagged
