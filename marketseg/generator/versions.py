"""Versions of orders, buyers and sellers (SPEC 2): rows that change after they are made.

Each function takes a table with one row per key (after the dirty-data injection) and
returns every version of its plain rows (those no defect touched): the first written
when the row is made, the later ones with a later `updated_at`. Orders move placed ->
paid -> shipped -> delivered, or end cancelled or refunded days after the payment;
buyers change consent or city and ask for erasure; sellers change plan. A version dated
after the end of the period is never written.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from marketseg.generator import arrow
from marketseg.generator.orders import STATUSES

DAY = 86_400
PLACED, PAID, SHIPPED, DELIVERED, CANCELLED, REFUNDED = range(len(STATUSES))
# the statuses an order goes through to reach its final one (a cancellation or a refund
# comes after a payment half of the time; a refund after delivery the other half)
PATHS = {
    PLACED: [(PLACED,)],
    PAID: [(PLACED, PAID)],
    SHIPPED: [(PLACED, PAID, SHIPPED)],
    DELIVERED: [(PLACED, PAID, SHIPPED, DELIVERED)],
    CANCELLED: [(PLACED, CANCELLED), (PLACED, PAID, CANCELLED)],
    REFUNDED: [(PLACED, PAID, REFUNDED), (PLACED, PAID, SHIPPED, DELIVERED, REFUNDED)],
}
# seconds from the previous version to one with this status: (low, high)
DELAYS = {
    PAID: (60, DAY),
    SHIPPED: (DAY // 2, 3 * DAY),
    DELIVERED: (DAY, 5 * DAY),
    CANCELLED: (3_600, 3 * DAY),
    REFUNDED: (3 * DAY, 30 * DAY),
}
# a buyer's one change besides an erasure: a consent given or withdrawn, a move, or none
CONSENT_CHANGE, CITY_CHANGE, NO_CHANGE = 0, 1, 2
CHANGE_P = [0.15, 0.05, 0.8]  # same order
PLAN_CHANGE_SHARE = 0.5  # of sellers who change plan later


def seconds_of(column: pa.ChunkedArray) -> np.ndarray:
    return column.cast(pa.int64()).to_numpy() // arrow.US_PER_SECOND


def plain_rows(table: pa.Table, key: str, skip: set) -> np.ndarray:
    """Rows whose key is the only row of its key and no defect touched (the dirty rows
    keep the one version the injector gave them)."""
    ids = table.column(key).to_numpy(zero_copy_only=False)
    known = pc.is_valid(table.column(key)).to_numpy(zero_copy_only=False)
    _, inverse, counts = np.unique(ids[known].astype(str), return_inverse=True, return_counts=True)
    single = np.zeros(table.num_rows, dtype=bool)
    single[np.flatnonzero(known)] = counts[inverse] == 1
    return np.flatnonzero(single & ~np.isin(ids, np.array(sorted(skip), dtype=object)))


def some_time_after(rng: np.random.Generator, created: np.ndarray, end_second: int) -> np.ndarray:
    """A second drawn uniformly from a day after `created` to the end of the period."""
    span = np.maximum(end_second - created - DAY, 0)
    return created + DAY + (rng.random(created.size) * span).astype(np.int64)


def replaced(table: pa.Table, changes: dict[str, pa.Array]) -> pa.Table:
    for column, values in changes.items():
        table = table.set_column(table.schema.get_field_index(column), column, values)
    return table


def later_versions(
    first: pa.Table, rows: np.ndarray, updated: np.ndarray, end_second: int, **changes
) -> pa.Table:
    """Copies of the `rows` of `first` written at `updated` with `changes` (callables of
    the copies), those written by the end of the period."""
    written = updated <= end_second
    later = replaced(
        first.take(pa.array(rows[written], pa.int64())),
        {"updated_at": arrow.timestamps(updated[written])},
    )
    return replaced(later, {column: change(later) for column, change in changes.items()})


def shuffled(rng: np.random.Generator, column: str):
    """A change for `later_versions`: the copies' values of `column`, shuffled."""

    def change(versions: pa.Table) -> pa.ChunkedArray:
        return versions.column(column).take(pa.array(rng.permutation(versions.num_rows)))

    return change


def with_other_rows(table: pa.Table, plain: np.ndarray, *versions: pa.Table) -> pa.Table:
    """The rows of `table` that are not `plain` as they are, then the `versions`."""
    others = np.setdiff1d(np.arange(table.num_rows), plain)
    return pa.concat_tables([table.take(pa.array(others, pa.int64())), *versions])


def order_versions(
    rng: np.random.Generator, orders: pa.Table, end_second: int, skip: set
) -> pa.Table:
    """Every version of every plain order: one per status on its path to its final one,
    the first when it is placed, each later one written after the previous."""
    plain = plain_rows(orders, "order_id", skip)
    final = np.array(
        [STATUSES.index(value) for value in orders.column("status").take(plain).to_pylist()],
        dtype=np.int64,
    )
    ordered = seconds_of(orders.column("ordered_at").take(plain))
    path_index = rng.integers(0, 2, size=plain.size)
    rows, statuses, updated = [], [], []
    for status, paths in PATHS.items():
        for index, path in enumerate(paths):
            members = np.flatnonzero((final == status) & (path_index % len(paths) == index))
            at = ordered[members].copy()
            for step, step_status in enumerate(path):
                if step:
                    low, high = DELAYS[step_status]
                    at = at + rng.integers(low, high, size=members.size)
                rows.append(plain[members])
                statuses.append(np.full(members.size, step_status))
                updated.append(at)
    rows, statuses, updated = (np.concatenate(part) for part in (rows, statuses, updated))
    written = updated <= end_second
    versions = replaced(
        orders.take(pa.array(rows[written], pa.int64())),
        {
            "updated_at": arrow.timestamps(updated[written]),
            "status": arrow.categorical(statuses[written], STATUSES),
        },
    )
    return with_other_rows(orders, plain, versions)


def buyer_versions(
    rng: np.random.Generator, buyers: pa.Table, end_second: int, skip: set
) -> pa.Table:
    """Every version of every plain buyer: the first when the account is made; then, for
    some, a consent given or withdrawn, or a change of city; an erasure request is a
    version of its own, written when it was asked for."""
    plain = plain_rows(buyers, "buyer_id", skip)
    rows = buyers.take(pa.array(plain, pa.int64()))
    created = seconds_of(rows.column("created_at"))
    deleted = rows.column("deleted_at")
    erased = pc.is_valid(deleted).to_numpy(zero_copy_only=False)
    asked = np.maximum(seconds_of(deleted.fill_null(0)), created + 1)
    first = replaced(
        rows,
        {
            "updated_at": arrow.timestamps(created),
            "deleted_at": pa.nulls(rows.num_rows, deleted.type),
        },
    )
    n = first.num_rows
    # one change at most besides an erasure, so every version holds all earlier changes
    change = np.where(erased, NO_CHANGE, rng.choice(len(CHANGE_P), size=n, p=CHANGE_P))
    consent = np.flatnonzero(change == CONSENT_CHANGE)
    moved = np.flatnonzero(change == CITY_CHANGE)
    gone = np.flatnonzero(erased)
    consents = later_versions(
        first,
        consent,
        some_time_after(rng, created[consent], end_second),
        end_second,
        marketing_consent=lambda t: pc.invert(t.column("marketing_consent")),
    )
    moves = later_versions(
        first,
        moved,
        some_time_after(rng, created[moved], end_second),
        end_second,
        city=shuffled(rng, "city"),
    )
    erasures = later_versions(
        first, gone, asked[gone], end_second, deleted_at=lambda t: t.column("updated_at")
    )
    return with_other_rows(buyers, plain, first, consents, moves, erasures)


def seller_versions(
    rng: np.random.Generator, sellers: pa.Table, end_second: int, skip: set
) -> pa.Table:
    """Every version of every plain seller: the first when it joins; half change plan later."""
    plain = plain_rows(sellers, "seller_id", skip)
    rows = sellers.take(pa.array(plain, pa.int64()))
    created = seconds_of(rows.column("created_at"))
    first = replaced(rows, {"updated_at": arrow.timestamps(created)})
    changed = np.flatnonzero(rng.random(first.num_rows) < PLAN_CHANGE_SHARE)
    changes = some_time_after(rng, created[changed], end_second)
    return with_other_rows(
        sellers,
        plain,
        first,
        later_versions(first, changed, changes, end_second, plan=shuffled(rng, "plan")),
    )
