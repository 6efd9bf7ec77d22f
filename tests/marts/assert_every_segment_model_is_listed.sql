{#- Every model of models/marts/segments/ is in the list of `ref`s at the top of
    models/marts/buyer_segment_memberships.sql (found in dbt's graph at execution: the
    memberships model's dependencies). One row per segment model missing from it, with
    what to do; the message is also printed when the test runs. A `ref` in the list
    that is not a segment model fails the memberships model itself. -#}
-- depends_on: {{ ref('buyer_segment_memberships') }}
{%- set missing = [] %}
{%- set memberships_node = 'model.' ~ project_name ~ '.buyer_segment_memberships' %}
{%- set listed = graph.nodes[memberships_node].depends_on.nodes if execute else [] %}
{%- for node in catalogue_segment_nodes() if node.unique_id not in listed %}
{%- set message = node.name ~ " is not in the list at the top of "
    ~ "models/marts/buyer_segment_memberships.sql: add ref('" ~ node.name ~ "') to it" %}
{%- do log(message, info=true) %}
{%- do missing.append((node.name, message)) %}
{%- endfor %}

with

validation_errors as (
    {%- for name, message in missing %}
    select
        '{{ name }}' as segment_model,
        '{{ message | replace("'", "''") }}' as message
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as segment_model,
        cast(null as {{ dbt.type_string() }}) as message
    where 1 = 0
    {%- endfor %}
)

select * from validation_errors
