{% test segment_stable(model, max_churn, min_previous_members=10) %}
{#- Stable (SPEC 7), on buyer_segment_memberships: fails for every segment whose churn
    against the previous run's memberships (kept by the on-run-start hook keep_previous_run
    in the source audit.previous_segment_memberships) is above `max_churn`: (buyers who
    entered + buyers who left) / buyers it had, for segments that had at least
    `min_previous_members`. A catalogue segment can set `meta.segment.quality.max_churn`.
    Nothing to compare on the first run. -#}
{%- set previous = source('audit', 'previous_segment_memberships') %}
{%- set previous_exists = adapter.get_relation(previous.database, previous.schema, previous.identifier) is not none %}

with

{%- if previous_exists %}

current_members as (
    select distinct
        segment_family,
        segment_key,
        buyer_id
    from {{ model }}
),

previous_members as (
    select distinct
        segment_family,
        segment_key,
        buyer_id
    from {{ previous }}
),

previous_sizes as (
    select
        segment_family,
        segment_key,
        count(*) as previous_members_count
    from previous_members
    group by 1, 2
),

changes as (
    select
        coalesce(current_members.segment_family, previous_members.segment_family) as segment_family,
        coalesce(current_members.segment_key, previous_members.segment_key) as segment_key,
        sum(case when previous_members.buyer_id is null then 1 else 0 end) as entered_count,
        sum(case when current_members.buyer_id is null then 1 else 0 end) as left_count
    from current_members
    full outer join previous_members
        on
            current_members.segment_family = previous_members.segment_family
            and current_members.segment_key = previous_members.segment_key
            and current_members.buyer_id = previous_members.buyer_id
    group by 1, 2
),

thresholds as (
    {{ catalogue_quality_thresholds('max_churn', max_churn) }}
),

checked as (
    select
        changes.segment_family,
        changes.segment_key,
        previous_sizes.previous_members_count,
        changes.entered_count,
        changes.left_count,
        1.0 * (changes.entered_count + changes.left_count) / previous_sizes.previous_members_count as churn,
        {{ catalogue_threshold_for('changes', 'thresholds') }} as max_churn
    from changes
    inner join previous_sizes
        on
            changes.segment_family = previous_sizes.segment_family
            and changes.segment_key = previous_sizes.segment_key
    where previous_sizes.previous_members_count >= {{ min_previous_members }}
),

validation_errors as (
    select *
    from checked
    where churn > max_churn
)

{%- else %}

validation_errors as (
    select 1 as nothing_to_compare
    where 1 = 0
)

{%- endif %}

select * from validation_errors

{% endtest %}
