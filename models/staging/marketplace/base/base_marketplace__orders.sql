with

source as (
    select * from {{ source('marketplace', 'orders') }}
),

-- the latest version of every buyer row, to reject test-account orders and flag
-- late-arriving buyers (orders are kept even when the buyer row has not arrived)
buyers as (
    select
        buyer_id,
        is_test_account
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason is null or rejection_reason = 'test_account'
),

typed as (
    select
        nullif(trim(source.order_id), '') as order_id,
        nullif(trim(source.buyer_id), '') as buyer_id,
        source.ordered_at,
        source.updated_at,
        lower(trim(source.status)) as status,
        {{ normalize_code('source.currency') }} as currency,
        nullif(upper(trim(source.coupon_code)), '') as coupon_code,
        lower(trim(source.payment_method)) as payment_method,
        lower(trim(source.delivery_method)) as delivery_method,
        lower(trim(source.channel)) as channel,
        nullif(trim(source.session_id), '') as session_id,
        coalesce(source.is_gift, false) as is_gift,
        {{ normalize_code('source.shipping_country_code') }} as shipping_country_code,
        nullif(lower(trim(source.shipping_city)), '') as shipping_city,
        buyers.buyer_id is null as is_buyer_late_arriving,
        coalesce(buyers.is_test_account, false) as is_test_buyer
    from source
    left join buyers
        on nullif(trim(source.buyer_id), '') = buyers.buyer_id
),

flagged as (
    select
        *,
        case
            when order_id is null or buyer_id is null then 'null_key'
            {{ version_rejection(['order_id'], 'updated_at', ['status']) }}
            when is_test_buyer then 'test_account'
            when currency is null or currency not in {{ sql_list(var('accepted_currencies')) }}
                then 'unknown_currency'
            when status is null or status not in {{ sql_list(order_statuses()) }} then 'unknown_status'
            {{ timestamp_rejection('ordered_at') }}
        end as rejection_reason
    from typed
)

select * from flagged
