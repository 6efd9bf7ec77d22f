{#- Anonymous ids linked to a buyer: the buyer of the earliest event (up to the reference
    date) that carries both ids; later events of the anonymous id count for that buyer. -#}
with

events as (
    select * from {{ ref('stg_marketplace__events') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

identified as (
    select
        events.anonymous_id,
        events.buyer_id,
        events.occurred_at
    from events
    cross join reference
    where
        events.anonymous_id is not null
        and events.buyer_id is not null
        and cast(events.occurred_at as date) <= reference.as_of_date
),

-- the earliest identified event (then the smallest buyer id): one aggregate, no window
links as (
    select
        anonymous_id,
        {{ min_by('buyer_id', ['occurred_at', 'buyer_id']) }} as buyer_id,
        min(occurred_at) as linked_at
    from identified
    group by 1
)

select * from links
