{% macro predictions_enabled() -%}
    {#- Whether this build fits and scores the prediction models (issue #16): the
        `predictions_enabled` var, on an engine that runs dbt Python models in dbt's
        process (DuckDB). dbt_project.yml enables the prediction models with the same
        expression; the SQL models that read them test this macro. -#}
    {{ return(var('predictions_enabled') and target.type == 'duckdb') }}
{%- endmacro %}
