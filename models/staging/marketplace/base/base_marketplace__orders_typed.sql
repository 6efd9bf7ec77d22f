{#- The raw order rows typed once, each row alone, before any rule that needs other rows
    (versions, test accounts, late buyers: base_marketplace__orders, which reads them).
    Every row version is kept (landed_rows_store): a view on DuckDB; on Spark a table grown
    by landing day, so that a daily run types only the partitions landed since its cutoff. -#}
{{ config(**landed_rows_store()) }}

with

source as (
    select * from {{ source('marketplace', 'orders') }}
    where {{ landed_since('landed_date') }}
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
        {{ contract_violation('orders') }} as contract_violation,
        -- last: Spark's partition column comes last in its table
        source.landed_date
    from source
)

select * from typed
