{#- Identifiable: every buyer known on the reference date has exactly one row and one
    stage in buyer_segments, and nobody else is there. -#}
with

known as (
    select buyer_id from {{ ref('int_buyers_known') }}
),

segments as (
    select
        buyer_id,
        count(*) as rows_count,
        count(lifecycle_stage) as stages_count
    from {{ ref('buyer_segments') }}
    group by 1
),

validation_errors as (
    select
        coalesce(known.buyer_id, segments.buyer_id) as buyer_id,
        segments.rows_count,
        segments.stages_count
    from known
    full outer join segments
        on known.buyer_id = segments.buyer_id
    where
        known.buyer_id is null
        or segments.buyer_id is null
        or segments.rows_count != 1
        or segments.stages_count != 1
)

select * from validation_errors
