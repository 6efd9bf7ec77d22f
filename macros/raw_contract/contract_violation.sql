{% macro contract_violation(table, relation='source') -%}
    {#- The first contract rule the current raw row breaks, as `<reason>:<column>` (with
        `=<raw text>` for a value that cannot be cast), or null. Null keys are checked apart
        (`key_rejection`), before duplicates are told apart; a key with undecodable bytes is
        checked here, after, so its versions are still told apart. -#}
    {%- set contract = raw_contract()[table] -%}
    case
        {%- for column, spec in contract['columns'].items() %}
            {%- set raw = relation ~ '.' ~ column %}
            {%- set typed = raw_value(table, column, relation) %}
            {%- if spec['type'] in ('id', 'code', 'text') %}
                {%- if spec.get('required') and column not in contract['key'] %}
        when {{ typed }} is null then 'missing_value:{{ column }}'
                {%- endif %}
                {%- if spec['type'] in ('id', 'code') %}
        {#- what a reader puts for undecodable bytes: '?' (DuckDB, utf8_validation =
            'replace') or U+FFFD (Spark); identifiers and codes never hold either #}
        when ({{ typed }} like '%?%' or {{ typed }} like '%�%') then 'invalid_value:{{ column }}'
                {%- endif %}
            {%- elif column not in contract['key'] %}
                {%- if spec.get('required') %}
        when {{ raw }} is null then 'missing_value:{{ column }}'
                {%- endif %}
                {%- if not spec.get('unneeded') %}
        when {{ typed }} is null and {{ raw }} is not null
            then {{ dbt.concat(["'invalid_value:" ~ column ~ "='", 'cast(' ~ raw ~ ' as ' ~ dbt.type_string() ~ ')']) }}
                {%- endif %}
            {%- endif %}
            {%- if spec.get('max') %}
        when {{ typed }} > {{ var(spec['max']) }} then 'implausible_value:{{ column }}'
            {%- endif %}
        {%- endfor %}
    end
{%- endmacro %}
