"""`simulate(config)`: the whole marketplace as a stream of table chunks.

Buyers are simulated in chunks of `config.chunk_buyers` so that memory stays bounded
whatever the size; every random draw comes from one `numpy.random.default_rng(seed)`
used in a fixed order, so the same config gives the same rows. Orders, buyers and sellers
get their versions (`versions`) after the defects, so a defect touches one version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from marketseg.generator.aftersales import make_reviews, make_tickets
from marketseg.generator.buyers import make_buyers
from marketseg.generator.config import GeneratorConfig
from marketseg.generator.dirty import DIRTY_KINDS, DirtyLog, Injector
from marketseg.generator.fx import make_fx
from marketseg.generator.market import Market
from marketseg.generator.orders import Purchases, make_orders
from marketseg.generator.sellers import make_sellers
from marketseg.generator.sessions import make_events, make_sessions
from marketseg.generator.versions import buyer_versions, order_versions, seller_versions


@dataclass
class Chunk:
    """Rows of some tables, and how many buyers of the total they cover."""

    tables: dict[str, pa.Table]
    buyers_done: int


@dataclass
class Counters:
    order: int = 1
    session: int = 1
    event: int = 1
    visitor: int = 1
    ticket: int = 1
    review: int = 1


def touched(log: DirtyLog, table: str) -> set:
    """Keys of `table` a defect touched (an erasure is no defect: it gets its version)."""
    return {
        key
        for kind, keys in log.keys.items()
        if DIRTY_KINDS[kind][0] == table and kind != "erased_buyer"
        for key in keys
        if key is not None
    }


def simulate(config: GeneratorConfig, log: DirtyLog | None = None) -> Iterator[Chunk]:
    """Yield the marketplace chunk by chunk: first sellers, products and FX, then buyers."""
    rng = np.random.default_rng(config.seed)
    log = log if log is not None else DirtyLog()
    fx, fx_table = make_fx(rng, config)
    sellers, products, seller_table, product_table = make_sellers(rng, config)
    market = Market(config, sellers, products, fx)
    injector = Injector(rng, config.dirty_rate, log, ensure_each=config.dirty_rate > 0)
    if config.dirty_rate > 0:
        seller_table = injector.sellers(seller_table)
        product_table = injector.products(product_table)
    seller_table = seller_versions(rng, seller_table, config.end_second, touched(log, "sellers"))
    yield Chunk({"fx_rates": fx_table, "sellers": seller_table, "products": product_table}, 0)

    counters = Counters()
    for chunk_index, first in enumerate(range(0, config.buyers, config.chunk_buyers)):
        n = min(config.chunk_buyers, config.buyers - first)
        buyers, buyer_table = make_buyers(rng, config, first + 1, n)
        orders, lines, order_table, item_table = make_orders(
            rng, market, buyers, counters.order, counters.session
        )
        counters.order += orders.buyer.size
        purchases = Purchases(buyers, orders, lines)
        sessions, counters.visitor = make_sessions(
            rng, market, purchases, counters.session, counters.visitor
        )
        counters.session += sessions.kind.size
        event_table = make_events(rng, market, purchases, sessions, counters.event)
        counters.event += event_table.num_rows
        ticket_table = make_tickets(rng, market, purchases, counters.ticket)
        counters.ticket += ticket_table.num_rows
        review_table = make_reviews(rng, market, purchases, counters.review)
        counters.review += review_table.num_rows
        if config.dirty_rate > 0:
            injector.ensure_each = chunk_index == 0
            buyer_table, order_table = injector.buyers(buyer_table, order_table)
            order_table = injector.orders(order_table)
            item_table = injector.order_items(item_table)
            event_table = injector.events(event_table, chunk_index)
        buyer_table = buyer_versions(rng, buyer_table, config.end_second, touched(log, "buyers"))
        order_table = order_versions(rng, order_table, config.end_second, touched(log, "orders"))
        yield Chunk(
            {
                "buyers": buyer_table,
                "orders": order_table,
                "order_items": item_table,
                "events": event_table,
                "support_tickets": ticket_table,
                "reviews": review_table,
            },
            first + n,
        )
