{% macro resolved_vars_json() -%}
    {#- The project's vars as this run resolves them (dbt_project.yml, overridden by --vars),
        as JSON text with sorted keys. dbt's Jinja cannot list the vars, so their names are
        listed in project_var_names() (a pytest keeps it equal to dbt_project.yml's `vars`);
        a --vars name not in the list is added. -#}
    {%- set cli_vars = invocation_args_dict.get('vars') or {} %}
    {%- set cli_vars = fromyaml(cli_vars) if cli_vars is string else cli_vars %}
    {%- set resolved = {} %}
    {%- for name in project_var_names() + (cli_vars or {}).keys() | list %}
        {%- do resolved.update({name: var(name, none)}) %}
    {%- endfor %}
    {{ return(tojson(resolved, sort_keys=true)) }}
{%- endmacro %}
