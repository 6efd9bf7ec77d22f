{#- The rare-duplicate pattern: the event ids found on more than one raw row, by a narrow
    aggregate, then only their rows ranked by the contract's tie-break (version_rank): the
    window sorts a few rows instead of every event. -#}
with

typed as (
    select * from {{ ref('base_marketplace__events_typed') }}
),

duplicated_ids as (
    select event_id
    from typed
    where event_id is not null
    group by 1
    having count(*) > 1
),

ranked as (
    select
        typed.*,
        {{ version_rank('events', 'typed', qualify=true) }} as duplicate_rank
    from typed
    inner join duplicated_ids
        on typed.event_id = duplicated_ids.event_id
)

-- AM04: the columns are the typed events', which sqlfluff cannot count through their select *
select * from ranked  -- noqa: AM04
