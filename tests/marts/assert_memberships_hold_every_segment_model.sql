{#- Every segment model of models/marts/segments/ (found in dbt's graph) lands in
    buyer_segment_memberships with all of its rows, and nothing else is in the catalogue
    family: the assembly misses no segment and invents no member. -#}
{{ catalogue_declare_dependencies() }}
with

models as (
    {%- for node in catalogue_segment_nodes() %}
    select
        '{{ node.name }}' as segment_model,
        count(*) as rows_count
    from {{ ref(node.name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as segment_model,
        0 as rows_count
    where 1 = 0
    {%- endfor %}
),

memberships as (
    select
        segment_model,
        count(*) as rows_count
    from {{ ref('buyer_segment_memberships') }}
    where segment_family = 'catalogue'
    group by 1
),

validation_errors as (
    select
        coalesce(models.segment_model, memberships.segment_model) as segment_model,
        models.rows_count as model_rows,
        memberships.rows_count as membership_rows
    from models
    full outer join memberships
        on models.segment_model = memberships.segment_model
    where coalesce(models.rows_count, 0) != coalesce(memberships.rows_count, 0)
)

select * from validation_errors
