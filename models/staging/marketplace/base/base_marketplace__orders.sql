{#- Incremental (docs/orchestration.md, "Daily runs"): a run reads again every raw row of
    the orders a newly landed row touches (an order row, or an account row of its buyer:
    test account, late arrival), so the windows over an order's versions see all of them,
    and replaces those orders (delete+insert by order_key). -#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='order_key',
) }}

with

{% if is_incremental() %}
touched_orders as (
    {{ orders_touched_since() }}
),
{% endif %}

source as (
    select raw_orders.*
    from {{ source('marketplace', 'orders') }} as raw_orders
    {%- if is_incremental() %}
    where
        {{ raw_value('orders', 'order_id', relation='raw_orders') }} in (
            select touched_orders.order_id from touched_orders
        )
        -- rows without a key: those of the landed partitions (their key below)
        or (
            {{ raw_value('orders', 'order_id', relation='raw_orders') }} is null
            and {{ landed_since('raw_orders.landed_date') }}
        )
    {%- endif %}
),

-- every buyer with a clean or test-account version, to reject test-account orders (a
-- buyer any version of which is a test account) and flag late-arriving buyers (orders
-- are kept even when the buyer row has not arrived)
buyers as (
    select
        buyer_id,
        {{ dbt.bool_or('is_test_account') }} as is_test_account
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason is null or rejection_reason = 'test_account'
    group by 1
),

typed as (
    select
        {{ raw_value('orders', 'order_id') }} as order_id,
        {{ raw_value('orders', 'buyer_id') }} as buyer_id,
        {{ raw_value('orders', 'ordered_at') }} as ordered_at,
        {{ raw_value('orders', 'updated_at') }} as updated_at,
        lower({{ raw_value('orders', 'status') }}) as status,
        upper({{ raw_value('orders', 'currency') }}) as currency,
        upper({{ raw_value('orders', 'coupon_code') }}) as coupon_code,
        lower({{ raw_value('orders', 'payment_method') }}) as payment_method,
        lower({{ raw_value('orders', 'delivery_method') }}) as delivery_method,
        lower({{ raw_value('orders', 'channel') }}) as channel,
        {{ raw_value('orders', 'session_id') }} as session_id,
        coalesce({{ raw_value('orders', 'is_gift') }}, false) as is_gift,
        upper({{ raw_value('orders', 'shipping_country_code') }}) as shipping_country_code,
        lower({{ raw_value('orders', 'shipping_city') }}) as shipping_city,
        source.landed_date,
        buyers.buyer_id is null as is_buyer_late_arriving,
        coalesce(buyers.is_test_account, false) as is_test_buyer,
        {{ contract_violation('orders') }} as contract_violation
    from source
    left join buyers
        on {{ raw_value('orders', 'buyer_id') }} = buyers.buyer_id
),

flagged as (
    select
        *,
        case
            {{- key_rejection('orders') }}
            {{ version_rejection('orders', tiebreak_columns=['status']) }}
            when contract_violation is not null then contract_violation
            when is_test_buyer then 'test_account'
            when currency not in {{ sql_list(var('accepted_currencies')) }} then 'unknown_currency'
            when status not in ('placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded') then 'unknown_status'
            {{ timestamp_rejection('ordered_at') }}
        end as rejection_reason,
        -- the one version staging keeps as the latest (older clean versions stay clean): the
        -- first row of the latest version, in the order that makes its twins `duplicate`s
        {{ version_rank('orders', tiebreak_columns=['status'], within_version=true) }} = 1
        and coalesce(
            updated_at = max(updated_at) over (partition by order_id),
            max(updated_at) over (partition by order_id) is null
        ) as is_latest_version,
        -- the incremental key: the order, or for a row without one its landing day
        coalesce(
            order_id, 'null_key:' || coalesce(cast(landed_date as {{ dbt.type_string() }}), 'plain')
        ) as order_key
    from typed
)

select * from flagged
