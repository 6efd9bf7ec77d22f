-- A key whose latest version has a clean row is in staging's latest-version model: with two
-- identical rows of the latest version, one is the `duplicate` and the other must be the
-- one kept as the latest (two rankings breaking the tie independently lost the key).
with

buyer_versions as (
    select
        buyer_id,
        updated_at,
        rejection_reason,
        max(updated_at) over (partition by buyer_id) as latest_updated_at
    from {{ ref('base_marketplace__buyers') }}
),

kept_buyers as (
    select buyer_id from {{ ref('stg_marketplace__buyers') }}
),

buyers_lost as (
    select
        'buyers' as source_table,
        buyer_versions.buyer_id as source_key
    from buyer_versions
    left join kept_buyers
        on buyer_versions.buyer_id = kept_buyers.buyer_id
    where
        buyer_versions.rejection_reason is null
        and buyer_versions.updated_at = buyer_versions.latest_updated_at
        and kept_buyers.buyer_id is null
),

seller_versions as (
    select
        seller_id,
        updated_at,
        rejection_reason,
        max(updated_at) over (partition by seller_id) as latest_updated_at
    from {{ ref('base_marketplace__sellers') }}
),

kept_sellers as (
    select seller_id from {{ ref('stg_marketplace__sellers') }}
),

sellers_lost as (
    select
        'sellers' as source_table,
        seller_versions.seller_id as source_key
    from seller_versions
    left join kept_sellers
        on seller_versions.seller_id = kept_sellers.seller_id
    where
        seller_versions.rejection_reason is null
        and seller_versions.updated_at = seller_versions.latest_updated_at
        and kept_sellers.seller_id is null
),

order_versions as (
    select
        order_id,
        updated_at,
        rejection_reason,
        max(updated_at) over (partition by order_id) as latest_updated_at
    from {{ ref('base_marketplace__orders') }}
),

kept_orders as (
    select order_id from {{ ref('stg_marketplace__orders') }}
),

orders_lost as (
    select
        'orders' as source_table,
        order_versions.order_id as source_key
    from order_versions
    left join kept_orders
        on order_versions.order_id = kept_orders.order_id
    where
        order_versions.rejection_reason is null
        and order_versions.updated_at = order_versions.latest_updated_at
        and kept_orders.order_id is null
),

failures as (
    select * from buyers_lost
    union all
    select * from sellers_lost
    union all
    select * from orders_lost
)

select * from failures
