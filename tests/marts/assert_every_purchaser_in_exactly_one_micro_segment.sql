{#- Every buyer with a purchase is in exactly one micro-segment, and the micro-segments'
    sizes add up to the purchasers. -#}
with

purchasers as (
    select
        buyer_id,
        micro_segment_key
    from {{ ref('buyer_segments') }}
    where orders_count > 0
),

segments as (
    select
        micro_segment_key,
        buyers_count
    from {{ ref('micro_segments') }}
),

unplaced as (
    select purchasers.buyer_id
    from purchasers
    left join segments
        on purchasers.micro_segment_key = segments.micro_segment_key
    where segments.micro_segment_key is null
),

totals as (
    select
        (select count(*) from purchasers) as purchasers_count,
        (select sum(buyers_count) from segments) as placed_count
),

validation_errors as (
    select
        buyer_id,
        cast(null as {{ dbt.type_bigint() }}) as purchasers_count,
        cast(null as {{ dbt.type_bigint() }}) as placed_count
    from unplaced
    union all
    select
        cast(null as {{ dbt.type_string() }}) as buyer_id,
        purchasers_count,
        placed_count
    from totals
    where purchasers_count != placed_count
)

select * from validation_errors
