{% macro version_rejection(table, relation='typed', tiebreak_columns=[], qualify=false) -%}
    {#- `when` branches keeping one row per key of `table` (raw_contract): an older version
        (by the table's version column) is a `superseded_version`, any other extra row a
        `duplicate`. Ties are broken on validity (a row keeping the contract first), on
        `tiebreak_columns`, then on the whole typed row, so
        the row kept never depends on the order of rows in the files. `relation` is the
        model's typed CTE; `qualify` prefixes the columns with it (in a select with joins). -#}
    {%- set prefix = relation ~ '.' if qualify else '' -%}
    {%- set contract = raw_contract()[table] -%}
    {%- set partition = [] -%}
    {%- for column in contract['key'] %}{% do partition.append(prefix ~ column) %}{% endfor -%}
    {%- set partition = partition | join(', ') -%}
    {%- set version = prefix ~ contract['version'] if contract['version'] else none -%}
    {#- among rows of the same version, one that keeps the contract wins over a defective twin -#}
    {%- set valid_first = 'case when ' ~ prefix ~ 'contract_violation is null then 0 else 1 end' -%}
    {%- set ordering = ([version ~ ' desc nulls last'] if version else []) + [valid_first]
        + tiebreak_columns + [row_struct(relation)] -%}
    {%- set ordering = ordering | join(', ') -%}
    when row_number() over (partition by {{ partition }} order by {{ ordering }}) > 1
                {%- if version %}
                and {{ version }} < max({{ version }}) over (partition by {{ partition }})
                then 'superseded_version'
            when row_number() over (partition by {{ partition }} order by {{ ordering }}) > 1
                {%- endif %}
                then 'duplicate'
{%- endmacro %}


{% macro row_struct(relation) -%}
    {{ return(adapter.dispatch('row_struct', 'marketplace_segmentation')(relation)) }}
{%- endmacro %}

{% macro default__row_struct(relation) -%}
    {#- The whole row of `relation` as one orderable value. -#}
    struct({{ relation }}.*)
{%- endmacro %}

{% macro duckdb__row_struct(relation) -%}
    {{ relation }}
{%- endmacro %}
