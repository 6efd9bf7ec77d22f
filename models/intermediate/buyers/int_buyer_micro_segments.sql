{#- The micro-segment (SPEC 6) each buyer with a purchase ends in. A cell with fewer than
    `micro_segment_min_buyers` buyers merges into its parent, the cell without its last
    axis (`micro_segment_axes`, dropped from the end); the lifecycle stage is never dropped
    (a stage with too few buyers stays a small cell and says so). From the full cells
    down, level n places each buyer not placed yet in the cell keeping n axes (key_<n>)
    when that cell holds enough buyers not placed yet; level 0 places everyone left. -#}
{%- set axes = var('micro_segment_axes') %}
{%- set levels = axes | length %}
{%- set min_buyers = var('micro_segment_min_buyers') %}
with

cells as (
    select * from {{ ref('int_buyer_micro_segment_cells') }}
),

-- level {{ levels }}: the full cells large enough
level_{{ levels }} as (
    select
        *,
        count(*) over (partition by key_{{ levels }}) as cell_buyers_count,
        case when count(*) over (partition by key_{{ levels }}) >= {{ min_buyers }} then {{ levels }} end
            as placed_at_{{ levels }}
    from cells
),
{%- for level in range(levels - 1, 0, -1) %}

-- level {{ level }}: the buyers not placed yet, in the cells keeping {{ level }} axes
level_{{ level }} as (
    select
        *,
        case
            when placed_at_{{ level + 1 }} is not null then placed_at_{{ level + 1 }}
            when
                count(case when placed_at_{{ level + 1 }} is null then buyer_id end)
                    over (partition by key_{{ level }})
                >= {{ min_buyers }}
                then {{ level }}
        end as placed_at_{{ level }}
    from level_{{ level + 1 }}
),
{%- endfor %}

-- level 0: everyone left, in their lifecycle stage
placements as (
    select
        *,
        coalesce(placed_at_1, 0) as axes_kept_count
    from level_1
),

final as (
    select
        buyer_id,
        case axes_kept_count
            {%- for level in range(levels, -1, -1) %}
            when {{ level }} then key_{{ level }}
            {%- endfor %}
        end as micro_segment_key,
        axes_kept_count,
        key_{{ levels }} as cell_key,
        cell_buyers_count,
        {%- for axis in axes %}
        case when axes_kept_count >= {{ loop.index }} then {{ axis }} end as {{ axis }},
        {%- endfor %}
        lifecycle_stage,
        orders_count,
        monetary_total,
        purchases_365d,
        sessions_count,
        converted_sessions_count,
        is_contactable
    from placements
)

select * from final
