{% macro event_ids_to_rank() -%}
    {#- A `select` of the event ids an incremental run of base_marketplace__event_duplicates
        ranks again: those a raw row landed since the cutoff carries, and those the model
        holds whose buyer's account rows landed (the test-account flag is part of the row).
        Reads `this`: only for the model's incremental branch. -#}
    select {{ raw_value('events', 'event_id', 'landed') }} as event_id
    from {{ source('marketplace', 'events') }} as landed
    where {{ landed_since('landed.landed_date') }}
    union
    select loaded.event_id
    from {{ this }} as loaded
    where loaded.buyer_id in (
        select {{ raw_value('buyers', 'buyer_id', relation='buyers') }}
        from {{ source('marketplace', 'buyers') }} as buyers
        where {{ landed_since('buyers.landed_date') }}
    )
{%- endmacro %}
