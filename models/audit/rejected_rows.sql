{#- Every raw row that staging did not keep, with the reason. Keys of composite grains
    are joined with '#'. The record is the typed, normalised row as staging saw it. -#}
{%- set keys = {
    'buyers': ['buyer_id'],
    'sellers': ['seller_id'],
    'products': ['product_id'],
    'orders': ['order_id'],
    'order_items': ['order_id', 'line_number'],
    'events': ['event_id'],
    'support_tickets': ['ticket_id'],
    'reviews': ['review_id'],
    'fx_rates': ['currency', 'rate_date'],
} -%}
{%- set key_sql = {} -%}
{%- set record_sql = {} -%}
{%- for table in raw_tables() -%}
{%- set parts = [] -%}
{%- for key in keys[table] -%}
{%- do parts.append('cast(' ~ key ~ ' as ' ~ dbt.type_string() ~ ')') -%}
{%- if not loop.last %}{% do parts.append("'#'") %}{% endif -%}
{%- endfor -%}
{%- do key_sql.update({table: dbt.concat(parts) if parts | length > 1 else parts[0]}) -%}
{%- set columns = [] -%}
{%- if execute -%}
{%- for column in adapter.get_columns_in_relation(ref('base_marketplace__' ~ table)) -%}
{%- if column.name != 'rejection_reason' %}{% do columns.append(column.name) %}{% endif -%}
{%- endfor -%}
{%- endif -%}
{%- do record_sql.update({
table: row_as_json(columns) if columns else 'cast(null as ' ~ dbt.type_string() ~ ')'
}) -%}
{%- endfor -%}

with

{% for table in raw_tables() %}
{{ table }}_rejected as (
    select
        '{{ table }}' as source_table,
        {{ key_sql[table] }} as source_key,
        rejection_reason as reason,
        {{ record_sql[table] }} as raw_record
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
