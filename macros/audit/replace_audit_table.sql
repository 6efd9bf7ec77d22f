{% macro replace_audit_table(identifier, sql) -%}
    {#- Replaces the hook-written audit table `identifier` with the result of `sql`. Where it
        lives is declared once, as a table of the `audit` source
        (models/audit/_audit__sources.yml), which readers (tests, Python) refer to. -#}
    {%- set declared = graph.sources.values() | selectattr('package_name', 'equalto', project_name)
        | selectattr('source_name', 'equalto', 'audit') | selectattr('name', 'equalto', identifier) | list %}
    {%- if declared | length != 1 %}
        {{ exceptions.raise_compiler_error(
            "The hooks write audit table '" ~ identifier ~ "', which is not declared: add it to "
            ~ "the `audit` source in models/audit/_audit__sources.yml.") }}
    {%- endif %}
    {%- set relation = api.Relation.create(database=declared[0].database, schema=declared[0].schema,
        identifier=declared[0].identifier, type='table') %}
    {%- do adapter.create_schema(relation) %}
    {%- do adapter.drop_relation(relation) %}
    {%- do run_query(get_create_table_as_sql(False, relation, sql)) %}
    {#- tell dbt's relation cache, so that tests of this run see the table -#}
    {%- do adapter.cache_added(relation) %}
{%- endmacro %}
