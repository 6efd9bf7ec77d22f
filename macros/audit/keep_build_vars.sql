{% macro keep_build_vars(names) -%}
    {#- on-run-start hook: before a `dbt build` or `dbt run` replaces the marts, keep the
        value this run gives each var of `names` (dbt_project.yml, or --vars) in
        audit.build_vars (var_name, var_value as text): the quality checkpoint bounds the
        marts with the vars they were built with. -#}
    {%- if execute and flags.WHICH in ('build', 'run') %}
        {%- set rows = [] %}
        {%- for name in names %}
            {%- do rows.append("select '" ~ name ~ "' as var_name, cast('" ~ var(name) ~ "' as "
                ~ dbt.type_string() ~ ") as var_value") %}
        {%- endfor %}
        {%- do replace_audit_table('build_vars', rows | join(' union all ')) %}
    {%- endif %}
    select 1
{%- endmacro %}
