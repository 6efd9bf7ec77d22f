{#- The raw events typed once, every column, before any rule that needs other rows: a view,
    read by the narrow bot-day and duplicate models and by base_marketplace__events, each
    scanning only the columns it needs (DECISIONS.md, "The events path at scale"). -#}
{{ config(materialized='view') }}

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
        {{ contract_violation('events') }} as contract_violation,
        -- the raw partition's landing day (null for a plain file), for the incremental models
        source.landed_date
    from source
    left join test_buyers
        on {{ raw_value('events', 'buyer_id') }} = test_buyers.buyer_id
)

select * from typed
