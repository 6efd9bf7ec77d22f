"""Behavioural events: sessions with a browse -> search -> cart -> checkout -> purchase funnel.

Every order has its purchase session (ending with the `purchase` event at the order time);
buyers also browse without buying, before their sign-up anonymously (linked later through
their `anonymous_id`), and anonymous visitors never sign up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from marketseg.contract import EVENT_TYPES, PAGE_TYPES, TRAFFIC_SOURCES
from marketseg.generator import arrow
from marketseg.generator.buyers import Buyers
from marketseg.generator.catalog import (
    CAMPAIGNS,
    CATEGORIES,
    CATEGORY_WEIGHTS,
    DEVICES,
    SEARCH_WORDS,
    TRAFFIC_WEIGHTS,
    probabilities,
)
from marketseg.generator.config import GeneratorConfig
from marketseg.generator.orders import DAY, Lines, Orders, group_rank, month_of, pick_products
from marketseg.generator.sellers import Products

# funnel position of each event type inside a session (lower comes first)
STEP = {
    "email_click": 0, "account_created": 1, "newsletter_signup": 2, "page_view": 3,
    "search": 4, "product_view": 5, "recommendation_click": 6, "add_to_favorites": 7,
    "chat_started": 8, "add_to_cart": 9, "remove_from_cart": 10, "coupon_applied": 11,
    "checkout_started": 12, "purchase": 13,
}  # fmt: skip
DEEP_LINK_TRAFFIC = [
    TRAFFIC_SOURCES.index(source)
    for source in ("organic", "paid_search", "social", "affiliate", "referral")
]
DEEP_LINK_SHARE = 0.35
PAGE_OF = {
    "email_click": "home", "account_created": "account", "newsletter_signup": "content",
    "page_view": "home", "search": "search", "product_view": "product",
    "recommendation_click": "product", "add_to_favorites": "product", "chat_started": "product",
    "add_to_cart": "product", "remove_from_cart": "cart", "coupon_applied": "cart",
    "checkout_started": "checkout", "purchase": "checkout",
}  # fmt: skip
HAS_PRODUCT = {"product_view", "recommendation_click", "add_to_favorites", "add_to_cart",
               "remove_from_cart", "chat_started"}  # fmt: skip
KIND_PURCHASE, KIND_BROWSE, KIND_SIGNUP, KIND_VISITOR = 0, 1, 2, 3


@dataclass
class Sessions:
    number: np.ndarray
    buyer: np.ndarray  # buyer index in the chunk, -1 for an anonymous visitor
    kind: np.ndarray
    start: np.ndarray  # seconds; for purchase sessions the order time until aligned
    device: np.ndarray
    is_app: np.ndarray
    traffic: np.ndarray
    order: np.ndarray  # order index for purchase sessions, -1 otherwise


def make_sessions(
    rng: np.random.Generator,
    config: GeneratorConfig,
    buyers: Buyers,
    orders: Orders,
    first_session_number: int,
    first_visitor_number: int,
) -> tuple[Sessions, int]:
    n_buyers = buyers.number.size
    last_order = np.full(n_buyers, -1, dtype=np.int64)
    np.maximum.at(last_order, orders.buyer, orders.second)
    active_from = buyers.created_second - 30 * DAY
    base = np.maximum(buyers.created_second, last_order)
    active_to = np.minimum(config.end_second, base + rng.exponential(150 * DAY, n_buyers))
    window = np.maximum(active_to - active_from, DAY)
    browse_count = rng.poisson(buyers.engagement * window / DAY)
    browse_buyer = np.repeat(np.arange(n_buyers), browse_count)
    browse_start = active_from[browse_buyer] + rng.random(browse_buyer.size) * window[browse_buyer]
    browse_start = np.maximum(browse_start.astype(np.int64), config.start_second)
    n_visitors = n_buyers // 2
    visitor_start = config.start_second + (
        rng.random(n_visitors) * (config.end_second - config.start_second - 3_600)
    ).astype(np.int64)
    buyer = np.concatenate(
        [orders.buyer, browse_buyer, np.arange(n_buyers), np.full(n_visitors, -1)]
    )
    kind = np.concatenate(
        [
            np.full(orders.buyer.size, KIND_PURCHASE),
            np.full(browse_buyer.size, KIND_BROWSE),
            np.full(n_buyers, KIND_SIGNUP),
            np.full(n_visitors, KIND_VISITOR),
        ]
    )
    start = np.concatenate([orders.second, browse_start, buyers.created_second, visitor_start])
    n = buyer.size
    known = buyer >= 0
    mobile_p = np.where(known, buyers.mobile_affinity[np.maximum(buyer, 0)], 0.5)
    app_p = np.where(known, buyers.app_affinity[np.maximum(buyer, 0)], 0.1)
    mobile = rng.random(n) < mobile_p
    device = np.where(mobile, np.where(rng.random(n) < 0.12, 2, 1), 0)
    is_app = mobile & (rng.random(n) < app_p * 1.3)
    n_orders = orders.buyer.size
    device[:n_orders] = orders.device
    is_app[:n_orders] = orders.is_app
    traffic = rng.choice(len(TRAFFIC_SOURCES), size=n, p=probabilities(TRAFFIC_WEIGHTS))
    # newsletter subscribers come from e-mails more often
    newsletter = known & buyers.newsletter[np.maximum(buyer, 0)] & (rng.random(n) < 0.15)
    traffic[newsletter] = TRAFFIC_SOURCES.index("email")
    order_index = np.concatenate([np.arange(n_orders), np.full(n - n_orders, -1)])
    number = np.empty(n, dtype=np.int64)
    number[:n_orders] = orders.session_number
    next_number = first_session_number + n_orders
    number[n_orders:] = np.arange(next_number, next_number + n - n_orders)
    sessions = Sessions(number, buyer, kind, start, device, is_app, traffic, order_index)
    return sessions, first_visitor_number + n_visitors


def event_counts(rng: np.random.Generator, sessions: Sessions, buyers: Buyers, orders: Orders):
    """How many events of each type every session holds."""
    n = sessions.kind.size
    purchase = sessions.kind == KIND_PURCHASE
    browse = (sessions.kind == KIND_BROWSE) | (sessions.kind == KIND_VISITOR)
    signup = sessions.kind == KIND_SIGNUP
    bounce = browse & (rng.random(n) < 0.45)
    engaged = browse & ~bounce
    newsletter = signup & buyers.newsletter[np.maximum(sessions.buyer, 0)]
    coupon = np.zeros(n, dtype=bool)
    coupon[purchase] = orders.has_coupon[sessions.order[purchase]]
    # visitors from search engines, social networks and partners often land on a product
    # page directly: no home or category page in the session
    deep_link = (
        (browse | purchase)
        & np.isin(sessions.traffic, DEEP_LINK_TRAFFIC)
        & (rng.random(n) < DEEP_LINK_SHARE)
    )

    def maybe(mask, p, extra=0.0):
        hit = mask & (rng.random(n) < p)
        return hit * (1 + (rng.poisson(extra, n) if extra else 0))

    return {
        "email_click": (sessions.traffic == TRAFFIC_SOURCES.index("email")) & ~signup,
        "account_created": signup,
        "newsletter_signup": newsletter,
        "page_view": ((browse | purchase) & ~deep_link) * (1 + rng.poisson(0.3, n)),
        "search": maybe(engaged, 0.35, 1.0) + maybe(purchase, 0.5, 1.0),
        "product_view": engaged * rng.poisson(2.5, n)
        + purchase * (1 + rng.poisson(2.0, n))
        + (deep_link & ~purchase),
        "recommendation_click": maybe(engaged, 0.12, 1.2) + maybe(purchase, 0.2, 1.2),
        "add_to_favorites": maybe(engaged | purchase, 0.1),
        "chat_started": maybe(engaged, 0.03) + maybe(purchase, 0.06),
        "add_to_cart": maybe(engaged, 0.18, 0.3),  # purchase sessions: one per order line
        "remove_from_cart": maybe(engaged, 0.04),
        "coupon_applied": coupon,
        "checkout_started": maybe(engaged, 0.04) + purchase,
        "purchase": purchase,
    }


def make_events(
    rng: np.random.Generator,
    config: GeneratorConfig,
    buyers: Buyers,
    orders: Orders,
    lines: Lines,
    products: Products,
    sessions: Sessions,
    first_event_number: int,
    first_visitor_number: int,
) -> pa.Table:
    counts = event_counts(rng, sessions, buyers, orders)
    session_parts, type_parts, product_parts = [], [], []
    for event_type, count in counts.items():
        idx = np.repeat(np.arange(sessions.kind.size), np.asarray(count, dtype=np.int64))
        session_parts.append(idx)
        type_parts.append(np.full(idx.size, EVENT_TYPES.index(event_type)))
        product_parts.append(np.full(idx.size, -1))
    # purchase sessions put every purchased product in the cart
    order_to_session = np.empty(orders.buyer.size, dtype=np.int64)
    purchase_sessions = np.flatnonzero(sessions.kind == KIND_PURCHASE)
    order_to_session[sessions.order[purchase_sessions]] = purchase_sessions
    session_parts.append(order_to_session[lines.order])
    type_parts.append(np.full(lines.order.size, EVENT_TYPES.index("add_to_cart")))
    product_parts.append(lines.product)
    session = np.concatenate(session_parts)
    event_type = np.concatenate(type_parts)
    product = np.concatenate(product_parts)
    step = np.array([STEP[name] for name in EVENT_TYPES])[event_type]
    order = np.lexsort((rng.random(session.size), step, session))
    session, event_type, product = session[order], event_type[order], product[order]
    n = session.size

    # products: from the buyer's favourite category most of the time
    needs_product = np.isin(event_type, [EVENT_TYPES.index(t) for t in HAS_PRODUCT]) & (product < 0)
    buyer = sessions.buyer[session]
    favourite = np.where(buyer >= 0, buyers.favourite_category[np.maximum(buyer, 0)], 0)
    wanted = np.where(
        (rng.random(n) < 0.6) & (buyer >= 0),
        favourite,
        rng.choice(len(CATEGORIES), size=n, p=probabilities(CATEGORY_WEIGHTS)),
    )
    session_start = sessions.start[session]
    product[needs_product] = pick_products(
        rng, products, wanted[needs_product], session_start[needs_product]
    )
    category = np.where(product >= 0, products.category[np.maximum(product, 0)], -1)
    is_search = event_type == EVENT_TYPES.index("search")
    category[is_search] = wanted[is_search]

    # time: dwell before each event, sessions aligned so the purchase happens at the order time
    dwell = rng.exponential(40.0, n).astype(np.int64) + 1
    dwell[group_rank(session) == 0] = 0
    cumulative = np.cumsum(dwell)
    first_of_session = np.searchsorted(session, session)
    offset = cumulative - cumulative[first_of_session]
    last_of_session = np.searchsorted(session, np.arange(sessions.kind.size), side="right") - 1
    start = sessions.start.astype(np.int64).copy()
    purchase = sessions.kind == KIND_PURCHASE
    start[purchase] = start[purchase] - offset[last_of_session[purchase]]
    occurred = np.minimum(start[session] + offset, config.end_second)

    # identity: anonymous before sign-up, linked through the anonymous id afterwards
    known = buyer >= 0
    safe_buyer = np.maximum(buyer, 0)
    logged_in = known & (occurred >= buyers.created_second[safe_buyer])
    visitor_number = first_visitor_number + np.cumsum(sessions.kind == KIND_VISITOR) - 1
    anonymous_id = pc.if_else(
        pa.array(known),
        arrow.ids("A", buyers.number[safe_buyer], 8),
        arrow.ids("V", visitor_number[session], 8),
    )
    traffic = sessions.traffic[session]
    with_campaign = [
        TRAFFIC_SOURCES.index(s) for s in ("email", "paid_search", "social", "affiliate")
    ]
    campaign_needed = np.isin(traffic, with_campaign)
    month = month_of(occurred)
    campaign = np.where(month >= 10, 3 + (month == 11), month // 4)
    newsletter_mail = (traffic == TRAFFIC_SOURCES.index("email")) & (rng.random(n) < 0.5)
    campaign = np.where(newsletter_mail, CAMPAIGNS.index("weekly_newsletter"), campaign)
    page = np.array([PAGE_TYPES.index(PAGE_OF[name]) for name in EVENT_TYPES])[event_type]
    page_view = event_type == EVENT_TYPES.index("page_view")
    page[page_view] = rng.choice([0, 1, 7], size=page_view.sum(), p=[0.6, 0.3, 0.1])
    word = rng.integers(0, len(SEARCH_WORDS), n)
    queries = pc.binary_join_element_wise(
        arrow.categorical(np.maximum(category, 0), CATEGORIES),
        arrow.categorical(word, SEARCH_WORDS),
        " ",
    )
    return arrow.table(
        "events",
        {
            "event_id": arrow.ids("E", np.arange(first_event_number, first_event_number + n), 12),
            "occurred_at": arrow.timestamps(occurred),
            "buyer_id": pc.if_else(
                pa.array(logged_in), arrow.ids("B", buyers.number[safe_buyer], 8), None
            ),
            "anonymous_id": anonymous_id,
            "session_id": arrow.ids("SS", sessions.number[session], 11),
            "event_type": arrow.categorical(event_type, EVENT_TYPES),
            "page_type": arrow.categorical(page, PAGE_TYPES),
            "product_id": pc.if_else(
                pa.array(product >= 0), arrow.ids("P", np.maximum(product, 0) + 1, 7), None
            ),
            "category": arrow.categorical(np.maximum(category, 0), CATEGORIES, category < 0),
            "search_query": pc.if_else(pa.array(is_search), queries, None),
            "traffic_source": arrow.categorical(traffic, TRAFFIC_SOURCES),
            "campaign": arrow.categorical(campaign, CAMPAIGNS, ~campaign_needed),
            "device_type": arrow.categorical(sessions.device[session], DEVICES),
            "is_app": arrow.booleans(sessions.is_app[session]),
        },
    )
