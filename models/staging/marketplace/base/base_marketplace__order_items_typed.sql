{#- The raw order lines typed once, each row alone, before any rule that needs other rows
    (versions, the line's order and its rate, test sellers: base_marketplace__order_items,
    which reads them). Every row version is kept (landed_rows_store): a view on DuckDB; on
    Spark a table grown by landing day, so that a daily run types only the partitions
    landed since its cutoff. -#}
{{ config(**landed_rows_store()) }}

with

source as (
    select * from {{ source('marketplace', 'order_items') }}
    where {{ landed_since('landed_date') }}
),

typed as (
    select
        {{ raw_value('order_items', 'order_id') }} as order_id,
        {{ raw_value('order_items', 'line_number') }} as line_number,
        {{ raw_value('order_items', 'product_id') }} as product_id,
        {{ raw_value('order_items', 'seller_id') }} as seller_id,
        lower({{ raw_value('order_items', 'category') }}) as category,
        {{ raw_value('order_items', 'quantity') }} as quantity,
        {{ raw_value('order_items', 'unit_price') }} as unit_price,
        coalesce({{ raw_value('order_items', 'discount_amount') }}, 0) as discount_amount,
        coalesce({{ raw_value('order_items', 'commission_amount') }}, 0) as commission_amount,
        coalesce({{ raw_value('order_items', 'is_returned') }}, false) as is_returned,
        {{ contract_violation('order_items') }} as contract_violation,
        -- last: Spark's partition column comes last in its table
        source.landed_date
    from source
)

select * from typed
