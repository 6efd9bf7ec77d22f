{#- Identifiable (SPEC 7): every buyer known on the reference date has exactly one row and
    one stage in buyer_segments and exactly one lifecycle_stage membership, the same
    stage, and nobody else is in either. -#}
with

known as (
    select buyer_id from {{ ref('int_buyers_known') }}
),

segments as (
    select
        buyer_id,
        count(*) as rows_count,
        count(lifecycle_stage) as stages_count,
        max(lifecycle_stage) as lifecycle_stage
    from {{ ref('buyer_segments') }}
    group by 1
),

memberships as (
    select
        buyer_id,
        count(*) as stage_memberships_count,
        max(segment_key) as lifecycle_stage
    from {{ ref('buyer_segment_memberships') }}
    where segment_family = 'lifecycle_stage'
    group by 1
),

validation_errors as (
    select
        coalesce(known.buyer_id, segments.buyer_id, memberships.buyer_id) as buyer_id,
        segments.rows_count,
        segments.stages_count,
        memberships.stage_memberships_count,
        segments.lifecycle_stage,
        memberships.lifecycle_stage as membership_stage
    from known
    full outer join segments
        on known.buyer_id = segments.buyer_id
    full outer join memberships
        on coalesce(known.buyer_id, segments.buyer_id) = memberships.buyer_id
    where
        known.buyer_id is null
        or segments.buyer_id is null
        or memberships.buyer_id is null
        or segments.rows_count != 1
        or segments.stages_count != 1
        or memberships.stage_memberships_count != 1
        or segments.lifecycle_stage != memberships.lifecycle_stage
)

select * from validation_errors
