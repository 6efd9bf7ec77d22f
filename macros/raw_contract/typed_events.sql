{% macro typed_events(relation, test_buyers) -%}
    {#- The raw events of `relation` (raw.events or rows of it) typed and normalised, every
        column, with what the rules comparing rows need; `test_buyers` holds the buyer ids of
        test accounts. One list for base_marketplace__events_typed (every row) and
        base_marketplace__event_duplicates (only the rows of duplicated ids, filtered on
        the raw column before any cast, issue #14). -#}
    select
        {{ raw_value('events', 'event_id', relation) }} as event_id,
        {{ raw_value('events', 'occurred_at', relation) }} as occurred_at,
        {{ raw_value('events', 'buyer_id', relation) }} as buyer_id,
        {{ raw_value('events', 'anonymous_id', relation) }} as anonymous_id,
        {{ raw_value('events', 'session_id', relation) }} as session_id,
        lower({{ raw_value('events', 'event_type', relation) }}) as event_type,
        lower({{ raw_value('events', 'page_type', relation) }}) as page_type,
        {{ raw_value('events', 'product_id', relation) }} as product_id,
        lower({{ raw_value('events', 'category', relation) }}) as category,
        lower({{ raw_value('events', 'search_query', relation) }}) as search_query,
        lower({{ raw_value('events', 'traffic_source', relation) }}) as traffic_source,
        lower({{ raw_value('events', 'campaign', relation) }}) as campaign,
        lower({{ raw_value('events', 'device_type', relation) }}) as device_type,
        coalesce({{ raw_value('events', 'is_app', relation) }}, false) as is_app,
        {{ test_buyers }}.buyer_id is not null as is_test_buyer,
        {{ event_actor_id(relation) }} as actor_id,
        {{ event_activity_date(relation) }} as activity_date,
        {{ contract_violation('events', relation) }} as contract_violation,
        -- the raw partition's landing day (null for a plain file), for the incremental models
        {{ relation }}.landed_date
    from {{ relation }}
    left join {{ test_buyers }}
        on {{ raw_value('events', 'buyer_id', relation) }} = {{ test_buyers }}.buyer_id
{%- endmacro %}
