with

source as (
    select * from {{ source('marketplace', 'support_tickets') }}
),

-- a test account in any of its versions
test_buyers as (
    select distinct buyer_id
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason = 'test_account'
),

-- a test account in any of its versions
test_sellers as (
    select distinct seller_id
    from {{ ref('base_marketplace__sellers') }}
    where rejection_reason = 'test_account'
),

typed as (
    select
        {{ raw_value('support_tickets', 'ticket_id') }} as ticket_id,
        {{ raw_value('support_tickets', 'created_at') }} as created_at,
        {{ raw_value('support_tickets', 'buyer_id') }} as buyer_id,
        {{ raw_value('support_tickets', 'seller_id') }} as seller_id,
        lower({{ raw_value('support_tickets', 'topic') }}) as topic,
        test_buyers.buyer_id is not null or test_sellers.seller_id is not null as is_test_account,
        {{ contract_violation('support_tickets') }} as contract_violation
    from source
    left join test_buyers
        on {{ raw_value('support_tickets', 'buyer_id') }} = test_buyers.buyer_id
    left join test_sellers
        on {{ raw_value('support_tickets', 'seller_id') }} = test_sellers.seller_id
),

flagged as (
    select
        *,
        case
            {{- key_rejection('support_tickets') }}
            {{ version_rejection('support_tickets') }}
            when contract_violation is not null then contract_violation
            when topic not in {{ sql_list(ticket_topics()) }} then 'unknown_topic'
            when is_test_account then 'test_account'
            {{ timestamp_rejection('created_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
