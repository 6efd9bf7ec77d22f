{#- The raw events rejected one by one, kept so that the audit does not type every raw event
    again each day (DECISIONS.md, "Rejected events are kept by actor and day"): every rejected
    row but the bot days' (counted per day in base_marketplace__event_bot_days) and the rows
    of duplicated ids (ranked over all their rows in base_marketplace__event_duplicates, read
    by rejected_rows from there). Grown like stg_marketplace__events: delete+insert by actor
    and UTC day over the actor-days of base_marketplace__event_touched_days, a row without
    an actor or a day by its landing day (its reason depends on itself only). A touched
    day's older rows are checked again: a day turned bot drops the rows that a rule after
    `bot` rejected, a buyer turned test account makes `test_account` the reason of the rows
    rejected after that rule and of the clean rows of that day, read from
    stg_marketplace__events before it is rebuilt (it runs after this model). The cutoff
    is the clean events' (this table may hold no row of the latest partitions), and the
    post-hooks remove the placeholders and the rows of ids re-sent since, and flag the rows
    of buyers turned test account that no touched day holds (a row without a day). -#}
-- depends_on: {{ ref('base_marketplace__event_touched_days') }}
-- depends_on: {{ ref('base_marketplace__event_duplicates') }}
-- depends_on: {{ ref('base_marketplace__event_bot_days') }}
-- depends_on: {{ ref('base_marketplace__buyers') }}
-- depends_on: {{ source('marketplace', 'buyers') }}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='rejection_key',
    post_hook=incremental_hooks([
        "delete from {{ this }} where rejection_reason is null",
        "delete from {{ this }} where event_id in
            (select event_id from {{ ref('base_marketplace__event_duplicates') }})",
        "update {{ this }} set is_test_buyer = true where not is_test_buyer and buyer_id in
            (select buyer_id from {{ ref('base_marketplace__buyers') }} where rejection_reason = 'test_account')",
    ]),
) }}

{#- the reasons of rules after `bot` (base_marketplace__events' order): the only ones a
    later bot day or test account replaces -#}
{%- set after_bot = ['test_account', 'unknown_event_type', 'future_timestamp', 'before_launch'] %}
{#- the landing days read again: from the clean events' cutoff, which holds every partition
    (this model runs right before them); none on a full build (every row) -#}
{%- set cutoff_from = built_relations(['stg_marketplace__events']) if is_incremental() else none %}
{%- if execute and is_incremental() and not cutoff_from %}
{{- exceptions.raise_compiler_error(
    this ~ " is incremental but stg_marketplace__events is not built: run with --full-refresh") }}
{%- endif %}

with

base as (
    select * from {{ ref('base_marketplace__events') }}
),

{% if is_incremental() %}

duplicated_ids as (
    select distinct event_id from {{ ref('base_marketplace__event_duplicates') }}
),

touched_days as (
    select * from {{ touched_days() }}
),

bot_days as (
    select * from {{ ref('base_marketplace__event_bot_days') }}
),

test_buyers as (
    select distinct buyer_id
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason = 'test_account'
),

-- the rejected rows of the touched days loaded from older partitions, checked again
kept as (
    select
        loaded.event_id,
        loaded.occurred_at,
        loaded.buyer_id,
        loaded.anonymous_id,
        loaded.session_id,
        loaded.event_type,
        loaded.page_type,
        loaded.product_id,
        loaded.category,
        loaded.search_query,
        loaded.traffic_source,
        loaded.campaign,
        loaded.device_type,
        loaded.is_app,
        loaded.is_test_buyer or test_buyers.buyer_id is not null as is_test_buyer,
        loaded.actor_id,
        loaded.activity_date,
        loaded.contract_violation,
        loaded.landed_date,
        loaded.is_duplicated_id,
        case
            when
                test_buyers.buyer_id is not null
                and loaded.rejection_reason in {{ sql_list(after_bot) }}
                then 'test_account'
            else loaded.rejection_reason
        end as rejection_reason
    from {{ this }} as loaded
    inner join touched_days
        on
            loaded.actor_id = touched_days.actor_id
            and loaded.activity_date = touched_days.activity_date
    left join duplicated_ids
        on loaded.event_id = duplicated_ids.event_id
    left join bot_days
        on
            loaded.actor_id = bot_days.actor_id
            and loaded.activity_date = bot_days.activity_date
    left join test_buyers
        on loaded.buyer_id = test_buyers.buyer_id
    where
        not {{ landed_since('loaded.landed_date', cutoff_from) }}
        and duplicated_ids.event_id is null
        and (bot_days.actor_id is null or loaded.rejection_reason not in {{ sql_list(after_bot) }})
),

{#- the buyers turned test account by the account rows landed since the cutoff, as constants:
    the clean events (76 M rows at 1 M buyers) are then read through a filter on one column
    instead of a join (a buyer turned test account in an earlier run has no clean row left) -#}
{%- set turned_test_ids = buyers_turned_test(cutoff_from) %}
{%- if turned_test_ids %}

-- the clean rows of the touched days loaded from older partitions whose buyer turned test
-- account (stg_marketplace__events as the last run left it)
turned_test as (
    select
        clean.event_id,
        clean.occurred_at,
        clean.buyer_id,
        clean.anonymous_id,
        clean.session_id,
        clean.event_type,
        clean.page_type,
        clean.product_id,
        clean.category,
        clean.search_query,
        clean.traffic_source,
        clean.campaign,
        clean.device_type,
        clean.is_app,
        true as is_test_buyer,
        clean.actor_id,
        clean.activity_date,
        cast(null as {{ dbt.type_string() }}) as contract_violation,
        clean.landed_date,
        false as is_duplicated_id,
        'test_account' as rejection_reason
    from {{ cutoff_from[0] }} as clean
    inner join touched_days
        on
            clean.actor_id = touched_days.actor_id
            and clean.activity_date = touched_days.activity_date
    left join duplicated_ids
        on clean.event_id = duplicated_ids.event_id
    left join bot_days
        on
            clean.actor_id = bot_days.actor_id
            and clean.activity_date = bot_days.activity_date
    -- already moved here by a run whose clean events were not rebuilt (it failed)
    left join {{ this }} as held
        on clean.event_id = held.event_id
    where
        clean.buyer_id in {{ sql_list(turned_test_ids) }}
        and not {{ landed_since('clean.landed_date', cutoff_from) }}
        and duplicated_ids.event_id is null
        and bot_days.actor_id is null
        and held.event_id is null
),

{%- endif %}

{% endif %}

landed as (
    select
        base.event_id,
        base.occurred_at,
        base.buyer_id,
        base.anonymous_id,
        base.session_id,
        base.event_type,
        base.page_type,
        base.product_id,
        base.category,
        base.search_query,
        base.traffic_source,
        base.campaign,
        base.device_type,
        base.is_app,
        base.is_test_buyer,
        base.actor_id,
        base.activity_date,
        base.contract_violation,
        base.landed_date,
        base.is_duplicated_id,
        base.rejection_reason
    from base
    -- landed_since is true on a full build
    where
        base.rejection_reason is not null
        and base.rejection_reason != 'bot'
        and not base.is_duplicated_id
        and {{ landed_since('base.landed_date', cutoff_from) }}
),

unioned as (
    select * from landed
    {% if is_incremental() %}
    union all
    select * from kept
    {%- if turned_test_ids %}
    union all
    select * from turned_test
    {%- endif %}
    union all
    -- one placeholder per touched actor-day, deleted by the post-hook
    select
        null as event_id,
        null as occurred_at,
        null as buyer_id,
        null as anonymous_id,
        null as session_id,
        null as event_type,
        null as page_type,
        null as product_id,
        null as category,
        null as search_query,
        null as traffic_source,
        null as campaign,
        null as device_type,
        null as is_app,
        null as is_test_buyer,
        touched_days.actor_id,
        touched_days.activity_date,
        null as contract_violation,
        null as landed_date,
        null as is_duplicated_id,
        null as rejection_reason
    from touched_days
    {% endif %}
),

keyed as (
    select
        unioned.*,
        -- the incremental key: the actor-day, else the landing day (a plain file's rows: 'plain')
        {%- set actor_day = dbt.concat([
            "'actor#'", 'unioned.actor_id', "'#'", dbt.cast('unioned.activity_date', dbt.type_string()),
        ]) %}
        {%- set landing_day = "coalesce(" ~ dbt.cast('unioned.landed_date', dbt.type_string()) ~ ", 'plain')" %}
        case
            when unioned.actor_id is not null and unioned.activity_date is not null
                then {{ actor_day }}
            else {{ dbt.concat(["'landed#'", landing_day]) }}
        end as rejection_key
    from unioned
)

select * from keyed
