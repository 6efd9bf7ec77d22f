{#- The micro-segment (SPEC 6) each buyer with a purchase ends in. A cell with fewer than
    `micro_segment_min_buyers` buyers merges into its parent, the cell without its last
    axis (`micro_segment_axes`, dropped from the end); the lifecycle stage is never dropped
    (a stage with too few buyers stays a small cell and says so). Level n keeps n axes:
    from the full cells down, each level places the buyers not placed deeper whose key at
    that level has enough of them; level 0 places everyone left. -#}
{%- set axes = var('micro_segment_axes') %}
{%- set levels = axes | length %}
with

cells as (
    select * from {{ ref('int_buyer_micro_segment_cells') }}
),

-- the full cells, before any merge
cell_sizes as (
    select
        key_{{ levels }} as cell_key,
        count(*) as cell_buyers_count
    from cells
    group by 1
),

remaining_{{ levels }} as (
    select * from cells
),
{%- for level in range(levels, -1, -1) %}

-- level {{ level }}: cells keeping {{ level }} axes, over the buyers not placed deeper
sizes_{{ level }} as (
    select
        key_{{ level }} as micro_segment_key,
        count(*) as buyers_count
    from remaining_{{ level }}
    group by 1
),

placed_{{ level }} as (
    select
        remaining_{{ level }}.buyer_id,
        remaining_{{ level }}.key_{{ level }} as micro_segment_key,
        remaining_{{ level }}.key_{{ levels }} as cell_key,
        {{ level }} as axes_kept_count
    from remaining_{{ level }}
    inner join sizes_{{ level }}
        on remaining_{{ level }}.key_{{ level }} = sizes_{{ level }}.micro_segment_key
    {%- if level > 0 %}
    where sizes_{{ level }}.buyers_count >= {{ var('micro_segment_min_buyers') }}
    {%- endif %}
),
{%- if level > 0 %}

remaining_{{ level - 1 }} as (
    select remaining_{{ level }}.*
    from remaining_{{ level }}
    left join placed_{{ level }}
        on remaining_{{ level }}.buyer_id = placed_{{ level }}.buyer_id
    where placed_{{ level }}.buyer_id is null
),
{%- endif %}
{%- endfor %}

placements as (
    {%- for level in range(levels, -1, -1) %}
    select * from placed_{{ level }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        placements.buyer_id,
        placements.micro_segment_key,
        placements.axes_kept_count,
        placements.cell_key,
        cell_sizes.cell_buyers_count,
        {%- for axis in axes %}
        case when placements.axes_kept_count >= {{ loop.index }} then cells.{{ axis }} end as {{ axis }},
        {%- endfor %}
        cells.lifecycle_stage,
        cells.orders_count,
        cells.monetary_total,
        cells.purchases_365d,
        cells.sessions_count,
        cells.converted_sessions_count,
        cells.is_contactable
    from placements
    inner join cells
        on placements.buyer_id = cells.buyer_id
    inner join cell_sizes
        on placements.cell_key = cell_sizes.cell_key
)

select * from final
