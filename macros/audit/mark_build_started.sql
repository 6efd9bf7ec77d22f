{% macro mark_build_started() -%}
    {#- on-run-start hook: before a `dbt build` or `dbt run` touches a relation, record in
        audit.build_outcome that this invocation is running. A build that is killed or
        crashes leaves it so, and `marketseg publish` refuses to publish it. -#}
    {%- if execute and flags.WHICH in ('build', 'run') %}
        {%- do replace_audit_table('build_outcome', build_outcome_row('running', 0, [])) %}
    {%- endif %}
    select 1
{%- endmacro %}
