{% macro record_build_outcome(results) -%}
    {#- on-run-end hook: record whether every node of this `dbt build` or `dbt run`
        succeeded (`success`) or some model, test or hook failed (`failed`), with how many.
        `marketseg publish` only publishes a `build` whose outcome is `success`. -#}
    {%- if execute and flags.WHICH in ('build', 'run') %}
        {%- set failed = results | selectattr('status', 'in', ['error', 'fail'])
            | list | length %}
        {#- the relations this invocation rebuilt: publish copies only a build that rebuilt
            (and tested) every relation it publishes, never a mix of two builds -#}
        {%- set built = [] %}
        {%- for result in results
            if result.node.resource_type == 'model' and result.status == 'success' %}
            {%- do built.append(result.node.schema ~ '.' ~ result.node.alias) %}
        {%- endfor %}
        {%- do replace_audit_table('build_outcome',
            build_outcome_row('success' if failed == 0 else 'failed', failed, built | sort)) %}
    {%- endif %}
    select 1
{%- endmacro %}
