{#- One row per catalogue segment model, with what its YAML declares: the catalogue
    documented from dbt's graph (every model of models/marts/segments/), for BI tools and
    the CRM. -#}
-- built after the memberships, so that the catalogue is a descendant of every listed
-- segment: `dbt build -s +buyer_segment_memberships+` rebuilds it too
-- depends_on: {{ ref('buyer_segment_memberships') }}
with

reference as (
    select * from {{ ref('int_reference_date') }}
),

definitions as (
    {%- for node in catalogue_segment_nodes() %}
    {%- set segment = catalogue_segment_meta(node) %}
    select
        '{{ segment.key }}' as segment_key,
        '{{ node.name }}' as segment_model,
        '{{ segment.label | replace("'", "''") }}' as segment_label,
        '{{ node.description | trim | replace("'", "''") }}' as segment_description,
        '{{ segment.owner | replace("'", "''") }}' as owner,
        '{{ segment.playbook_goal }}' as playbook_goal,
        {{ 'true' if 'category' in node.columns else 'false' }} as is_per_category,
        {{ 'true' if 'variant' in node.columns else 'false' }} as is_family
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    {#- while dbt parses (the graph is empty) -#}
    select
        cast(null as {{ dbt.type_string() }}) as segment_key,
        cast(null as {{ dbt.type_string() }}) as segment_model,
        cast(null as {{ dbt.type_string() }}) as segment_label,
        cast(null as {{ dbt.type_string() }}) as segment_description,
        cast(null as {{ dbt.type_string() }}) as owner,
        cast(null as {{ dbt.type_string() }}) as playbook_goal,
        false as is_per_category,
        false as is_family
    where 1 = 0
    {%- endfor %}
),

final as (
    select
        definitions.segment_key,
        definitions.segment_model,
        definitions.segment_label,
        definitions.segment_description,
        definitions.owner,
        definitions.playbook_goal,
        definitions.is_per_category,
        definitions.is_family,
        reference.as_of_date
    from definitions
    cross join reference
)

select * from final
