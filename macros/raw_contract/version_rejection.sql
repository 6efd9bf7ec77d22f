{% macro version_rejection(table, relation='typed', tiebreak_columns=[], qualify=false) -%}
    {#- `when` branches keeping one row per key of `table` (raw_contract): an older version
        (by the table's version column) is a `superseded_version`, any other extra row a
        `duplicate`. A table whose contract keeps its versions (`versions_kept`) keeps one row
        per key and version instead: only an extra row of the same version is a `duplicate`,
        older versions stay (`version_rank(...) = 1` marks the latest). -#}
    {%- set contract = raw_contract()[table] -%}
    {%- if contract.get('versions_kept') %}
    when {{ version_rank(table, relation, tiebreak_columns, qualify, within_version=true) }} > 1
                then 'duplicate'
    {%- else %}
    when {{ version_rank(table, relation, tiebreak_columns, qualify) }} > 1
                {%- if contract['version'] %}
                {%- set prefix = relation ~ '.' if qualify else '' %}
                and {{ prefix ~ contract['version'] }} < max({{ prefix ~ contract['version'] }})
                    over (partition by {{ prefix ~ contract['key'] | join(', ' ~ prefix) }})
                then 'superseded_version'
            when {{ version_rank(table, relation, tiebreak_columns, qualify) }} > 1
                {%- endif %}
                then 'duplicate'
    {%- endif %}
{%- endmacro %}
