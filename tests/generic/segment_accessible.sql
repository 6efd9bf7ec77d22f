{% test segment_accessible(model, min_contactable_share) %}
{#- Accessible (SPEC 7), on segment_kpis: fails for every buyer segment whose share of
    contactable members (consent, e-mail, no erasure) is below `min_contactable_share`;
    a catalogue segment can set `meta.segment.quality.min_contactable_share`. -#}

with

kpis as (
    select * from {{ model }}
),

thresholds as (
    {{ catalogue_quality_thresholds('min_contactable_share', min_contactable_share) }}
),

segments as (
    select
        segment_family,
        segment_key,
        max(members_count) as members_count,
        max(pct_contactable) as pct_contactable
    from kpis
    where member_kind = 'buyer'
    group by 1, 2
),

checked as (
    select
        segments.*,
        {{ catalogue_threshold_for('segments', 'thresholds') }} as min_contactable_share
    from segments
),

validation_errors as (
    select *
    from checked
    where pct_contactable < min_contactable_share
)

select * from validation_errors

{% endtest %}
