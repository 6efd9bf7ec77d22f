with

base as (
    select * from {{ ref('base_marketplace__events') }}
),

clean as (
    select
        event_id,
        occurred_at,
        buyer_id,
        anonymous_id,
        session_id,
        event_type,
        page_type,
        product_id,
        category,
        search_query,
        traffic_source,
        campaign,
        device_type,
        is_app
    from base
    where rejection_reason is null
)

select * from clean
