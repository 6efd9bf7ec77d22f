{#- The raw events typed once, every column, before any rule that needs other rows: a view,
    read by the narrow bot-day and duplicate models and by base_marketplace__events, each
    scanning only the columns it needs (DECISIONS.md, "The events path at scale"). -#}
{{ config(materialized='view') }}

with

source as (
    select * from {{ source('marketplace', 'events') }}
),

-- a test account in any of its versions
test_buyers as (
    select distinct buyer_id
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason = 'test_account'
),

typed as (
    {{ typed_events('source', 'test_buyers') | indent(4) }}
)

select * from typed
