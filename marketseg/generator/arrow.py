"""Turn numpy arrays into Arrow columns of the raw contract, fast and deterministically."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from marketseg.contract import MONEY, RATE, RAW_TABLES, TS

US_PER_SECOND = 1_000_000


def ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """`prefix` + zero-padded number, e.g. ids("B", [7], 6) -> "B000007"."""
    digits = pc.utf8_lpad(pa.array(numbers, pa.int64()).cast(pa.string()), width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def categorical(index: np.ndarray, values: Sequence[str], null_mask: np.ndarray | None = None):
    """Strings picked from `values` by integer `index` (nulls where `null_mask`)."""
    indices = pa.array(index.astype(np.int32), pa.int32(), mask=null_mask)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(values), pa.string())).cast(
        pa.string()
    )


def timestamps(seconds: np.ndarray, null_mask: np.ndarray | None = None) -> pa.Array:
    """Naive UTC timestamps (microseconds) from epoch seconds."""
    micros = seconds.astype(np.int64) * US_PER_SECOND
    return pa.array(micros, pa.int64(), mask=null_mask).cast(TS)


def dates(days: np.ndarray, null_mask: np.ndarray | None = None) -> pa.Array:
    """Dates from days since the epoch."""
    return pa.array(days.astype(np.int32), pa.int32(), mask=null_mask).cast(pa.date32())


def money(amounts: np.ndarray) -> pa.Array:
    """Decimal(18, 2) amounts, rounded half to even at the cent."""
    return pa.array(np.round(amounts.astype(np.float64), 2)).cast(MONEY)


def rates(values: np.ndarray) -> pa.Array:
    return pa.array(np.round(values.astype(np.float64), 8)).cast(RATE)


def booleans(values: np.ndarray, null_mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(values.astype(bool), pa.bool_(), mask=null_mask)


def int32(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(np.int32), pa.int32())


def strings(values: Sequence[str | None]) -> pa.Array:
    return pa.array(values, pa.string())


def table(name: str, columns: dict[str, pa.Array]) -> pa.Table:
    """A table of the contract schema `name`; fails loudly on a missing or extra column."""
    schema = RAW_TABLES[name]
    missing = set(schema.names) - set(columns)
    extra = set(columns) - set(schema.names)
    if missing or extra:
        raise ValueError(f"{name}: missing columns {sorted(missing)}, extra {sorted(extra)}")
    return pa.Table.from_arrays([columns[field] for field in schema.names], schema=schema)
