{#- Every micro-segment's lifecycle stage is one of the stages of the macro
    lifecycle_stages (the one list); the model's YAML tests only that it is not null. -#}
with

micro_segments as (
    select * from {{ ref('micro_segments') }}
),

validation_errors as (
    select
        micro_segment_key,
        lifecycle_stage
    from micro_segments
    -- a stage outside the list
    where lifecycle_stage not in ('{{ lifecycle_stages() | join("', '") }}')
)

select * from validation_errors
