{% macro raw_contract() -%}
    {#- The raw data contract (SPEC 1), the one list staging checks rows against.
        Per table: its key (a null part is `null_key`), its version column (latest wins)
        and the type of every column staging reads. Types: id and code (strings that may
        not hold the '?' the reader puts for undecodable bytes), text, timestamp, date,
        integer, money, rate, boolean. `required`: a rule needs the value, so a null one
        rejects the row (`missing_value`). Any value that cannot be cast to its type
        rejects the row (`invalid_value`), except in an attribute no rule needs
        (`unneeded`), which becomes unknown and the row is kept; `max`: a var bounding the
        value (`implausible_value`).
        The reason names the column, and the raw text of a value that cannot be cast
        (the typed record holds null there): `missing_value:ordered_at`,
        `invalid_value:unit_price=12,50`. -#}
    {{ return({
        'buyers': {
            'key': ['buyer_id'],
            'version': 'updated_at',
            'versions_kept': true,
            'columns': {
                'buyer_id': {'type': 'id'},
                'created_at': {'type': 'timestamp', 'required': true},
                'updated_at': {'type': 'timestamp', 'required': true},
                'email': {'type': 'text'},
                'gender': {'type': 'text'},
                'birth_date': {'type': 'date', 'unneeded': true},
                'country_code': {'type': 'text'},
                'city': {'type': 'text'},
                'account_type': {'type': 'text'},
                'acquisition_channel': {'type': 'text'},
                'marketing_consent': {'type': 'boolean', 'unneeded': true},
                'newsletter_opt_in': {'type': 'boolean', 'unneeded': true},
                'deleted_at': {'type': 'timestamp'},
                'is_test_account': {'type': 'boolean'},
            },
        },
        'sellers': {
            'key': ['seller_id'],
            'version': 'updated_at',
            'versions_kept': true,
            'columns': {
                'seller_id': {'type': 'id'},
                'created_at': {'type': 'timestamp', 'required': true},
                'updated_at': {'type': 'timestamp', 'required': true},
                'business_name': {'type': 'text'},
                'main_category': {'type': 'text'},
                'company_size': {'type': 'text'},
                'country_code': {'type': 'text'},
                'city': {'type': 'text'},
                'plan': {'type': 'text'},
                'is_test_account': {'type': 'boolean'},
            },
        },
        'products': {
            'key': ['product_id'],
            'version': 'created_at',
            'columns': {
                'product_id': {'type': 'id'},
                'seller_id': {'type': 'id'},
                'category': {'type': 'text'},
                'subcategory': {'type': 'text'},
                'brand': {'type': 'text'},
                'list_price': {'type': 'money', 'unneeded': true},
                'currency': {'type': 'code'},
                'created_at': {'type': 'timestamp', 'required': true},
                'tags': {'type': 'text'},
            },
        },
        'orders': {
            'key': ['order_id'],
            'version': 'updated_at',
            'versions_kept': true,
            'columns': {
                'order_id': {'type': 'id'},
                'buyer_id': {'type': 'id', 'required': true},
                'ordered_at': {'type': 'timestamp', 'required': true},
                'updated_at': {'type': 'timestamp', 'required': true},
                'status': {'type': 'code', 'required': true},
                'currency': {'type': 'code', 'required': true},
                'coupon_code': {'type': 'text'},
                'payment_method': {'type': 'text'},
                'delivery_method': {'type': 'text'},
                'channel': {'type': 'text'},
                'session_id': {'type': 'id'},
                'is_gift': {'type': 'boolean', 'unneeded': true},
                'shipping_country_code': {'type': 'text'},
                'shipping_city': {'type': 'text'},
            },
        },
        'order_items': {
            'key': ['order_id', 'line_number'],
            'version': none,
            'columns': {
                'order_id': {'type': 'id'},
                'line_number': {'type': 'integer'},
                'product_id': {'type': 'id'},
                'seller_id': {'type': 'id', 'required': true},
                'category': {'type': 'text'},
                'quantity': {'type': 'integer', 'required': true, 'max': 'max_line_quantity'},
                'unit_price': {'type': 'money', 'required': true},
                'discount_amount': {'type': 'money'},
                'commission_amount': {'type': 'money'},
                'is_returned': {'type': 'boolean'},
            },
        },
        'events': {
            'key': ['event_id'],
            'version': none,
            'columns': {
                'event_id': {'type': 'id'},
                'occurred_at': {'type': 'timestamp', 'required': true},
                'buyer_id': {'type': 'id'},
                'anonymous_id': {'type': 'id'},
                'session_id': {'type': 'id', 'required': true},
                'event_type': {'type': 'code', 'required': true},
                'page_type': {'type': 'text'},
                'product_id': {'type': 'id'},
                'category': {'type': 'text'},
                'search_query': {'type': 'text'},
                'traffic_source': {'type': 'text'},
                'campaign': {'type': 'text'},
                'device_type': {'type': 'text'},
                'is_app': {'type': 'boolean', 'unneeded': true},
            },
        },
        'support_tickets': {
            'key': ['ticket_id'],
            'version': 'created_at',
            'columns': {
                'ticket_id': {'type': 'id'},
                'created_at': {'type': 'timestamp', 'required': true},
                'buyer_id': {'type': 'id'},
                'seller_id': {'type': 'id'},
                'topic': {'type': 'code', 'required': true},
            },
        },
        'reviews': {
            'key': ['review_id'],
            'version': 'created_at',
            'columns': {
                'review_id': {'type': 'id'},
                'order_id': {'type': 'id'},
                'seller_id': {'type': 'id', 'required': true},
                'buyer_id': {'type': 'id'},
                'rating': {'type': 'integer', 'required': true},
                'created_at': {'type': 'timestamp', 'required': true},
            },
        },
        'fx_rates': {
            'key': ['rate_date', 'currency'],
            'version': none,
            'columns': {
                'rate_date': {'type': 'date'},
                'currency': {'type': 'code'},
                'rate_to_reporting': {'type': 'rate', 'required': true},
            },
        },
    }) }}
{%- endmacro %}


{% macro raw_value(table, column, relation='source') -%}
    {#- The raw column cast to its contract type; null when it cannot be cast. Strings are
        trimmed, an empty string is null (models choose the case of codes). -#}
    {%- set type = raw_contract()[table]['columns'][column]['type'] -%}
    {%- set expression = relation ~ '.' ~ column -%}
    {%- if type in ('id', 'code', 'text') -%}
        nullif(trim({{ expression }}), '')
    {%- elif type == 'timestamp' -%}
        {{ utc_timestamp(expression) }}
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
        when {{ undecodable(typed) }} then 'invalid_value:{{ column }}'
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


{% macro undecodable(expression) -%}
    {#- True when the text holds what a reader puts for undecodable bytes: '?' (DuckDB,
        utf8_validation = 'replace') or U+FFFD (Spark). Identifiers and codes never do. -#}
    ({{ expression }} like '%?%' or {{ expression }} like '%�%')
{%- endmacro %}


{% macro key_rejection(table, relation=none) -%}
    {#- `when` branches rejecting a row whose typed key has a null part (null, blank, or a
        value that cannot be cast); `relation` qualifies the columns (in a select with joins). -#}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for column in raw_contract()[table]['key'] %}
    when {{ prefix }}{{ column }} is null then 'null_key:{{ column }}'
    {%- endfor %}
{%- endmacro %}


{% macro utc_timestamp(expression) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'marketplace_segmentation')(expression)) }}
{%- endmacro %}

{% macro default__utc_timestamp(expression) -%}
    {#- Spark: timestamps are instants shown in the session time zone, set to UTC. -#}
    {{ try_cast(expression, 'timestamp') }}
{%- endmacro %}

{% macro duckdb__utc_timestamp(expression) -%}
    {#- A naive timestamp is read as UTC (the session time zone, profiles.yml), one with a
        time zone is converted; text that is no timestamp gives null. -#}
    timezone('UTC', {{ try_cast(expression, 'timestamptz') }})
{%- endmacro %}


{% macro try_cast(expression, type) -%}
    {{ return(adapter.dispatch('try_cast', 'marketplace_segmentation')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, type) -%}
    {#- Spark 3.2+ (ANSI mode or not). -#}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}

{% macro duckdb__try_cast(expression, type) -%}
    {#- dbt.safe_cast is a plain cast on dbt-duckdb: a bad value would stop the build.
        DuckDB dates and timestamps have infinities: no rule can use them, so null. -#}
    {%- if type in ('date', 'timestamp', 'timestamptz') -%}
    case
        when isfinite(try_cast({{ expression }} as {{ type }}))
            then try_cast({{ expression }} as {{ type }})
    end
    {%- else -%}
    try_cast({{ expression }} as {{ type }})
    {%- endif -%}
{%- endmacro %}
