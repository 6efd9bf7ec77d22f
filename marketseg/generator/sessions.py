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
from marketseg.generator.market import Market
from marketseg.generator.orders import (
    APP_AFFINITY_BOOST,
    DAY,
    FAVOURITE_CATEGORY_SHARE,
    Orders,
    Purchases,
    device_of,
    group_rank,
    month_of,
    pick_products,
)
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
ANONYMOUS = -1  # the buyer of an anonymous visitor's session
NO_ORDER = -1  # the order of a session without a purchase
NO_PRODUCT = -1  # the product of an event about no product
NO_CATEGORY = -1  # the category of an event about no product, other than a search
PRE_SIGNUP_DAYS = 30  # buyers browse anonymously up to this many days before signing up
MEAN_DAYS_ACTIVE_AFTER = 150  # after the sign-up or the last order
BUYERS_PER_VISITOR = 2  # anonymous visitors who never sign up: one per two buyers
VISITOR_MOBILE_P, VISITOR_APP_P = 0.5, 0.1  # an anonymous visitor's device affinities
NEWSLETTER_EMAIL_SHARE = 0.15  # of a subscriber's sessions coming from an e-mail
BOUNCE_SHARE = 0.45  # of browsing sessions with a single page
MEAN_DWELL_SECONDS = 40.0  # before each event of a session but the first
CAMPAIGN_TRAFFIC = [
    TRAFFIC_SOURCES.index(source) for source in ("email", "paid_search", "social", "affiliate")
]
NEWSLETTER_MAIL_SHARE = 0.5  # of e-mail traffic coming from the weekly newsletter
# the seasonal campaign of each calendar month (January first)
CAMPAIGN_OF_MONTH = np.array(
    [
        CAMPAIGNS.index(name)
        for name in ("spring_sale",) * 4
        + ("summer_sale",) * 4
        + ("back_to_school",) * 2
        + ("black_friday", "christmas")
    ]
)
# where a page view lands
LANDING_PAGES = [PAGE_TYPES.index(name) for name in ("home", "category", "content")]
LANDING_PAGE_P = [0.6, 0.3, 0.1]


@dataclass
class Sessions:
    number: np.ndarray
    buyer: np.ndarray  # buyer index in the chunk, ANONYMOUS for an anonymous visitor
    kind: np.ndarray
    start: np.ndarray  # seconds; for purchase sessions the order time until aligned
    device: np.ndarray
    is_app: np.ndarray
    traffic: np.ndarray
    order: np.ndarray  # order index for purchase sessions, NO_ORDER otherwise
    visitor: np.ndarray  # visitor number (anonymous_id "V...") of visitors' sessions


@dataclass
class Events:
    """A chunk's events, one element per event, sorted by session then funnel step."""

    session: np.ndarray  # session index
    event_type: np.ndarray  # index into EVENT_TYPES
    product: np.ndarray  # product index, NO_PRODUCT for an event about no product


def make_sessions(
    rng: np.random.Generator,
    market: Market,
    purchases: Purchases,
    first_session_number: int,
    first_visitor_number: int,
) -> tuple[Sessions, int]:
    """Every session of the chunk: a purchase session per order, the buyers' browsing and
    sign-up sessions, anonymous visitors; and the next visitor number."""
    config, buyers, orders = market.config, purchases.buyers, purchases.orders
    n_buyers = buyers.number.size
    last_order = np.full(n_buyers, -1, dtype=np.int64)
    np.maximum.at(last_order, orders.buyer, orders.second)
    active_from = buyers.created_second - PRE_SIGNUP_DAYS * DAY
    base = np.maximum(buyers.created_second, last_order)
    active_to = np.minimum(
        config.end_second, base + rng.exponential(MEAN_DAYS_ACTIVE_AFTER * DAY, n_buyers)
    )
    window = np.maximum(active_to - active_from, DAY)
    browse_count = rng.poisson(buyers.engagement * window / DAY)
    browse_buyer = np.repeat(np.arange(n_buyers), browse_count)
    browse_start = active_from[browse_buyer] + rng.random(browse_buyer.size) * window[browse_buyer]
    browse_start = np.maximum(browse_start.astype(np.int64), config.start_second)
    n_visitors = n_buyers // BUYERS_PER_VISITOR
    visitor_start = config.start_second + (
        rng.random(n_visitors) * (config.end_second - config.start_second - 3_600)
    ).astype(np.int64)
    buyer = np.concatenate(
        [orders.buyer, browse_buyer, np.arange(n_buyers), np.full(n_visitors, ANONYMOUS)]
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
    device, is_app, traffic = session_devices_and_traffic(rng, purchases, buyer)
    n = buyer.size
    n_orders = orders.buyer.size
    order_index = np.concatenate([np.arange(n_orders), np.full(n - n_orders, NO_ORDER)])
    number = np.empty(n, dtype=np.int64)
    number[:n_orders] = orders.session_number
    next_number = first_session_number + n_orders
    number[n_orders:] = np.arange(next_number, next_number + n - n_orders)
    visitor = first_visitor_number + np.cumsum(kind == KIND_VISITOR) - 1
    sessions = Sessions(number, buyer, kind, start, device, is_app, traffic, order_index, visitor)
    return sessions, first_visitor_number + n_visitors


def session_devices_and_traffic(
    rng: np.random.Generator, purchases: Purchases, buyer: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(device, is_app, traffic source) of each session, purchase sessions (first) those of
    their order."""
    buyers, orders = purchases.buyers, purchases.orders
    n = buyer.size
    known = buyer != ANONYMOUS
    mobile_p = np.where(known, buyers.mobile_affinity[np.maximum(buyer, 0)], VISITOR_MOBILE_P)
    app_p = np.where(known, buyers.app_affinity[np.maximum(buyer, 0)], VISITOR_APP_P)
    mobile = rng.random(n) < mobile_p
    device = device_of(rng, mobile)
    is_app = mobile & (rng.random(n) < app_p * APP_AFFINITY_BOOST)
    n_orders = orders.buyer.size
    device[:n_orders] = orders.device
    is_app[:n_orders] = orders.is_app
    traffic = rng.choice(len(TRAFFIC_SOURCES), size=n, p=probabilities(TRAFFIC_WEIGHTS))
    # newsletter subscribers come from e-mails more often
    newsletter = (
        known & buyers.newsletter[np.maximum(buyer, 0)] & (rng.random(n) < NEWSLETTER_EMAIL_SHARE)
    )
    traffic[newsletter] = TRAFFIC_SOURCES.index("email")
    return device, is_app, traffic


def event_counts(rng: np.random.Generator, sessions: Sessions, buyers: Buyers, orders: Orders):
    """How many events of each type every session holds."""
    n = sessions.kind.size
    purchase = sessions.kind == KIND_PURCHASE
    browse = (sessions.kind == KIND_BROWSE) | (sessions.kind == KIND_VISITOR)
    signup = sessions.kind == KIND_SIGNUP
    bounce = browse & (rng.random(n) < BOUNCE_SHARE)
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
    market: Market,
    purchases: Purchases,
    sessions: Sessions,
    first_event_number: int,
) -> pa.Table:
    """The events of every session, in steps that draw from `rng` in a fixed order."""
    buyers = purchases.buyers
    events = funnel_events(rng, purchases, sessions)
    wanted = pick_event_products(rng, market.products, buyers, sessions, events)
    category = np.where(
        events.product != NO_PRODUCT,
        market.products.category[np.maximum(events.product, 0)],
        NO_CATEGORY,
    )
    is_search = events.event_type == EVENT_TYPES.index("search")
    category[is_search] = wanted[is_search]
    occurred = event_seconds(rng, market.config.end_second, sessions, events.session)
    traffic = sessions.traffic[events.session]
    campaign = event_campaigns(rng, traffic, occurred)
    page = event_pages(rng, events.event_type)
    word = rng.integers(0, len(SEARCH_WORDS), events.session.size)
    queries = pc.binary_join_element_wise(
        arrow.categorical(np.maximum(category, 0), CATEGORIES),
        arrow.categorical(word, SEARCH_WORDS),
        " ",
    )
    n = events.session.size
    return arrow.table(
        "events",
        {
            "event_id": arrow.ids("E", np.arange(first_event_number, first_event_number + n), 12),
            "occurred_at": arrow.timestamps(occurred),
            **event_identities(buyers, sessions, events.session, occurred),
            "session_id": arrow.ids("SS", sessions.number[events.session], 11),
            "event_type": arrow.categorical(events.event_type, EVENT_TYPES),
            "page_type": arrow.categorical(page, PAGE_TYPES),
            "product_id": pc.if_else(
                pa.array(events.product != NO_PRODUCT),
                arrow.ids("P", np.maximum(events.product, 0) + 1, 7),
                None,
            ),
            "category": arrow.categorical(
                np.maximum(category, 0), CATEGORIES, category == NO_CATEGORY
            ),
            "search_query": pc.if_else(pa.array(is_search), queries, None),
            "traffic_source": arrow.categorical(traffic, TRAFFIC_SOURCES),
            "campaign": arrow.categorical(campaign, CAMPAIGNS, ~np.isin(traffic, CAMPAIGN_TRAFFIC)),
            "device_type": arrow.categorical(sessions.device[events.session], DEVICES),
            "is_app": arrow.booleans(sessions.is_app[events.session]),
        },
    )


def funnel_events(rng: np.random.Generator, purchases: Purchases, sessions: Sessions) -> Events:
    """The events of every session (`event_counts`, and an `add_to_cart` per order line of
    purchase sessions), in funnel order within a session, ties in random order."""
    orders, lines = purchases.orders, purchases.lines
    counts = event_counts(rng, sessions, purchases.buyers, orders)
    session_parts, type_parts, product_parts = [], [], []
    for event_type, count in counts.items():
        idx = np.repeat(np.arange(sessions.kind.size), np.asarray(count, dtype=np.int64))
        session_parts.append(idx)
        type_parts.append(np.full(idx.size, EVENT_TYPES.index(event_type)))
        product_parts.append(np.full(idx.size, NO_PRODUCT))
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
    return Events(session[order], event_type[order], product[order])


def pick_event_products(
    rng: np.random.Generator,
    products: Products,
    buyers: Buyers,
    sessions: Sessions,
    events: Events,
) -> np.ndarray:
    """Set the product of the events about a product that have none yet, from the buyer's
    favourite category most of the time; return the category each event wanted."""
    n = events.session.size
    needs_product = np.isin(events.event_type, [EVENT_TYPES.index(t) for t in HAS_PRODUCT]) & (
        events.product == NO_PRODUCT
    )
    buyer = sessions.buyer[events.session]
    favourite = np.where(buyer != ANONYMOUS, buyers.favourite_category[np.maximum(buyer, 0)], 0)
    wanted = np.where(
        (rng.random(n) < FAVOURITE_CATEGORY_SHARE) & (buyer != ANONYMOUS),
        favourite,
        rng.choice(len(CATEGORIES), size=n, p=probabilities(CATEGORY_WEIGHTS)),
    )
    session_start = sessions.start[events.session]
    events.product[needs_product] = pick_products(
        rng, products, wanted[needs_product], session_start[needs_product]
    )
    return wanted


def event_seconds(
    rng: np.random.Generator, end_second: int, sessions: Sessions, session: np.ndarray
) -> np.ndarray:
    """When each event occurred: a dwell before each event, sessions aligned so that the
    purchase happens at the order time."""
    dwell = rng.exponential(MEAN_DWELL_SECONDS, session.size).astype(np.int64) + 1
    dwell[group_rank(session) == 0] = 0
    cumulative = np.cumsum(dwell)
    first_of_session = np.searchsorted(session, session)
    offset = cumulative - cumulative[first_of_session]
    last_of_session = np.searchsorted(session, np.arange(sessions.kind.size), side="right") - 1
    start = sessions.start.astype(np.int64).copy()
    purchase = sessions.kind == KIND_PURCHASE
    start[purchase] = start[purchase] - offset[last_of_session[purchase]]
    return np.minimum(start[session] + offset, end_second)


def event_identities(
    buyers: Buyers, sessions: Sessions, session: np.ndarray, occurred: np.ndarray
) -> dict[str, pa.Array]:
    """`buyer_id` and `anonymous_id`: anonymous before the sign-up, linked through the
    anonymous id afterwards."""
    buyer = sessions.buyer[session]
    known = buyer != ANONYMOUS
    safe_buyer = np.maximum(buyer, 0)
    logged_in = known & (occurred >= buyers.created_second[safe_buyer])
    return {
        "buyer_id": pc.if_else(
            pa.array(logged_in), arrow.ids("B", buyers.number[safe_buyer], 8), None
        ),
        "anonymous_id": pc.if_else(
            pa.array(known),
            arrow.ids("A", buyers.number[safe_buyer], 8),
            arrow.ids("V", sessions.visitor[session], 8),
        ),
    }


def event_campaigns(
    rng: np.random.Generator, traffic: np.ndarray, occurred: np.ndarray
) -> np.ndarray:
    """The index into CAMPAIGNS of each event: the seasonal campaign of its month, or the
    weekly newsletter for part of the e-mail traffic."""
    campaign = CAMPAIGN_OF_MONTH[month_of(occurred)]
    newsletter_mail = (traffic == TRAFFIC_SOURCES.index("email")) & (
        rng.random(traffic.size) < NEWSLETTER_MAIL_SHARE
    )
    return np.where(newsletter_mail, CAMPAIGNS.index("weekly_newsletter"), campaign)


def event_pages(rng: np.random.Generator, event_type: np.ndarray) -> np.ndarray:
    """The index into PAGE_TYPES of each event: its event type's page, a page view's
    landing page drawn."""
    page = np.array([PAGE_TYPES.index(PAGE_OF[name]) for name in EVENT_TYPES])[event_type]
    page_view = event_type == EVENT_TYPES.index("page_view")
    page[page_view] = rng.choice(LANDING_PAGES, size=page_view.sum(), p=LANDING_PAGE_P)
    return page
