{#- Every raw row that staging did not keep, with the reason, the column it names and, for
    a value that cannot be cast, its raw text (`invalid_value:unit_price=12,50`).
    Keys of composite grains are joined with '#'. The record is the typed row as staging saw it. -#}
{%- set records = {} -%}
{%- if execute -%}
{%- for table in raw_tables() -%}
{%- set columns = [] -%}
{%- for column in adapter.get_columns_in_relation(ref('base_marketplace__' ~ table)) -%}
{%- if column.name not in ('rejection_reason', 'contract_violation') -%}
{%- do columns.append(column.name) -%}
{%- endif -%}
{%- endfor -%}
{%- do records.update({table: row_as_json(columns)}) -%}
{%- endfor -%}
{%- endif -%}

with

{% for table in raw_tables() %}
{%- set key = raw_contract()[table]['key'] %}
{{ table }}_rejected as (
    select
        '{{ table }}' as source_table,
        {% if key | length == 1 -%}
        cast({{ key[0] }} as {{ dbt.type_string() }})
        {%- else -%}
        {{ dbt.concat(['cast(' ~ key[0] ~ ' as ' ~ dbt.type_string() ~ ')', "'#'",
                       'cast(' ~ key[1] ~ ' as ' ~ dbt.type_string() ~ ')']) }}
        {%- endif %} as source_key,
        {{ dbt.split_part('rejection_reason', "':'", 1) }} as reason,
        nullif({{ dbt.split_part(dbt.split_part('rejection_reason', "':'", 2), "'='", 1) }}, '') as reason_column,
        case
            when {{ dbt.position("'='", 'rejection_reason') }} > 0
                then substring(rejection_reason, {{ dbt.position("'='", 'rejection_reason') }} + 1)
        end as rejected_value,
        {{ records.get(table, 'cast(null as ' ~ dbt.type_string() ~ ')') }} as raw_record
    from {{ ref('base_marketplace__' ~ table) }}
    where rejection_reason is not null
),

{% endfor %}
unioned as (
    {%- for table in raw_tables() %}
    select * from {{ table }}_rejected
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from unioned
