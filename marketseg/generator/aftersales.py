"""Support tickets and reviews that follow the orders (refunds, returns, poor sellers)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from marketseg.contract import TICKET_TOPICS
from marketseg.generator import arrow
from marketseg.generator.catalog import TOPIC_WEIGHTS, probabilities
from marketseg.generator.market import Market
from marketseg.generator.orders import DAY, STATUSES, Lines, Orders, Purchases
from marketseg.generator.sellers import Products

# share of orders with a support ticket, by status
TICKET_P_REFUNDED, TICKET_P_CANCELLED, TICKET_P_OTHER = 0.5, 0.2, 0.03
REVIEW_SHARE = 0.25  # of delivered orders reviewed


def first_line_seller(orders: Orders, lines: Lines, products: Products) -> np.ndarray:
    first_line = np.searchsorted(lines.order, np.arange(orders.buyer.size))
    return products.seller[lines.product[first_line]]


def make_tickets(
    rng: np.random.Generator, market: Market, purchases: Purchases, first_ticket_number: int
) -> pa.Table:
    buyers, orders, end_second = purchases.buyers, purchases.orders, market.config.end_second
    status = orders.status
    p = np.select(
        [status == STATUSES.index("refunded"), status == STATUSES.index("cancelled")],
        [TICKET_P_REFUNDED, TICKET_P_CANCELLED],
        TICKET_P_OTHER,
    )
    has_ticket = rng.random(status.size) < p
    index = np.flatnonzero(has_ticket)
    topic = rng.choice(len(TICKET_TOPICS), size=index.size, p=probabilities(TOPIC_WEIGHTS))
    topic[status[index] == STATUSES.index("refunded")] = TICKET_TOPICS.index("refund")
    created = np.minimum(
        orders.second[index] + rng.integers(3_600, 20 * DAY, index.size), end_second
    )
    n = index.size
    return arrow.table(
        "support_tickets",
        {
            "ticket_id": arrow.ids("T", np.arange(first_ticket_number, first_ticket_number + n), 9),
            "created_at": arrow.timestamps(created),
            "buyer_id": arrow.ids("B", buyers.number[orders.buyer[index]], 8),
            "seller_id": arrow.ids(
                "S", first_line_seller(orders, purchases.lines, market.products)[index] + 1, 6
            ),
            "topic": arrow.categorical(topic, TICKET_TOPICS),
        },
    )


def make_reviews(
    rng: np.random.Generator, market: Market, purchases: Purchases, first_review_number: int
) -> pa.Table:
    buyers, orders, end_second = purchases.buyers, purchases.orders, market.config.end_second
    delivered = orders.status == STATUSES.index("delivered")
    index = np.flatnonzero(delivered & (rng.random(orders.status.size) < REVIEW_SHARE))
    seller = first_line_seller(orders, purchases.lines, market.products)[index]
    quality = market.sellers.quality[seller]
    rating = np.clip(np.round(1 + 4 * quality + rng.normal(0, 0.9, index.size)), 1, 5)
    created = np.minimum(
        orders.second[index] + rng.integers(2 * DAY, 30 * DAY, index.size), end_second
    )
    n = index.size
    return arrow.table(
        "reviews",
        {
            "review_id": arrow.ids("R", np.arange(first_review_number, first_review_number + n), 9),
            "order_id": arrow.ids("O", orders.number[index], 10),
            "seller_id": arrow.ids("S", seller + 1, 6),
            "buyer_id": arrow.ids("B", buyers.number[orders.buyer[index]], 8),
            "rating": arrow.int32(rating),
            "created_at": arrow.timestamps(created),
        },
    )
