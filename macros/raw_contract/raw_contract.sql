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
