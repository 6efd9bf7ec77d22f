{#- Micro-segments (SPEC 6) of the buyers with a purchase. A cell crosses the lifecycle
    stage with six descriptive axes; a cell with fewer than `micro_segment_min_buyers`
    buyers merges into its parent, the cell without its last axis. Axes are dropped in
    this order: price sensitivity, main device, country, gender, age band, favourite
    category; the lifecycle stage is never dropped (a stage with too few buyers stays a
    small cell and says so). -#}
{%- set axes = ['favourite_category', 'age_band', 'gender', 'country', 'main_device_type', 'price_sensitivity'] %}
{%- set levels = axes | length %}
{#- key_<n>: the lifecycle stage and the first n axes, the others as '*' -#}
{%- set keys = [] %}
{%- for level in range(levels + 1) %}
{%- set pieces = ['lifecycle_stage'] %}
{%- for axis in axes %}
{%- do pieces.extend(["'|'", axis if loop.index <= level else "'*'"]) %}
{%- endfor %}
{%- do keys.append(dbt.concat(pieces)) %}
{%- endfor %}
with

metrics as (
    select * from {{ ref('int_buyer_purchase_metrics') }}
),

buyers as (
    select * from {{ ref('int_buyers_known') }}
),

behaviour as (
    select * from {{ ref('int_buyer_behaviour') }}
),

lifecycle as (
    select * from {{ ref('int_buyer_lifecycle_snapshots') }}
    where is_reference_date
),

described as (
    select
        metrics.buyer_id,
        lifecycle.lifecycle_stage,
        coalesce(behaviour.favourite_category, 'unknown') as favourite_category,
        coalesce(buyers.age_band, 'unknown') as age_band,
        coalesce(buyers.gender, 'unknown') as gender,
        coalesce(buyers.country_code, 'unknown') as country,
        coalesce(behaviour.main_device_type, 'unknown') as main_device_type,
        case
            when metrics.pct_revenue_discounted is null then 'unknown'
            when metrics.pct_revenue_discounted >= {{ var('price_sensitive_min_share') }} then 'high'
            when metrics.pct_revenue_discounted > 0 then 'medium'
            else 'low'
        end as price_sensitivity,
        -- what the micro-segment KPIs sum up
        metrics.orders_count,
        metrics.monetary_total,
        metrics.purchases_365d,
        coalesce(behaviour.sessions_count, 0) as sessions_count,
        coalesce(behaviour.converted_sessions_count, 0) as converted_sessions_count,
        coalesce(buyers.is_contactable, false) as is_contactable
    from metrics
    inner join lifecycle
        on metrics.buyer_id = lifecycle.buyer_id
    left join buyers
        on metrics.buyer_id = buyers.buyer_id
    left join behaviour
        on metrics.buyer_id = behaviour.buyer_id
),

keyed as (
    select
        {%- for level in range(levels + 1) %}
        {{ keys[level] }} as key_{{ level }},
        {%- endfor %}
        *
    from described
),

-- the full cells, before any merge
cells as (
    select
        key_{{ levels }} as cell_key,
        count(*) as cell_buyers_count
    from keyed
    group by 1
),

remaining_{{ levels }} as (
    select * from keyed
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
        cells.cell_buyers_count,
        {%- for axis in axes %}
        case when placements.axes_kept_count >= {{ loop.index }} then keyed.{{ axis }} end as {{ axis }},
        {%- endfor %}
        keyed.lifecycle_stage,
        keyed.orders_count,
        keyed.monetary_total,
        keyed.purchases_365d,
        keyed.sessions_count,
        keyed.converted_sessions_count,
        keyed.is_contactable
    from placements
    inner join keyed
        on placements.buyer_id = keyed.buyer_id
    inner join cells
        on placements.cell_key = cells.cell_key
)

select * from final
