"""Dirty-data injection: every kind of defect of SPEC section 1, logged by key.

Defects are either appended copies of real rows (duplicates, re-sent versions, rows with
null or unknown keys, bots) or in-place changes of a few rows (codes, prices, quantities,
timestamps, test accounts). The log says which rows were touched, so tests can check that
staging rejects or repairs each of them with the right reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from marketseg.contract import TS
from marketseg.generator import arrow

YEAR_US = 365 * 86_400 * 1_000_000
BOT_EVENTS = 1_200  # far above any human: staging flags actors above `bot_max_events_per_day`

# kind -> (table, reason staging gives it, or None when the row is repaired and kept)
DIRTY_KINDS: dict[str, tuple[str, str | None]] = {
    "duplicate_event": ("events", "duplicate"),
    "duplicate_order_item": ("order_items", "duplicate"),
    "duplicate_buyer": ("buyers", "duplicate"),
    # an older clean version is kept as a version (stg_marketplace__<entity>_versions)
    "resent_order": ("orders", None),
    "resent_buyer": ("buyers", None),
    "null_key_order_item": ("order_items", "null_key"),
    "null_key_event": ("events", "null_key"),
    "null_key_buyer": ("buyers", "null_key"),
    "unknown_order_key": ("order_items", "unknown_order"),
    "unknown_currency": ("orders", "unknown_currency"),
    "lower_case_currency": ("orders", None),
    "lower_case_country": ("buyers", None),
    "unknown_country": ("buyers", None),
    "negative_price": ("order_items", "negative_price"),
    "negative_list_price": ("products", "negative_price"),
    "zero_quantity": ("order_items", "zero_quantity"),
    "negative_quantity": ("order_items", "negative_quantity"),
    "future_order": ("orders", "future_timestamp"),
    "future_event": ("events", "future_timestamp"),
    "order_before_launch": ("orders", "before_launch"),
    "event_before_launch": ("events", "before_launch"),
    "test_buyer": ("buyers", "test_account"),
    "test_seller": ("sellers", "test_account"),
    "bot": ("events", "bot"),
    "late_arriving_buyer": ("orders", None),
    "erased_buyer": ("buyers", None),
}


@dataclass
class DirtyLog:
    """Keys of the rows touched by each dirty kind (composite keys joined with '#')."""

    keys: dict[str, list[str | None]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, values) -> None:
        self.keys[kind].extend(values)

    def summary(self) -> dict[str, dict]:
        return {
            kind: {
                "table": DIRTY_KINDS[kind][0],
                "reason": DIRTY_KINDS[kind][1],
                "rows": len(self.keys.get(kind, [])),
                "keys": list(self.keys.get(kind, [])),
            }
            for kind in DIRTY_KINDS
        }


class Injector:
    """Applies the defects to one chunk of tables; `ensure_each` forces one of every kind."""

    def __init__(self, rng: np.random.Generator, rate: float, log: DirtyLog, ensure_each: bool):
        self.rng = rng
        self.rate = rate
        self.log = log
        self.ensure_each = ensure_each
        self.test_buyers: np.ndarray = np.array([], dtype=object)

    def how_many(self, rows: int, share: float = 1.0) -> int:
        if rows == 0:
            return 0
        count = int(self.rng.binomial(rows, min(1.0, self.rate * share / 10)))
        return min(rows, max(count, 1 if self.ensure_each else 0))

    def pick(self, rows: int, share: float = 1.0, among: np.ndarray | None = None) -> np.ndarray:
        pool = np.arange(rows) if among is None else among
        count = min(self.how_many(rows, share), pool.size)
        return np.sort(self.rng.choice(pool, size=count, replace=False))

    def mask(self, rows: int, index: np.ndarray) -> pa.Array:
        mask = np.zeros(rows, dtype=bool)
        mask[index] = True
        return pa.array(mask)

    def set_values(self, table: pa.Table, column: str, index: np.ndarray, values) -> pa.Table:
        position = table.schema.get_field_index(column)
        field_type = table.schema.field(column).type
        replaced = pc.replace_with_mask(
            table.column(column).combine_chunks(),
            self.mask(table.num_rows, index),
            pa.array(values, field_type),
        )
        return table.set_column(position, column, replaced)

    # ----------------------------------------------------------------- tables
    def buyers(self, buyers: pa.Table, orders: pa.Table) -> tuple[pa.Table, pa.Table]:
        n = buyers.num_rows
        ids = buyers.column("buyer_id").to_numpy(zero_copy_only=False)
        with_orders = np.flatnonzero(
            np.isin(ids, pc.unique(orders.column("buyer_id")).to_numpy(zero_copy_only=False))
        )
        chosen = self.rng.permutation(with_orders)
        k_test = min(self.how_many(n, 0.5), chosen.size // 3)
        k_late = min(self.how_many(n, 0.5), chosen.size // 3)
        test, late = np.sort(chosen[:k_test]), np.sort(chosen[k_test : k_test + k_late])
        buyers = self.set_values(buyers, "is_test_account", test, [True] * test.size)
        self.log.add("test_buyer", ids[test])
        self.test_buyers = ids[test]
        self.log.add("late_arriving_buyer", ids[late])

        lower = self.pick(n)
        codes = buyers.column("country_code").to_numpy(zero_copy_only=False)
        buyers = self.set_values(buyers, "country_code", lower, [c.lower() for c in codes[lower]])
        self.log.add("lower_case_country", ids[lower])
        unknown = self.pick(n)
        buyers = self.set_values(buyers, "country_code", unknown, ["XX"] * unknown.size)
        self.log.add("unknown_country", ids[unknown])
        erased = buyers.column("deleted_at").is_valid().to_numpy(zero_copy_only=False)
        if not erased.any() and self.ensure_each:
            buyers = self.set_values(
                buyers, "deleted_at", np.array([0]), [buyers.column("updated_at")[0].as_py()]
            )
            erased[0] = True
        self.log.add("erased_buyer", ids[erased])

        kept = np.setdiff1d(np.arange(n), late)
        duplicates = buyers.take(self.pick(n, among=kept))
        self.log.add("duplicate_buyer", duplicates.column("buyer_id").to_pylist())
        resent = buyers.take(self.pick(n, among=kept))
        self.log.add("resent_buyer", resent.column("buyer_id").to_pylist())
        newer = pc.add(
            resent.column("updated_at"), pa.scalar(86_400 * 1_000_000, pa.duration("us"))
        )
        newer_version = resent.set_column(
            resent.schema.get_field_index("updated_at"), "updated_at", newer.cast(TS)
        ).set_column(
            resent.schema.get_field_index("marketing_consent"),
            "marketing_consent",
            pc.invert(resent.column("marketing_consent")),
        )
        null_key = buyers.take(self.pick(n, 0.3, among=kept))
        null_key = self.set_values(
            null_key, "buyer_id", np.arange(null_key.num_rows), [None] * null_key.num_rows
        )
        self.log.add("null_key_buyer", [None] * null_key.num_rows)
        return pa.concat_tables([buyers.take(kept), duplicates, newer_version, null_key]), orders

    def not_of_test_buyers(self, table: pa.Table) -> np.ndarray:
        """Rows whose buyer is not a test account (their rows are rejected as such)."""
        buyers = table.column("buyer_id").to_numpy(zero_copy_only=False)
        return np.flatnonzero(~np.isin(buyers, self.test_buyers))

    def orders(self, orders: pa.Table) -> pa.Table:
        n = orders.num_rows
        ids = orders.column("order_id").to_numpy(zero_copy_only=False)
        eligible = self.not_of_test_buyers(orders)
        unknown = self.pick(n, among=eligible)
        orders = self.set_values(orders, "currency", unknown, ["XYZ"] * unknown.size)
        self.log.add("unknown_currency", ids[unknown])
        remaining = np.setdiff1d(eligible, unknown)
        lower = self.pick(n, among=remaining)
        currencies = orders.column("currency").to_numpy(zero_copy_only=False)
        orders = self.set_values(orders, "currency", lower, [c.lower() for c in currencies[lower]])
        self.log.add("lower_case_currency", ids[lower])
        remaining = np.setdiff1d(remaining, lower)
        future = self.pick(n, among=remaining)
        ordered_us = orders.column("ordered_at").cast(pa.int64()).to_numpy()
        orders = self.set_values(
            orders,
            "ordered_at",
            future,
            (ordered_us[future] + 20 * YEAR_US).astype("datetime64[us]"),
        )
        self.log.add("future_order", ids[future])
        remaining = np.setdiff1d(remaining, future)
        early = self.pick(n, among=remaining)
        early_us = ordered_us[early] % YEAR_US  # an epoch-zero default: 1970
        orders = self.set_values(orders, "ordered_at", early, early_us.astype("datetime64[us]"))
        self.log.add("order_before_launch", ids[early])
        resent = orders.take(self.pick(n, among=remaining))
        self.log.add("resent_order", resent.column("order_id").to_pylist())
        newer = pc.add(resent.column("updated_at"), pa.scalar(3_600 * 1_000_000, pa.duration("us")))
        newer_version = resent.set_column(
            resent.schema.get_field_index("updated_at"), "updated_at", newer.cast(TS)
        )
        return pa.concat_tables([orders, newer_version])

    def order_items(self, items: pa.Table) -> pa.Table:
        n = items.num_rows

        def keys(table: pa.Table) -> list[str]:
            return [
                f"{o}#{line}"
                for o, line in zip(
                    table.column("order_id").to_pylist(),
                    table.column("line_number").to_pylist(),
                    strict=True,
                )
            ]

        changed = {}
        for kind, column, value in (
            ("negative_price", "unit_price", None),
            ("zero_quantity", "quantity", 0),
            ("negative_quantity", "quantity", -1),
        ):
            rows = self.pick(
                n, among=np.setdiff1d(np.arange(n), np.array(list(changed), dtype=np.int64))
            )
            for row in rows:
                changed[int(row)] = kind
            if value is None:
                prices = items.column(column).to_pylist()
                values = [-(prices[r] if prices[r] else 1) for r in rows]
            else:
                values = [value] * rows.size
            items = self.set_values(items, column, rows, values)
            self.log.add(kind, keys(items.take(rows)))
        duplicates = items.take(self.pick(n))
        self.log.add("duplicate_order_item", keys(duplicates))
        null_key = items.take(self.pick(n, 0.3))
        null_key = self.set_values(
            null_key, "order_id", np.arange(null_key.num_rows), [None] * null_key.num_rows
        )
        self.log.add("null_key_order_item", [None] * null_key.num_rows)
        untouched = np.setdiff1d(np.arange(n), np.array(list(changed), dtype=np.int64))
        unknown = items.take(self.pick(n, 0.3, among=untouched))
        unknown = self.set_values(
            unknown,
            "order_id",
            np.arange(unknown.num_rows),
            [f"OX{i:09d}" for i in self.rng.integers(0, 10**9, unknown.num_rows)],
        )
        self.log.add("unknown_order_key", keys(unknown))
        return pa.concat_tables([items, duplicates, null_key, unknown])

    def events(self, events: pa.Table, bot_number: int) -> pa.Table:
        n = events.num_rows
        ids = events.column("event_id").to_numpy(zero_copy_only=False)
        occurred_us = events.column("occurred_at").cast(pa.int64()).to_numpy()
        eligible = self.not_of_test_buyers(events)
        future = self.pick(n, 0.2, among=eligible)
        events = self.set_values(
            events,
            "occurred_at",
            future,
            (occurred_us[future] + 20 * YEAR_US).astype("datetime64[us]"),
        )
        self.log.add("future_event", ids[future])
        early = self.pick(n, 0.2, among=np.setdiff1d(eligible, future))
        early_us = occurred_us[early] % YEAR_US  # an epoch-zero default: 1970
        events = self.set_values(events, "occurred_at", early, early_us.astype("datetime64[us]"))
        self.log.add("event_before_launch", ids[early])
        duplicates = events.take(self.pick(n, 0.5))
        self.log.add("duplicate_event", duplicates.column("event_id").to_pylist())
        null_key = events.take(self.pick(n, 0.2))
        null_key = self.set_values(
            null_key, "event_id", np.arange(null_key.num_rows), [None] * null_key.num_rows
        )
        self.log.add("null_key_event", [None] * null_key.num_rows)
        bots = [events]
        if self.ensure_each or self.rng.random() < self.rate:
            template = events.take(self.rng.integers(0, n, BOT_EVENTS))
            start = occurred_us[0] - occurred_us[0] % (86_400 * 1_000_000) + 3_600 * 1_000_000
            bot_ids = arrow.ids("EBOT", bot_number * BOT_EVENTS + np.arange(BOT_EVENTS), 10)
            bot = template
            for column, values in (
                ("event_id", bot_ids),
                (
                    "occurred_at",
                    pa.array(start + np.arange(BOT_EVENTS) * 20_000_000, pa.int64()).cast(TS),
                ),
                ("buyer_id", pa.nulls(BOT_EVENTS, pa.string())),
                ("anonymous_id", pa.array([f"BOT{bot_number:06d}"] * BOT_EVENTS)),
                ("session_id", pa.array([f"SSBOT{bot_number:06d}"] * BOT_EVENTS)),
                ("event_type", pa.array(["page_view"] * BOT_EVENTS)),
                ("page_type", pa.array(["product"] * BOT_EVENTS)),
            ):
                bot = bot.set_column(bot.schema.get_field_index(column), column, values)
            self.log.add("bot", bot_ids.to_pylist())
            bots.append(bot)
        return pa.concat_tables([*bots, duplicates, null_key])

    def products(self, products: pa.Table) -> pa.Table:
        rows = self.pick(products.num_rows)
        prices = products.column("list_price").to_pylist()
        products = self.set_values(products, "list_price", rows, [-prices[r] for r in rows])
        self.log.add("negative_list_price", products.column("product_id").take(rows).to_pylist())
        return products

    def sellers(self, sellers: pa.Table) -> pa.Table:
        test = sellers.take([0])
        test = test.set_column(0, "seller_id", pa.array(["STEST000001"]))
        test = test.set_column(
            test.schema.get_field_index("business_name"), "business_name", pa.array(["qa shop"])
        )
        test = test.set_column(
            test.schema.get_field_index("is_test_account"), "is_test_account", pa.array([True])
        )
        self.log.add("test_seller", ["STEST000001"])
        return pa.concat_tables([sellers, test])
