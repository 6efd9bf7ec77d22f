{#- Every micro-segment's lifecycle stage is one of the stages of the macro
    lifecycle_stages (the one list); the model's YAML tests only that it is not null. -#}
with

micro_segments as (
    select * from {{ ref('micro_segments') }}
),

stages as (
    {%- for stage in lifecycle_stages() %}
    select '{{ stage }}' as lifecycle_stage
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

validation_errors as (
    select
        micro_segments.micro_segment_key,
        micro_segments.lifecycle_stage
    from micro_segments
    left join stages
        on micro_segments.lifecycle_stage = stages.lifecycle_stage
    -- a stage outside the list
    where stages.lifecycle_stage is null
)

select * from validation_errors
