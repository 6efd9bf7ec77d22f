{#- The clean events, materialized and grown by landed partition (DECISIONS.md, "Clean events
    grow by actor and day"): delete+insert by actor and UTC day, the grain of the bot rule.
    An incremental run rebuilds the actor-days of base_marketplace__event_touched_days. A
    touched actor-day's rows come from the raw rows re-read, the rows of duplicated ids
    (ranked over every raw row by base_marketplace__event_duplicates) and the clean rows
    already loaded from older partitions, checked again against the bot days and test
    accounts; every touched actor-day also gets one placeholder row (null event_id) so that
    an actor-day left without a clean row is deleted, and the post-hook removes them. -#}
-- depends_on: {{ ref('base_marketplace__event_touched_days') }}
-- depends_on: {{ ref('base_marketplace__event_duplicates') }}
-- depends_on: {{ ref('base_marketplace__event_bot_days') }}
-- depends_on: {{ ref('base_marketplace__buyers') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['actor_id', 'activity_date'],
    post_hook="delete from {{ this }} where event_id is null",
) }}
{%- set columns = [
    'event_id', 'occurred_at', 'buyer_id', 'anonymous_id', 'session_id', 'event_type',
    'page_type', 'product_id', 'category', 'search_query', 'traffic_source', 'campaign',
    'device_type', 'is_app', 'actor_id', 'activity_date', 'landed_date',
] %}

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

-- the clean rows loaded from older partitions of the touched days, not re-read; a row of a
-- duplicated id comes again from the duplicates below, ranked over all its rows
kept as (
    select loaded.*
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
        not {{ landed_since('loaded.landed_date') }}
        and duplicated_ids.event_id is null
        and bot_days.actor_id is null
        and test_buyers.buyer_id is null
),

{% endif %}

clean as (
    select
        {%- for column in columns %}
        base.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from base
    -- landed_since is true on a full build
    where
        base.rejection_reason is null
        and {{ landed_since('base.landed_date') }}
),

{% if is_incremental() %}

-- the kept row of a duplicated id in a touched day, from an older partition (the base view
-- read again, not through the CTE `base`: a CTE read twice is materialised whole, which
-- would type every raw event instead of the landed partitions only)
duplicates_kept as (
    select
        {%- for column in columns %}
        duplicated.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('base_marketplace__events') }} as duplicated
    inner join touched_days
        on
            duplicated.actor_id = touched_days.actor_id
            and duplicated.activity_date = touched_days.activity_date
    where
        duplicated.rejection_reason is null
        and duplicated.is_duplicated_id
        and not {{ landed_since('duplicated.landed_date') }}
),

{% endif %}

loaded as (
    select * from clean
    {% if is_incremental() %}
    union all
    select
        {%- for column in columns %}
        kept.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from kept
    union all
    select * from duplicates_kept
    union all
    -- one placeholder per touched actor-day, deleted by the post-hook
    select
        {%- for column in columns %}
        {{ 'touched_days.' ~ column if column in ('actor_id', 'activity_date') else 'null' }} as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from touched_days
    {% endif %}
)

select * from loaded
