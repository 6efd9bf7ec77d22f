{% macro keep_previous_run() -%}
    {#- on-run-start hook: before a `dbt build` or `dbt run` replaces the marts, keep what
        the previous run left of the model buyer_segment_memberships (wherever dbt builds it)
        in the source table audit.previous_segment_memberships (declared in
        models/audit/_audit__sources.yml; the stability test reads it). `dbt test` keeps it,
        so testing after a build still compares with the run before it. Row counts are not
        kept here: the quality gate compares them with the last published build, the
        serving file (DECISIONS.md). -#}
    {%- if execute and flags.WHICH in ('build', 'run') %}
        {%- set memberships = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('package_name', 'equalto', project_name)
            | selectattr('name', 'equalto', 'buyer_segment_memberships') | list %}
        {%- for node in memberships %}
            {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) %}
            {%- if relation is not none %}
                {%- do replace_audit_table('previous_segment_memberships', 'select * from ' ~ relation) %}
            {%- endif %}
        {%- endfor %}
    {%- endif %}
    select 1
{%- endmacro %}
