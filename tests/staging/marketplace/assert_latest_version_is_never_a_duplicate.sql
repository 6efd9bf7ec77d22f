-- The row a versioned table keeps as a key's latest version is never the one rejected as
-- its `duplicate` twin: with two identical rows of the latest version, the row ranked first
-- for the latest version and the row ranked first among its twins must be the same row,
-- or the key vanishes from staging (both rankings broke the tie independently).
with

buyers as (
    select
        'buyers' as source_table,
        buyer_id as source_key
    from {{ ref('base_marketplace__buyers') }}
    where is_latest_version and rejection_reason = 'duplicate'
),

sellers as (
    select
        'sellers' as source_table,
        seller_id as source_key
    from {{ ref('base_marketplace__sellers') }}
    where is_latest_version and rejection_reason = 'duplicate'
),

orders as (
    select
        'orders' as source_table,
        order_id as source_key
    from {{ ref('base_marketplace__orders') }}
    where is_latest_version and rejection_reason = 'duplicate'
),

failures as (
    select * from buyers
    union all
    select * from sellers
    union all
    select * from orders
)

select * from failures
