{% macro version_rank(table, relation='typed', tiebreak_columns=[], qualify=false, within_version=false) -%}
    {#- The rank of a row among the rows of its key (or of its key and version): latest
        version first, then a row keeping the contract before a defective twin, then
        `tiebreak_columns`, then the whole typed row, so the order never depends on the order
        of rows in the files. -#}
    {%- set prefix = relation ~ '.' if qualify else '' -%}
    {%- set contract = raw_contract()[table] -%}
    {%- set version = prefix ~ contract['version'] if contract['version'] else none -%}
    {%- set partition = prefix ~ contract['key'] | join(', ' ~ prefix) ~ (', ' ~ version if within_version and version else '') -%}
    {%- set valid_first = 'case when ' ~ prefix ~ 'contract_violation is null then 0 else 1 end' -%}
    {%- set ordering = ([version ~ ' desc nulls last'] if version and not within_version else []) + [valid_first]
        + tiebreak_columns + [row_struct(relation)] -%}
    row_number() over (partition by {{ partition }} order by {{ ordering | join(', ') }})
{%- endmacro %}
