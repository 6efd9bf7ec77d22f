{#- Incremental (docs/orchestration.md, "Daily runs"): a run reads again every raw line of
    the orders a newly landed row touches (a line, a version of the order, an account row
    of its buyer or of a line's seller, a rate on or before the order's day) and replaces
    those orders' lines (delete+insert by order_key). -#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='order_key',
) }}

with

{% if is_incremental() %}
-- the earliest day of the rates landed, per currency
landed_rates as (
    select
        {{ raw_value('fx_rates', 'currency', relation='rates') }} as currency,
        min({{ raw_value('fx_rates', 'rate_date', relation='rates') }}) as first_rate_date
    from {{ source('marketplace', 'fx_rates') }} as rates
    where {{ landed_since('rates.landed_date') }}
    group by 1
),

-- the orders whose lines a landed row touches
touched_orders as (
    select {{ raw_value('order_items', 'order_id', relation='raw_lines') }} as order_id
    from {{ source('marketplace', 'order_items') }} as raw_lines
    where
        {{ landed_since('raw_lines.landed_date') }}
        or {{ raw_value('order_items', 'seller_id', relation='raw_lines') }} in (
            select {{ raw_value('sellers', 'seller_id', relation='sellers') }}
            from {{ source('marketplace', 'sellers') }} as sellers
            where {{ landed_since('sellers.landed_date') }}
        )
    union
    {{ orders_touched_since() }}
    union
    -- a rate landed: the orders of its currency from its day on (day rates carry forward)
    select landed_orders.order_id
    from {{ ref('base_marketplace__orders') }} as landed_orders
    inner join landed_rates
        on upper(landed_orders.currency) = upper(landed_rates.currency)
    where cast(landed_orders.ordered_at as date) >= landed_rates.first_rate_date
),
{% endif %}

source as (
    select raw_lines.*
    from {{ source('marketplace', 'order_items') }} as raw_lines
    {%- if is_incremental() %}
    where
        {{ raw_value('order_items', 'order_id', relation='raw_lines') }} in (
            select touched_orders.order_id from touched_orders
        )
        -- lines without an order: those of the landed partitions (their key below)
        or (
            {{ raw_value('order_items', 'order_id', relation='raw_lines') }} is null
            and {{ landed_since('raw_lines.landed_date') }}
        )
    {%- endif %}
),

-- the latest version of every order, clean or not
orders as (
    select
        order_id,
        currency,
        cast(ordered_at as date) as order_date,
        rejection_reason as order_rejection_reason
    from {{ ref('base_marketplace__orders') }}
    where
        is_latest_version
        and (rejection_reason is null or rejection_reason not like 'null_key%')
),

fx_day_rates as (
    select * from {{ ref('stg_marketplace__fx_day_rates') }}
),

-- a test account in any of its versions
test_sellers as (
    select distinct seller_id
    from {{ ref('base_marketplace__sellers') }}
    where rejection_reason = 'test_account'
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
        orders.order_id is not null as has_known_order,
        orders.order_rejection_reason,
        -- the unit price in the reporting currency on the order's day (null without a rate),
        -- widened first: the product of two decimal(18, x) overflows beyond 10^8
        cast({{ raw_value('order_items', 'unit_price') }} as decimal(38, 2)) * case
            when orders.currency = '{{ var("reporting_currency") }}' then 1
            else fx_day_rates.rate_to_reporting
        end as unit_price_reporting,
        test_sellers.seller_id is not null as is_test_seller,
        source.landed_date,
        {{ contract_violation('order_items') }} as contract_violation
    from source
    left join orders
        on {{ raw_value('order_items', 'order_id') }} = orders.order_id
    left join fx_day_rates
        on
            orders.currency = fx_day_rates.currency
            and orders.order_date = fx_day_rates.order_date
    left join test_sellers
        on {{ raw_value('order_items', 'seller_id') }} = test_sellers.seller_id
),

flagged as (
    select
        *,
        case
            {{- key_rejection('order_items') }}
            {{ version_rejection('order_items') }}
            when contract_violation is not null then contract_violation
            when unit_price_reporting > {{ var('max_unit_price') }} then 'implausible_value:unit_price'
            when quantity < 0 then 'negative_quantity'
            when quantity = 0 then 'zero_quantity'
            when unit_price < 0 then 'negative_price'
            when discount_amount < 0 or discount_amount > cast(unit_price as decimal(38, 2)) * quantity
                then 'invalid_discount'
            when commission_amount < 0 or commission_amount > cast(unit_price as decimal(38, 2)) * quantity
                then 'invalid_commission'
            when not has_known_order then 'unknown_order'
            when order_rejection_reason is not null then 'parent_order_rejected'
            -- no rate published on or before the order's day: its amounts cannot be valued
            when unit_price_reporting is null then 'missing_rate'
            when is_test_seller then 'test_account'
        end as rejection_reason,
        -- the incremental key: the order, or for a line without one its landing day
        coalesce(
            order_id, 'null_key:' || coalesce(cast(landed_date as {{ dbt.type_string() }}), 'plain')
        ) as order_key
    from typed
)

select * from flagged
