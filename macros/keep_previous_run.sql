{% macro keep_previous_run() -%}
    {#- on-run-start hook: before a `dbt build` or `dbt run` replaces the marts, keep what
        the previous run left of marts.buyer_segment_memberships in
        audit.previous_segment_memberships (the stability test compares with it). `dbt test`
        keeps it, so testing after a build still compares with the run before it. Row
        counts are no longer kept here: the quality gate compares them with the last
        published build, the serving file (DECISIONS.md). -#}
    {%- if execute and flags.WHICH in ('build', 'run') %}
        {%- for node in graph.nodes.values() | sort(attribute='name') %}
            {%- if node.resource_type == 'model' and node.package_name == project_name
                and node.name == 'buyer_segment_memberships' %}
                {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) %}
                {%- if relation is not none %}
                    {%- do replace_audit_table('previous_segment_memberships', 'select * from ' ~ relation) %}
                {%- endif %}
            {%- endif %}
        {%- endfor %}
    {%- endif %}
    select 1
{%- endmacro %}


{% macro replace_audit_table(identifier, sql) -%}
    {%- set relation = previous_run_relation(identifier) %}
    {%- do adapter.create_schema(relation) %}
    {%- do adapter.drop_relation(relation) %}
    {%- do run_query(get_create_table_as_sql(False, relation, sql)) %}
    {#- tell dbt's relation cache, so that tests of this run see the table -#}
    {%- do adapter.cache_added(relation) %}
{%- endmacro %}


{% macro previous_run_relation(identifier) -%}
    {#- Where the previous run's memberships and the build's vars are kept (schema audit). -#}
    {{ return(api.Relation.create(database=target.database, schema='audit',
        identifier=identifier, type='table')) }}
{%- endmacro %}
