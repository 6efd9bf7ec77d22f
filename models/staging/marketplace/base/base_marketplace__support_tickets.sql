with

source as (
    select * from {{ source('marketplace', 'support_tickets') }}
),

typed as (
    select
        nullif(trim(ticket_id), '') as ticket_id,
        created_at,
        nullif(trim(buyer_id), '') as buyer_id,
        nullif(trim(seller_id), '') as seller_id,
        lower(trim(topic)) as topic
    from source
),

flagged as (
    select
        *,
        case
            when ticket_id is null then 'null_key'
            {{ version_rejection(['ticket_id'], 'created_at') }}
            when topic is null or topic not in {{ sql_list(ticket_topics()) }} then 'unknown_topic'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
