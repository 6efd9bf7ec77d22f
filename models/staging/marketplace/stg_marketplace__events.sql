{#- The clean events, materialized and grown by landed partition (DECISIONS.md, "Clean events
    grow by actor and day"): delete+insert by actor and UTC day, the grain of the bot rule.
    An incremental run rebuilds the actor-days of base_marketplace__event_touched_days. A
    touched actor-day's rows come from the raw rows re-read, the rows of duplicated ids
    (ranked over every raw row by base_marketplace__event_duplicates) and the clean rows
    already loaded from older partitions, checked again against the bot days and test
    accounts; every touched actor-day also gets one placeholder row (null event_id) so that
    an actor-day left without a clean row is deleted, and the post-hook removes them. -#}
-- depends_on: {{ ref('base_marketplace__event_touched_days') }}
-- runs after the rejected events, which read the clean rows a buyer turned test account leaves
-- depends_on: {{ ref('base_marketplace__event_rejections') }}
-- depends_on: {{ ref('base_marketplace__event_duplicates') }}
-- depends_on: {{ ref('base_marketplace__event_bot_days') }}
-- depends_on: {{ ref('base_marketplace__buyers') }}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['actor_id', 'activity_date'],
    post_hook=incremental_hooks(["delete from {{ this }} where event_id is null"]),
) }}

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
        base.actor_id,
        base.activity_date,
        base.landed_date
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
        duplicated.event_id,
        duplicated.occurred_at,
        duplicated.buyer_id,
        duplicated.anonymous_id,
        duplicated.session_id,
        duplicated.event_type,
        duplicated.page_type,
        duplicated.product_id,
        duplicated.category,
        duplicated.search_query,
        duplicated.traffic_source,
        duplicated.campaign,
        duplicated.device_type,
        duplicated.is_app,
        duplicated.actor_id,
        duplicated.activity_date,
        duplicated.landed_date
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
        kept.event_id,
        kept.occurred_at,
        kept.buyer_id,
        kept.anonymous_id,
        kept.session_id,
        kept.event_type,
        kept.page_type,
        kept.product_id,
        kept.category,
        kept.search_query,
        kept.traffic_source,
        kept.campaign,
        kept.device_type,
        kept.is_app,
        kept.actor_id,
        kept.activity_date,
        kept.landed_date
    from kept
    union all
    select * from duplicates_kept
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
        touched_days.actor_id,
        touched_days.activity_date,
        null as landed_date
    from touched_days
    {% endif %}
)

select * from loaded
