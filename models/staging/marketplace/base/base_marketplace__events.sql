with

source as (
    select * from {{ source('marketplace', 'events') }}
),

-- a test account in any of its versions
test_buyers as (
    select distinct buyer_id
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason = 'test_account'
),

typed as (
    select
        {{ raw_value('events', 'event_id') }} as event_id,
        {{ raw_value('events', 'occurred_at') }} as occurred_at,
        {{ raw_value('events', 'buyer_id') }} as buyer_id,
        {{ raw_value('events', 'anonymous_id') }} as anonymous_id,
        {{ raw_value('events', 'session_id') }} as session_id,
        lower({{ raw_value('events', 'event_type') }}) as event_type,
        lower({{ raw_value('events', 'page_type') }}) as page_type,
        {{ raw_value('events', 'product_id') }} as product_id,
        lower({{ raw_value('events', 'category') }}) as category,
        lower({{ raw_value('events', 'search_query') }}) as search_query,
        lower({{ raw_value('events', 'traffic_source') }}) as traffic_source,
        lower({{ raw_value('events', 'campaign') }}) as campaign,
        lower({{ raw_value('events', 'device_type') }}) as device_type,
        coalesce({{ raw_value('events', 'is_app') }}, false) as is_app,
        test_buyers.buyer_id is not null as is_test_buyer,
        coalesce({{ raw_value('events', 'buyer_id') }}, {{ raw_value('events', 'anonymous_id') }}) as actor_id,
        cast({{ raw_value('events', 'occurred_at') }} as date) as activity_date,
        {{ contract_violation('events') }} as contract_violation
    from source
    left join test_buyers
        on {{ raw_value('events', 'buyer_id') }} = test_buyers.buyer_id
),

-- an actor (buyer, else anonymous id) with an absurd number of events in one UTC day is a bot
bot_days as (
    select
        actor_id,
        activity_date
    from typed
    where actor_id is not null
    group by 1, 2
    having count(*) > {{ var('bot_max_events_per_day') }}
),

flagged as (
    select
        typed.*,
        case
            {{- key_rejection('events', 'typed') }}
            {{ version_rejection('events', qualify=true) }}
            when typed.contract_violation is not null then typed.contract_violation
            when bot_days.actor_id is not null then 'bot'
            when typed.is_test_buyer then 'test_account'
            -- the event types of the raw contract (SPEC 1)
            when typed.event_type not in (
                'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart',
                'add_to_favorites', 'recommendation_click', 'chat_started', 'coupon_applied',
                'checkout_started', 'purchase', 'account_created', 'newsletter_signup', 'email_click'
            ) then 'unknown_event_type'
            {{ timestamp_rejection('typed.occurred_at') }}
        end as rejection_reason
    from typed
    left join bot_days
        on
            typed.actor_id = bot_days.actor_id
            and typed.activity_date = bot_days.activity_date
)

select * from flagged
