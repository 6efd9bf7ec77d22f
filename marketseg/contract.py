"""The raw data contract (SPEC section 1): one Parquet folder per table.

Every loader writes these schemas and staging reads only them. Timestamps are
naive UTC (`timestamp[us]`), money is `decimal(18, 2)` in the order's currency.
"""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa

TS = pa.timestamp("us")
MONEY = pa.decimal128(18, 2)
RATE = pa.decimal128(18, 8)

# daily partitions (docs/raw_data.md): `<table>/landed_date=YYYY-MM-DD/*.parquet`, beside or
# instead of plain `<table>/*.parquet` files; the raw views add the partition's day as this
# column (null for a plain file)
PARTITION_COLUMN = "landed_date"
PARTITION_PATTERN = re.compile(r"^landed_date=(\d{4}-\d{2}-\d{2})$")

RAW_TABLES: dict[str, pa.Schema] = {
    "buyers": pa.schema(
        [
            ("buyer_id", pa.string()),
            ("created_at", TS),
            ("updated_at", TS),
            ("email", pa.string()),
            ("gender", pa.string()),
            ("birth_date", pa.date32()),
            ("country_code", pa.string()),
            ("city", pa.string()),
            ("account_type", pa.string()),
            ("acquisition_channel", pa.string()),
            ("marketing_consent", pa.bool_()),
            ("newsletter_opt_in", pa.bool_()),
            ("deleted_at", TS),
            ("is_test_account", pa.bool_()),
        ]
    ),
    "sellers": pa.schema(
        [
            ("seller_id", pa.string()),
            ("created_at", TS),
            ("updated_at", TS),
            ("business_name", pa.string()),
            ("main_category", pa.string()),
            ("company_size", pa.string()),
            ("country_code", pa.string()),
            ("city", pa.string()),
            ("plan", pa.string()),
            ("is_test_account", pa.bool_()),
        ]
    ),
    "products": pa.schema(
        [
            ("product_id", pa.string()),
            ("seller_id", pa.string()),
            ("category", pa.string()),
            ("subcategory", pa.string()),
            ("brand", pa.string()),
            ("list_price", MONEY),
            ("currency", pa.string()),
            ("created_at", TS),
            ("tags", pa.string()),
        ]
    ),
    "orders": pa.schema(
        [
            ("order_id", pa.string()),
            ("buyer_id", pa.string()),
            ("ordered_at", TS),
            ("updated_at", TS),
            ("status", pa.string()),
            ("currency", pa.string()),
            ("coupon_code", pa.string()),
            ("payment_method", pa.string()),
            ("delivery_method", pa.string()),
            ("channel", pa.string()),
            ("session_id", pa.string()),
            ("is_gift", pa.bool_()),
            ("shipping_country_code", pa.string()),
            ("shipping_city", pa.string()),
        ]
    ),
    "order_items": pa.schema(
        [
            ("order_id", pa.string()),
            ("line_number", pa.int32()),
            ("product_id", pa.string()),
            ("seller_id", pa.string()),
            ("category", pa.string()),
            ("quantity", pa.int32()),
            ("unit_price", MONEY),
            ("discount_amount", MONEY),
            ("commission_amount", MONEY),
            ("is_returned", pa.bool_()),
        ]
    ),
    "events": pa.schema(
        [
            ("event_id", pa.string()),
            ("occurred_at", TS),
            ("buyer_id", pa.string()),
            ("anonymous_id", pa.string()),
            ("session_id", pa.string()),
            ("event_type", pa.string()),
            ("page_type", pa.string()),
            ("product_id", pa.string()),
            ("category", pa.string()),
            ("search_query", pa.string()),
            ("traffic_source", pa.string()),
            ("campaign", pa.string()),
            ("device_type", pa.string()),
            ("is_app", pa.bool_()),
        ]
    ),
    "support_tickets": pa.schema(
        [
            ("ticket_id", pa.string()),
            ("created_at", TS),
            ("buyer_id", pa.string()),
            ("seller_id", pa.string()),
            ("topic", pa.string()),
        ]
    ),
    "reviews": pa.schema(
        [
            ("review_id", pa.string()),
            ("order_id", pa.string()),
            ("seller_id", pa.string()),
            ("buyer_id", pa.string()),
            ("rating", pa.int32()),
            ("created_at", TS),
        ]
    ),
    "fx_rates": pa.schema(
        [
            ("rate_date", pa.date32()),
            ("currency", pa.string()),
            ("rate_to_reporting", RATE),
        ]
    ),
}

EVENT_TYPES = (
    "page_view",
    "product_view",
    "search",
    "add_to_cart",
    "remove_from_cart",
    "add_to_favorites",
    "recommendation_click",
    "chat_started",
    "coupon_applied",
    "checkout_started",
    "purchase",
    "account_created",
    "newsletter_signup",
    "email_click",
)
PAGE_TYPES = ("home", "category", "product", "search", "cart", "checkout", "account", "content")
TRAFFIC_SOURCES = ("direct", "organic", "paid_search", "social", "email", "affiliate", "referral")
ORDER_STATUSES = ("placed", "paid", "shipped", "delivered", "cancelled", "refunded")
TICKET_TOPICS = ("technical", "marketing", "logistics", "billing", "refund", "complaint")


def empty_table(name: str) -> pa.Table:
    """An empty table with the contract schema of `name`."""
    return RAW_TABLES[name].empty_table()


def partition_day(folder_name: str) -> dt.date | None:
    """The day of a partition folder `landed_date=YYYY-MM-DD`, None if the name is not one."""
    match = PARTITION_PATTERN.match(folder_name)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
