{#- The rare-duplicate pattern: the event ids found on more than one raw row, by a narrow
    aggregate on the raw id column alone, then only their raw rows typed (filtered before
    any cast) and ranked by the contract's tie-break (version_rank): the window sorts a few
    rows instead of every event. Incremental by event id (DECISIONS.md, "Bot days,
    duplicates and touched days are incremental too"): a run ranks again every raw row of the ids a landed row carries
    (an id re-sent today may have its first row years ago: one scan of the raw id column,
    made when the model compiles, finds the landing days of their rows; the model then
    reads only those partitions) and of the ids held here whose buyer's account rows landed
    (the test-account flag). -#}
-- depends_on: {{ source('marketplace', 'buyers') }}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='event_id',
) }}

{%- if is_incremental() %}
{%- set partitions = event_id_partitions(event_ids_to_rank()) %}
{%- endif %}

with

-- the source read by separate CTEs, each once (a CTE read twice is materialised: a copy of
-- every raw row); on an incremental run, only the partitions of the duplicated ids' rows
source as (
    select * from {{ source('marketplace', 'events') }}
    {%- if is_incremental() %}
    where {{ partitions }}
    {%- endif %}
),

raw_ids as (
    select {{ raw_value('events', 'event_id', 'events') }} as event_id
    from {{ source('marketplace', 'events') }} as events
    {%- if is_incremental() %}
    where {{ partitions }}
    {%- endif %}
),

-- a test account in any of its versions
test_buyers as (
    select distinct buyer_id
    from {{ ref('base_marketplace__buyers') }}
    where rejection_reason = 'test_account'
),

{% if is_incremental() %}

landed_ids as (
    {{ event_ids_to_rank() | indent(4) }}
),

-- on an incremental run, only the raw rows of the landed ids are counted
candidate_ids as (
    select raw_ids.event_id
    from raw_ids
    where raw_ids.event_id in (select landed_ids.event_id from landed_ids)
),

{% else %}

candidate_ids as (
    select raw_ids.event_id
    from raw_ids
),

{% endif %}

duplicated_ids as (
    select event_id
    from candidate_ids
    where
        event_id is not null
    group by 1
    having count(*) > 1
),

duplicated_rows as (
    select source.*
    from source
    where {{ raw_value('events', 'event_id') }} in (select duplicated_ids.event_id from duplicated_ids)
),

typed as (
    {{ typed_events('duplicated_rows', 'test_buyers') | indent(4) }}
),

ranked as (
    select
        typed.*,
        -- a row with an actor before one without (rejected as no_actor): the event stays clean
        {{ version_rank(
            'events', 'typed', qualify=true,
            tiebreak_columns=['case when typed.actor_id is null then 1 else 0 end'],
        ) }} as duplicate_rank
    from typed
)

-- AM04: the columns are the typed events', which sqlfluff cannot count through their select *
select * from ranked  -- noqa: AM04
