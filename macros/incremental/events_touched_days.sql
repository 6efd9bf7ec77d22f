{% macro events_touched_days(loaded) -%}
    {#- A select of the actor-days (actor_id, activity_date) an incremental run of the events
        path rebuilds (see _incremental__macros.yml): those of the raw events landed since
        the cutoff (landed_since), those holding a row of an event id re-sent in them (the
        duplicate rule's kept row may move to another day), and the loaded actor-days of a
        buyer whose account rows landed (a test account rejects every event). `loaded` is the
        incremental model's own relation, with actor_id, activity_date and landed_date. -#}
    select
        landed.actor_id,
        landed.activity_date
    from {{ ref('base_marketplace__events_typed') }} as landed
    where
        landed.actor_id is not null
        and landed.activity_date is not null
        and {{ landed_since('landed.landed_date') }}
    union
    select
        duplicates.actor_id,
        duplicates.activity_date
    from {{ ref('base_marketplace__event_duplicates') }} as duplicates
    where
        duplicates.actor_id is not null
        and duplicates.activity_date is not null
        and duplicates.event_id in (
            select landed_ids.event_id
            from {{ ref('base_marketplace__events_typed') }} as landed_ids
            where {{ landed_since('landed_ids.landed_date') }}
        )
    union
    select
        loaded.actor_id,
        loaded.activity_date
    from {{ loaded }} as loaded
    where loaded.actor_id in (
        select {{ raw_value('buyers', 'buyer_id', relation='buyers') }}
        from {{ source('marketplace', 'buyers') }} as buyers
        where {{ landed_since('buyers.landed_date') }}
    )
{%- endmacro %}
