{% macro spark__cast(field, type) -%}
    {#- dbt's cross-database `cast`, which also writes the empty query that checks a mart's
        contract: the contracts declare `varchar`, which Spark only takes with a length;
        Spark's unbounded text type is `string`. -#}
    cast({{ field }} as {{ 'string' if type | trim | lower == 'varchar' else type }})
{%- endmacro %}
