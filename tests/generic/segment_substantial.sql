{% test segment_substantial(model, catalogue, min_members, min_revenue_share=0) %}
{#- Substantial (SPEC 7), on segment_kpis: fails for every segment with fewer members
    than `min_members`, or whose revenue over the KPI window is a smaller share of all
    revenue (GMV for seller tiers) than `min_revenue_share`. A catalogue segment can set
    its own `meta.segment.quality.min_members` / `min_revenue_share` in its YAML. Every
    segment the `catalogue` (segment_catalogue) declares is checked: one without any
    member has no KPI row and is reported with 0 members (a family, e.g.
    `delivery_<method>`, when none of its keys has a member). -#}

with

kpis as (
    select * from {{ model }}
),

declared as (
    select * from {{ catalogue }}
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
        sum(revenue_total) as all_members_revenue_total
    from kpis
    where segment_family in ('lifecycle_stage', 'seller_tier')
    group by 1
),

reported as (
    select
        segment_family,
        segment_key,
        member_kind,
        max(members_count) as members_count,
        sum(revenue_total) as revenue_total
    from kpis
    group by 1, 2, 3
),

-- a declared catalogue segment without a member: no KPI row, reported with 0 members
empty_catalogue_segments as (
    select
        'catalogue' as segment_family,
        declared.segment_key,
        'buyer' as member_kind,
        0 as members_count,
        0 as revenue_total
    from declared
    where not exists (
        select 1
        from reported
        where
            reported.segment_family = 'catalogue'
            and (
                reported.segment_key = declared.segment_key
                or (
                    declared.is_family
                    and substr(reported.segment_key, 1, {{ dbt.length('declared.segment_key') }} + 1)
                    = {{ dbt.concat(['declared.segment_key', "'_'"]) }}
                )
            )
    )
),

segments as (
    select * from reported
    union all
    select * from empty_catalogue_segments
),

checked as (
    select
        segments.segment_family,
        segments.segment_key,
        segments.members_count,
        case
            when totals.all_members_revenue_total > 0
                then segments.revenue_total / totals.all_members_revenue_total
            else 0
        end
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
