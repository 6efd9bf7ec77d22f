{#- The raw events typed once, every column, before any rule that needs other rows: a view,
    read by base_marketplace__events (macro typed_events, which the duplicates model also
    uses for its few rows; the bot rule's counts read their three raw columns themselves). -#}
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
