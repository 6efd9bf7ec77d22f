with

source as (
    select * from {{ source('marketplace', 'events') }}
),

test_buyers as (
    select buyer_id
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason = 'test_account'
),

typed as (
    select
        nullif(trim(source.event_id), '') as event_id,
        source.occurred_at,
        nullif(trim(source.buyer_id), '') as buyer_id,
        nullif(trim(source.anonymous_id), '') as anonymous_id,
        nullif(trim(source.session_id), '') as session_id,
        lower(trim(source.event_type)) as event_type,
        lower(trim(source.page_type)) as page_type,
        nullif(trim(source.product_id), '') as product_id,
        lower(trim(source.category)) as category,
        nullif(lower(trim(source.search_query)), '') as search_query,
        lower(trim(source.traffic_source)) as traffic_source,
        nullif(lower(trim(source.campaign)), '') as campaign,
        lower(trim(source.device_type)) as device_type,
        coalesce(source.is_app, false) as is_app,
        test_buyers.buyer_id is not null as is_test_buyer,
        coalesce(nullif(trim(source.buyer_id), ''), nullif(trim(source.anonymous_id), '')) as actor_id,
        cast(source.occurred_at as date) as activity_date
    from source
    left join test_buyers
        on nullif(trim(source.buyer_id), '') = test_buyers.buyer_id
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
            when typed.event_id is null then 'null_key'
            {{ version_rejection(['typed.event_id']) }}
            when bot_days.actor_id is not null then 'bot'
            when typed.is_test_buyer then 'test_account'
            when typed.event_type is null or typed.event_type not in {{ sql_list(event_types()) }}
                then 'unknown_event_type'
            when typed.session_id is null then 'missing_value'
            {{ timestamp_rejection('typed.occurred_at') }}
        end as rejection_reason
    from typed
    left join bot_days
        on
            typed.actor_id = bot_days.actor_id
            and typed.activity_date = bot_days.activity_date
)

select * from flagged
