-- How many buyers moved from each lifecycle stage to each stage between two dates, from
-- the lifecycle history alone: the stage in force on each date is the period with
-- valid_from <= date < valid_to. Vars: `transitions_from_date` (default: a month before
-- the second date) and `transitions_to_date` (default: the reference date), both on or
-- before the reference date. Buyers not yet known on the first date come from `not_known`.
{%- set from_date = var('transitions_from_date', none) %}
{%- set to_date = var('transitions_to_date', none) %}
with

history as (
    select * from {{ ref('buyer_lifecycle_history') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

to_dates as (
    select {{ "cast('" ~ to_date ~ "' as date)" if to_date else 'as_of_date' }} as to_date
    from reference
),

dates as (
    select
        {{ "cast('" ~ from_date ~ "' as date)" if from_date else
            'cast(' ~ dbt.dateadd('month', -1, 'to_date') ~ ' as date)' }} as from_date,
        to_date
    from to_dates
),

checkpoints as (
    select
        'from' as side,
        from_date as checkpoint_date
    from dates
    union all
    select
        'to' as side,
        to_date as checkpoint_date
    from dates
),

-- the period in force on each date: valid_from <= date < valid_to
checkpoint_stages as (
    select
        checkpoints.side,
        history.buyer_id,
        history.lifecycle_stage
    from history
    inner join checkpoints
        on
            history.valid_from <= checkpoints.checkpoint_date
            and (history.valid_to is null or history.valid_to > checkpoints.checkpoint_date)
),

moves as (
    select
        buyer_id,
        coalesce(max(case when side = 'from' then lifecycle_stage end), 'not_known') as from_stage,
        max(case when side = 'to' then lifecycle_stage end) as to_stage
    from checkpoint_stages
    group by 1
),

transitions as (
    select
        from_stage,
        to_stage,
        count(*) as buyers_count
    from moves
    group by 1, 2
)

select * from transitions
order by 1, 2
