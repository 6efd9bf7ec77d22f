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
