{#- The actor-days (actor_id, activity_date) that an incremental run of the events path
    rebuilds, computed once for the four models grown by actor and day
    (stg_marketplace__events, int_session_days, int_anonymous_id_link_days,
    base_marketplace__event_rejections), before they
    run: read by relation, not ref() (they come after this model), and the earliest of their
    cutoffs (landed_cutoff) applies. The days of the raw events landed since the cutoff (from
    the narrow counts), those holding a row of an event id a landed row re-sends (the
    duplicate rule's kept row may move to another day), and the loaded actor-days of a buyer
    whose account rows landed (a test account rejects all its events). Empty on a full
    refresh or before the consumers exist: they then build every day. -#}
-- depends_on: {{ source('marketplace', 'buyers') }}
-- depends_on: {{ ref('base_marketplace__event_duplicates') }}
{%- set consumers = built_relations(
    ['stg_marketplace__events', 'int_session_days', 'int_anonymous_id_link_days',
     'base_marketplace__event_rejections']) %}
{#- the cutoff: the three models holding a row of every partition (the rejected events may
    hold none of the latest; they take the clean events' cutoff) -#}
{%- set cutoff_from = built_relations(
    ['stg_marketplace__events', 'int_session_days', 'int_anonymous_id_link_days']) %}
{#- none when the consumers are rebuilt in full (Spark: incremental_materialization) -#}
{%- set incremental = cutoff_from | length > 0 and not flags.FULL_REFRESH
    and incremental_materialization() == 'incremental' %}

with

counts as (
    select * from {{ ref('base_marketplace__event_actor_day_counts') }}
),

{% if incremental %}

duplicates as (
    select * from {{ ref('base_marketplace__event_duplicates') }}
),

landed_buyers as (
    select {{ raw_value('buyers', 'buyer_id', relation='buyers') }} as buyer_id
    from {{ source('marketplace', 'buyers') }} as buyers
    where {{ landed_since('buyers.landed_date', cutoff_from) }}
),

touched as (
    select
        counts.actor_id,
        counts.activity_date
    from counts
    where {{ landed_since('counts.landed_date', cutoff_from) }}
    union
    select
        duplicates.actor_id,
        duplicates.activity_date
    from duplicates
    where
        duplicates.actor_id is not null
        and duplicates.activity_date is not null
        and duplicates.event_id in (
            select landed.event_id
            from duplicates as landed
            where {{ landed_since('landed.landed_date', cutoff_from) }}
        )
    {%- for consumer in consumers %}
    union
    select
        loaded.actor_id,
        loaded.activity_date
    from {{ consumer }} as loaded
    where
        loaded.actor_id in (select landed_buyers.buyer_id from landed_buyers)
        -- a rejected event without a day has no actor-day (it is keyed by its landing day)
        and loaded.activity_date is not null
    {%- endfor %}
)

{% else %}

touched as (
    select
        counts.actor_id,
        counts.activity_date
    from counts
    where false
)

{% endif %}

select * from touched
