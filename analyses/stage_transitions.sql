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

from_stages as (
    select
        history.buyer_id,
        history.lifecycle_stage
    from history
    cross join dates
    where
        history.valid_from <= dates.from_date
        and (history.valid_to is null or history.valid_to > dates.from_date)
),

to_stages as (
    select
        history.buyer_id,
        history.lifecycle_stage
    from history
    cross join dates
    where
        history.valid_from <= dates.to_date
        and (history.valid_to is null or history.valid_to > dates.to_date)
),

transitions as (
    select
        coalesce(from_stages.lifecycle_stage, 'not_known') as from_stage,
        to_stages.lifecycle_stage as to_stage,
        count(*) as buyers_count
    from to_stages
    left join from_stages
        on to_stages.buyer_id = from_stages.buyer_id
    group by 1, 2
)

select * from transitions
order by 1, 2
