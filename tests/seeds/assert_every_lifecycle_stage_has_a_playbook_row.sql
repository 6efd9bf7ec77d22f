{#- Actionable: every lifecycle stage has a row in the lifecycle_playbook seed. -#}
with

stages as (
    {%- for stage in lifecycle_stages() %}
    select '{{ stage }}' as lifecycle_stage
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

validation_errors as (
    select stages.lifecycle_stage
    from stages
    left join {{ ref('lifecycle_playbook') }} as playbook
        on stages.lifecycle_stage = playbook.lifecycle_stage
    where playbook.lifecycle_stage is null
)

select * from validation_errors
