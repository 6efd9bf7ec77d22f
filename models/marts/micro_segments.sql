{#- One row per micro-segment (SPEC 6) with its axes (the var `micro_segment_axes`), the cells
    merged into it and its KPIs. -#}
{%- set axes = var('micro_segment_axes') %}
with

member_values as (
    select * from {{ ref('int_buyer_micro_segments') }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

segments as (
    select
        micro_segment_key,
        lifecycle_stage,
        {%- for axis in axes %}
        max({{ axis }}) as {{ axis }},
        {%- endfor %}
        max(axes_kept_count) as axes_kept_count,
        count(distinct cell_key) as cells_count,
        count(*) as buyers_count,
        sum(orders_count) as orders_count,
        sum(monetary_total) as revenue_total,
        sum(sessions_count) as sessions_count,
        sum(converted_sessions_count) as converted_sessions_count,
        sum(case when purchases_365d > 0 then 1 else 0 end) as active_buyers_count,
        sum(case when is_contactable then 1 else 0 end) as contactable_buyers_count
    from member_values
    group by 1, 2
),

kpis as (
    select
        micro_segment_key,
        lifecycle_stage,
        {%- for axis in axes %}
        {{ axis }},
        {%- endfor %}
        axes_kept_count,
        case when axes_kept_count < {{ axes | length }} then cells_count else 0 end as merged_cells_count,
        buyers_count,
        cast(buyers_count as {{ type_double() }}) / sum(buyers_count) over () as pct_buyers,
        revenue_total,
        cast(revenue_total as {{ type_double() }}) / nullif(sum(revenue_total) over (), 0) as pct_revenue,
        {{ money_average('revenue_total', 'orders_count') }} as avg_order_value,
        cast(orders_count as {{ type_double() }}) / buyers_count as purchase_frequency,
        cast(converted_sessions_count as {{ type_double() }}) / nullif(sessions_count, 0)
            as conversion_rate,
        {{ money_average('revenue_total', 'buyers_count') }} as avg_customer_value,
        cast(active_buyers_count as {{ type_double() }}) / buyers_count as pct_retained,
        cast(contactable_buyers_count as {{ type_double() }}) / buyers_count as pct_contactable
    from segments
),

final as (
    select
        kpis.micro_segment_key,
        kpis.lifecycle_stage,
        {%- for axis in axes %}
        kpis.{{ axis }},
        {%- endfor %}
        kpis.axes_kept_count,
        kpis.merged_cells_count,
        kpis.buyers_count,
        kpis.pct_buyers,
        cast(kpis.revenue_total as decimal(18, 2)) as revenue_total,
        kpis.pct_revenue,
        cast(kpis.avg_order_value as decimal(18, 2)) as avg_order_value,
        kpis.purchase_frequency,
        kpis.conversion_rate,
        cast(kpis.avg_customer_value as decimal(18, 2)) as avg_customer_value,
        kpis.pct_retained,
        kpis.pct_contactable,
        reference.as_of_date
    from kpis
    cross join reference
)

select * from final
