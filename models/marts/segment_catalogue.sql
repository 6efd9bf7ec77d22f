{#- One row per catalogue segment model, with what its YAML declares: the catalogue
    documented from dbt's graph, for BI tools and the CRM. -#}
with

definitions as (
    {{ catalogue_definitions() }}
)

select {{ contract_casts() }}
from definitions
