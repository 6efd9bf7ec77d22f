{% macro mark_build_started() -%}
    {#- on-run-start hook: before a `dbt build` or `dbt run` touches a relation, record in
        audit.build_outcome that this invocation is running. A build that is killed or
        crashes leaves it so, and `marketseg publish` refuses to publish it. -#}
    {%- if execute and flags.WHICH in ('build', 'run') %}
        {%- do replace_audit_table('build_outcome', build_outcome_row('running', 0, [])) %}
    {%- endif %}
    select 1
{%- endmacro %}


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


{% macro build_outcome_row(status, failed_count, built) -%}
    {#- The one row of audit.build_outcome: this invocation, its command and selection, its
        status and failed node count, the relations it rebuilt (`schema.name`, space
        separated), and when it was recorded (UTC). -#}
    {%- set selected = invocation_args_dict.get('select') or [] %}
    {%- set selected = selected if selected is string else selected | join(' ') %}
    {{ return("select cast('" ~ invocation_id ~ "' as " ~ dbt.type_string() ~ ") as invocation_id, "
        ~ "cast('" ~ flags.WHICH ~ "' as " ~ dbt.type_string() ~ ") as dbt_command, "
        ~ "cast('" ~ dbt.escape_single_quotes(selected) ~ "' as " ~ dbt.type_string() ~ ") as selected, "
        ~ "cast('" ~ status ~ "' as " ~ dbt.type_string() ~ ") as status, "
        ~ "cast(" ~ failed_count ~ " as " ~ dbt.type_int() ~ ") as failed_nodes_count, "
        ~ "cast('" ~ built | join(' ') ~ "' as " ~ dbt.type_string() ~ ") as built_relations, "
        ~ "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "' as " ~ dbt.type_timestamp() ~ ") as run_started_at, "
        ~ "cast('" ~ modules.datetime.datetime.now(modules.pytz.utc).strftime('%Y-%m-%d %H:%M:%S') ~ "' as " ~ dbt.type_timestamp() ~ ") as recorded_at") }}
{%- endmacro %}
