{#- A rejection that names a column names a column of the row's own table in the raw
    contract (macro raw_contract), which lists every column staging checks. -#}
with

contract_columns as (
    {%- for table, contract in raw_contract().items() %}
    {%- set outer_last = loop.last %}
    {%- for column in contract['columns'] %}
    select
        '{{ table }}' as source_table,
        '{{ column }}' as column_name
    {%- if not (outer_last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
),

rejected as (
    select * from {{ ref('rejected_rows') }}
),

validation_errors as (
    select
        rejected.source_table,
        rejected.reason,
        rejected.reason_column
    from rejected
    left join contract_columns
        on
            rejected.source_table = contract_columns.source_table
            and rejected.reason_column = contract_columns.column_name
    where
        rejected.reason_column is not null
        and contract_columns.column_name is null
)

select * from validation_errors
