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

with

{% for table in raw_tables() %}
{%- set relation = ref('base_marketplace__' ~ table) %}
{%- set columns = [] %}
{%- if execute %}
    {%- for column in adapter.get_columns_in_relation(relation) if column.name != 'rejection_reason' %}
        {%- do columns.append(column.name) %}
    {%- endfor %}
{%- endif %}
{{ table }}_rejected as (
    select
        '{{ table }}' as source_table,
        {%- set key_parts = [] %}
        {%- for key in keys[table] %}
            {%- do key_parts.append('cast(' ~ key ~ ' as ' ~ dbt.type_string() ~ ')') %}
            {%- if not loop.last %}{% do key_parts.append("'#'") %}{% endif %}
        {%- endfor %}
        {{ dbt.concat(key_parts) if key_parts | length > 1 else key_parts[0] }} as source_key,
        rejection_reason as reason,
        {{ row_as_json(columns) if columns else "cast(null as " ~ dbt.type_string() ~ ")" }} as raw_record
    from {{ relation }}
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
