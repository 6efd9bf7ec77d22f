{% macro raw_value(table, column, relation='source') -%}
    {#- The raw column cast to its contract type; null when it cannot be cast. Strings are
        trimmed, an empty string is null (models choose the case of codes). -#}
    {%- set type = raw_contract()[table]['columns'][column]['type'] -%}
    {%- set expression = relation ~ '.' ~ column -%}
    {%- if type in ('id', 'code', 'text') -%}
        nullif(trim({{ expression }}), '')
    {%- elif type == 'timestamp' -%}
        {{ utc_timestamp(expression, raw_column_type(table, column)) }}
    {%- elif type == 'money' -%}
        {{ try_cast(expression, 'decimal(18, 2)') }}
    {%- elif type == 'rate' -%}
        {{ try_cast(expression, 'decimal(18, 8)') }}
    {%- elif type == 'integer' -%}
        {#- a fraction is no integer: a cast would round it -#}
        case
            when {{ try_cast(expression, type_double()) }} = {{ try_cast(expression, dbt.type_int()) }}
                then {{ try_cast(expression, dbt.type_int()) }}
        end
    {%- elif type == 'date' -%}
        {{ try_cast(expression, 'date') }}
    {%- elif type == 'boolean' -%}
        {{ try_cast(expression, dbt.type_boolean()) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("raw_contract: unknown type '" ~ type ~ "' of " ~ table ~ "." ~ column) }}
    {%- endif -%}
{%- endmacro %}
