{#- One row per catalogue segment model, with what its YAML declares: the catalogue
    documented from dbt's graph, for BI tools and the CRM. -#}
with

definitions as (
    {{ catalogue_definitions() }}
),

reference as (
    select * from {{ ref('int_reference_date') }}
),

dated as (
    select
        definitions.*,
        reference.as_of_date
    from definitions
    cross join reference
)

select {{ contract_casts() }}
from dated
