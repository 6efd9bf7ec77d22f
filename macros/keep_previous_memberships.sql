{% macro keep_previous_memberships() -%}
    {#- on-run-start hook: before a `dbt build` or `dbt run` replaces
        marts.buyer_segment_memberships, copy it to audit.previous_segment_memberships,
        the previous run the stability test compares with. `dbt test` keeps the copy, so
        testing after a build still compares with the run before it. -#}
    {%- if execute and flags.WHICH in ('build', 'run') %}
        {%- set node = graph.nodes.get('model.' ~ project_name ~ '.buyer_segment_memberships') %}
        {%- set current = adapter.get_relation(node.database, node.schema, node.alias) if node else none %}
        {%- if current is not none %}
            {%- set previous = previous_memberships_relation() %}
            {% do adapter.create_schema(previous) %}
            {% do adapter.drop_relation(previous) %}
            {% do run_query(get_create_table_as_sql(False, previous, 'select * from ' ~ current)) %}
        {%- endif %}
    {%- endif %}
    select 1
{%- endmacro %}


{% macro previous_memberships_relation() -%}
    {#- Where the previous run's memberships are kept. -#}
    {{ return(api.Relation.create(database=target.database, schema='audit',
        identifier='previous_segment_memberships', type='table')) }}
{%- endmacro %}
