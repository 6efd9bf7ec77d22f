"""Purchases: a Poisson process per buyer with dropout after each purchase (BG/NBD-like),
seasonality by thinning, baskets drawn from the sellers' catalogues."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from marketseg.generator import arrow
from marketseg.generator.buyers import Buyers
from marketseg.generator.catalog import (
    CATEGORIES,
    CATEGORY_WEIGHTS,
    CHANNELS,
    CITY_LIST,
    COUNTRIES,
    COUPONS,
    CURRENCIES,
    DELIVERY_METHODS,
    DELIVERY_WEIGHTS,
    DEVICES,
    MONTH_SEASONALITY,
    PAYMENT_METHODS,
    PAYMENT_WEIGHTS,
    probabilities,
)
from marketseg.generator.config import GeneratorConfig
from marketseg.generator.market import Market
from marketseg.generator.sellers import Products

DAY = 86_400
DECEMBER = 11  # month_of: 0 is January
STATUSES = ("placed", "paid", "shipped", "delivered", "cancelled", "refunded")
SETTLED_STATUS_P = np.array([0.01, 0.005, 0.005, 0.89, 0.06, 0.03])
RECENT_STATUS_P = np.array([0.08, 0.2, 0.4, 0.25, 0.06, 0.01])
RECENT_DAYS = 10  # orders of the last days of the period may not be settled yet
DESKTOP, MOBILE, TABLET = (DEVICES.index(name) for name in ("desktop", "mobile", "tablet"))
TABLET_SHARE = 0.12  # of the sessions on a mobile device
APP_AFFINITY_BOOST = 1.3  # a mobile session is in the app with this multiple of the affinity
WEB, MOBILE_WEB, APP = (CHANNELS.index(name) for name in ("web", "mobile_web", "app"))
COUPON_SHARE = 0.12  # of orders with a coupon code
QUICK_FIRST_PURCHASE_SHARE = 0.5  # of first orders placed in the days after sign-up
GIFT_SHARE_DECEMBER, GIFT_SHARE = 0.18, 0.05
SHIPPED_TO_OWN_CITY_SHARE = 0.9
FAVOURITE_CATEGORY_SHARE = 0.6  # of products picked from the buyer's favourite category
FREE_ITEM_SHARE = 0.003  # free items are legitimate
PROMOTION_SHARE = 0.12  # of order lines discounted by a promotion (without a coupon)
FASHION = CATEGORIES.index("fashion")  # returned more often than the other categories


@dataclass
class Orders:
    number: np.ndarray
    buyer: np.ndarray  # buyer index in the chunk
    second: np.ndarray
    status: np.ndarray
    has_coupon: np.ndarray
    device: np.ndarray  # index into DEVICES of the purchase session
    is_app: np.ndarray
    session_number: np.ndarray


@dataclass
class Lines:
    order: np.ndarray  # order index in the chunk
    product: np.ndarray
    category: np.ndarray


@dataclass(frozen=True)
class Purchases:
    """A chunk's buyers, their orders and the orders' lines."""

    buyers: Buyers
    orders: Orders
    lines: Lines


def month_of(seconds: np.ndarray) -> np.ndarray:
    return seconds.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64) % 12


def group_rank(sorted_groups: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal values of an ascending array."""
    return np.arange(sorted_groups.size) - np.searchsorted(sorted_groups, sorted_groups)


def purchase_times(
    rng: np.random.Generator, config: GeneratorConfig, buyers: Buyers
) -> tuple[np.ndarray, np.ndarray]:
    """(buyer index, second) of every order, sorted by buyer then time."""
    window = (config.end_second - buyers.created_second).astype(np.float64)
    peak = MONTH_SEASONALITY.max()
    candidates = rng.poisson(buyers.purchase_rate * window / DAY * peak / MONTH_SEASONALITY.mean())
    buyer = np.repeat(np.arange(buyers.number.size), candidates)
    second = buyers.created_second[buyer] + (rng.random(buyer.size) * window[buyer]).astype(
        np.int64
    )
    kept = rng.random(buyer.size) < MONTH_SEASONALITY[month_of(second)] / peak
    buyer, second = buyer[kept], second[kept]
    order = np.lexsort((second, buyer))
    buyer, second = buyer[order], second[order]
    rank = group_rank(buyer)
    # many buyers purchase right after signing up
    first = rank == 0
    quick = first & (rng.random(buyer.size) < QUICK_FIRST_PURCHASE_SHARE)
    second[quick] = np.minimum(
        second[quick],
        buyers.created_second[buyer[quick]]
        + rng.exponential(2 * DAY, quick.sum()).astype(np.int64),
    )
    # each purchase may be the last one: the buyer drops out (geometric lifetime)
    lifetime = rng.geometric(buyers.dropout)
    alive = rank < lifetime[buyer]
    return buyer[alive], second[alive]


def device_of(rng: np.random.Generator, mobile: np.ndarray) -> np.ndarray:
    """The index into DEVICES of each session: a desktop unless `mobile`, a mobile device
    a tablet TABLET_SHARE of the time."""
    return np.where(
        mobile, np.where(rng.random(mobile.size) < TABLET_SHARE, TABLET, MOBILE), DESKTOP
    )


def make_orders(
    rng: np.random.Generator,
    market: Market,
    buyers: Buyers,
    first_order_number: int,
    first_session_number: int,
) -> tuple[Orders, Lines, pa.Table, pa.Table]:
    config = market.config
    buyer, second = purchase_times(rng, config, buyers)
    # nothing can be bought before the first product goes on sale
    open_for_sale = second >= market.products.first_sale_second
    buyer, second = buyer[open_for_sale], second[open_for_sale]
    n = buyer.size
    recent = second > config.end_second - RECENT_DAYS * DAY
    status = np.where(
        recent,
        rng.choice(len(STATUSES), size=n, p=RECENT_STATUS_P),
        rng.choice(len(STATUSES), size=n, p=SETTLED_STATUS_P),
    )
    has_coupon = rng.random(n) < COUPON_SHARE
    mobile = rng.random(n) < buyers.mobile_affinity[buyer]
    device = device_of(rng, mobile)
    is_app = mobile & (rng.random(n) < buyers.app_affinity[buyer] * APP_AFFINITY_BOOST)
    channel = np.where(is_app, APP, np.where(mobile, MOBILE_WEB, WEB))
    december = month_of(second) == DECEMBER
    is_gift = rng.random(n) < np.where(december, GIFT_SHARE_DECEMBER, GIFT_SHARE)
    numbers = np.arange(first_order_number, first_order_number + n)
    session_numbers = np.arange(first_session_number, first_session_number + n)
    same_city = rng.random(n) < SHIPPED_TO_OWN_CITY_SHARE
    ship_city = np.where(same_city, buyers.city[buyer], rng.integers(0, len(CITY_LIST), n))
    orders = Orders(numbers, buyer, second, status, has_coupon, device, is_app, session_numbers)

    lines, items = make_lines(rng, market, buyers, orders)
    order_table = arrow.table(
        "orders",
        {
            "order_id": arrow.ids("O", numbers, 10),
            "buyer_id": arrow.ids("B", buyers.number[buyer], 8),
            "ordered_at": arrow.timestamps(second),
            "updated_at": arrow.timestamps(second + rng.integers(60, 5 * DAY, size=n)),
            "status": arrow.categorical(status, STATUSES),
            "currency": arrow.categorical(buyers.currency[buyer], CURRENCIES),
            "coupon_code": arrow.categorical(
                rng.integers(0, len(COUPONS), n), COUPONS, ~has_coupon
            ),
            "payment_method": arrow.categorical(
                rng.choice(len(PAYMENT_METHODS), size=n, p=probabilities(PAYMENT_WEIGHTS)),
                PAYMENT_METHODS,
            ),
            "delivery_method": arrow.categorical(
                rng.choice(len(DELIVERY_METHODS), size=n, p=probabilities(DELIVERY_WEIGHTS)),
                DELIVERY_METHODS,
            ),
            "channel": arrow.categorical(channel, CHANNELS),
            "session_id": arrow.ids("SS", session_numbers, 11),
            "is_gift": arrow.booleans(is_gift),
            "shipping_country_code": arrow.categorical(buyers.country[buyer], COUNTRIES),
            "shipping_city": arrow.categorical(ship_city, CITY_LIST),
        },
    )
    return orders, lines, order_table, items


def pick_products(
    rng: np.random.Generator, products: Products, category: np.ndarray, seconds: np.ndarray
) -> np.ndarray:
    """A product of each wanted category, by popularity, among those on sale at `seconds`.

    When nothing of the category is on sale yet, the product comes from the whole
    catalogue on sale then (another category); -1 when nothing at all is on sale.
    """
    product = np.full(category.size, -1, dtype=np.int64)
    share = np.empty(category.size)
    for index in range(len(products.by_category)):
        rows = np.flatnonzero(category == index)
        if rows.size == 0:
            continue
        share[rows] = rng.random(rows.size)
        product[rows] = on_sale_at(
            products.by_category[index],
            products.cumulative_weight[index],
            products.created_by_category[index],
            seconds[rows],
            share[rows],
        )
    elsewhere = np.flatnonzero(product < 0)
    product[elsewhere] = on_sale_at(
        products.by_time,
        products.cumulative_weight_by_time,
        products.created_by_time,
        seconds[elsewhere],
        share[elsewhere],
    )
    return product


def on_sale_at(
    candidates: np.ndarray,
    cumulative: np.ndarray,
    created: np.ndarray,
    seconds: np.ndarray,
    share: np.ndarray,
) -> np.ndarray:
    """The candidate (oldest first) at `share` of the popularity of those already created
    at each second, products that never sell skipped; -1 when none sells yet."""
    on_sale = np.searchsorted(created, seconds, side="right")
    if candidates.size == 0:
        return np.full(seconds.size, -1, dtype=np.int64)
    last = np.maximum(on_sale, 1) - 1
    ceiling = np.where(on_sale > 0, cumulative[last], 0.0)
    draw = np.searchsorted(cumulative, share * ceiling, side="right")
    return np.where(ceiling > 0, candidates[np.minimum(draw, last)], -1)


def make_lines(
    rng: np.random.Generator, market: Market, buyers: Buyers, orders: Orders
) -> tuple[Lines, pa.Table]:
    sellers, products = market.sellers, market.products
    n_orders = orders.buyer.size
    spend = buyers.spend_scale[orders.buyer]
    per_order = 1 + rng.poisson(0.7 * np.sqrt(np.minimum(spend, 4.0)))
    order = np.repeat(np.arange(n_orders), per_order)
    line_number = group_rank(order) + 1
    buyer = orders.buyer[order]
    n = order.size
    category = np.where(
        rng.random(n) < FAVOURITE_CATEGORY_SHARE,
        buyers.favourite_category[buyer],
        rng.choice(len(CATEGORIES), size=n, p=probabilities(CATEGORY_WEIGHTS)),
    )
    second = orders.second[order]
    product = pick_products(rng, products, category, second)
    if (product < 0).any():
        raise RuntimeError("an order line found no product on sale: orders start too early")
    category = products.category[product]
    seller = products.seller[product]
    currency = buyers.currency[buyer]
    to_eur = market.fx.rate(currency, second)
    unit_price = np.round(products.price_eur[product] / to_eur * rng.lognormal(0, 0.03, n), 2)
    unit_price[rng.random(n) < FREE_ITEM_SHARE] = 0.0
    quantity = np.where(
        buyers.professional[buyer], 1 + rng.poisson(2.0, n), 1 + rng.poisson(0.25, n)
    )
    promo = rng.random(n) < PROMOTION_SHARE
    discount_pct = np.where(
        orders.has_coupon[order],
        rng.choice([0.1, 0.15, 0.2], size=n),
        np.where(promo, rng.choice([0.05, 0.1, 0.15, 0.2, 0.3], size=n), 0.0),
    )
    gross = unit_price * quantity
    discount = np.round(gross * discount_pct, 2)
    commission = np.round(sellers.commission_rate[seller] * (gross - discount), 2)
    delivered = orders.status[order] == STATUSES.index("delivered")
    return_p = 0.03 + 0.12 * (1 - sellers.quality[seller]) + 0.05 * (category == FASHION)
    is_returned = delivered & (rng.random(n) < return_p)
    table = arrow.table(
        "order_items",
        {
            "order_id": arrow.ids("O", orders.number[order], 10),
            "line_number": arrow.int32(line_number),
            "product_id": arrow.ids("P", product + 1, 7),
            "seller_id": arrow.ids("S", seller + 1, 6),
            "category": arrow.categorical(category, CATEGORIES),
            "quantity": arrow.int32(quantity),
            "unit_price": arrow.money(unit_price),
            "discount_amount": arrow.money(discount),
            "commission_amount": arrow.money(commission),
            "is_returned": arrow.booleans(is_returned),
        },
    )
    return Lines(order, product, category), table
