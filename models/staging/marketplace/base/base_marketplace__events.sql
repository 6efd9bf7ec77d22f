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
        test_buyers.buyer_id is not null as is_test_buyer
    from source
    left join test_buyers
        on nullif(trim(source.buyer_id), '') = test_buyers.buyer_id
),

flagged as (
    select
        *,
        case
            when event_id is null then 'null_key'
            {{ version_rejection(['event_id']) }}
            -- an actor with an absurd number of events in one UTC day is a bot
            when
                count(*) over (
                    partition by coalesce(buyer_id, anonymous_id), cast(occurred_at as date)
                ) > {{ var('bot_max_events_per_day') }}
                and coalesce(buyer_id, anonymous_id) is not null
                then 'bot'
            when is_test_buyer then 'test_account'
            when event_type is null or event_type not in {{ sql_list(event_types()) }}
                then 'unknown_event_type'
            when session_id is null then 'missing_value'
            {{ timestamp_rejection('occurred_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
