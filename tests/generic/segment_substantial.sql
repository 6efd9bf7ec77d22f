{% test segment_substantial(model, min_members, min_revenue_share=0) %}
{#- Substantial (SPEC 7), on segment_kpis: fails for every segment with fewer members
    than `min_members`, or whose revenue over the KPI window is a smaller share of all
    revenue (GMV for seller tiers) than `min_revenue_share`. A catalogue segment can set
    its own `meta.segment.quality.min_members` / `min_revenue_share` in its YAML. -#}

with

kpis as (
    select * from {{ model }}
),

min_members_thresholds as (
    {{ catalogue_quality_thresholds('min_members', min_members) }}
),

min_revenue_share_thresholds as (
    {{ catalogue_quality_thresholds('min_revenue_share', min_revenue_share) }}
),

-- lifecycle stages partition the buyers, tiers the sellers: their sum is the whole
totals as (
    select
        member_kind,
        sum(revenue) as revenue_total
    from kpis
    where segment_family in ('lifecycle_stage', 'seller_tier')
    group by 1
),

segments as (
    select
        segment_family,
        segment_key,
        member_kind,
        max(members_count) as members_count,
        sum(revenue) as revenue
    from kpis
    group by 1, 2, 3
),

checked as (
    select
        segments.segment_family,
        segments.segment_key,
        segments.members_count,
        case when totals.revenue_total > 0 then segments.revenue / totals.revenue_total else 0 end
            as revenue_share,
        {{ catalogue_threshold_for('segments', 'min_members_thresholds') }} as min_members,
        {{ catalogue_threshold_for('segments', 'min_revenue_share_thresholds') }} as min_revenue_share
    from segments
    inner join totals
        on segments.member_kind = totals.member_kind
),

validation_errors as (
    select *
    from checked
    where
        members_count < min_members
        or revenue_share < min_revenue_share
)

select * from validation_errors

{% endtest %}
