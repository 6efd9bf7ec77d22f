{% test segments_differentiable(model, min_difference) %}
{#- Differentiable (SPEC 7), on segment_kpis: fails for every pair of segments of the
    same family whose KPIs over the window are all within `min_difference` of each other
    (relative): members, average order value, conversion rate and customer value at the
    last month. Such segments are one segment twice for marketing. -#}

with

kpis as (
    select
        *,
        max(month_start) over () as last_month_start
    from {{ model }}
),

segments as (
    select
        segment_family,
        segment_key,
        max(members_count) as members_count,
        case when sum(orders_count) > 0 then sum(revenue_total) / sum(orders_count) else 0 end
            as avg_order_value,
        case when sum(sessions_count) > 0 then 1.0 * sum(converted_sessions_count) / sum(sessions_count) else 0 end
            as conversion_rate,
        max(case when month_start = last_month_start then avg_customer_value end) as avg_customer_value
    from kpis
    group by 1, 2
),

pairs as (
    select
        first_segment.segment_family,
        first_segment.segment_key,
        second_segment.segment_key as similar_segment_key,
        {%- for kpi in ['members_count', 'avg_order_value', 'conversion_rate', 'avg_customer_value'] %}
        case
            when first_segment.{{ kpi }} = second_segment.{{ kpi }} then 0
            else
                abs(first_segment.{{ kpi }} - second_segment.{{ kpi }})
                / greatest(abs(first_segment.{{ kpi }}), abs(second_segment.{{ kpi }}))
        end as {{ kpi }}_difference{{ ',' if not loop.last }}
        {%- endfor %}
    from segments as first_segment
    inner join segments as second_segment
        on
            first_segment.segment_family = second_segment.segment_family
            and first_segment.segment_key < second_segment.segment_key
),

validation_errors as (
    select *
    from pairs
    where
        members_count_difference < {{ min_difference }}
        and avg_order_value_difference < {{ min_difference }}
        and conversion_rate_difference < {{ min_difference }}
        and avg_customer_value_difference < {{ min_difference }}
)

select * from validation_errors

{% endtest %}
