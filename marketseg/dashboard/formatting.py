"""Figures written for people: currency, counts, percentages, dates (no Streamlit here).

The browser test formats the figures it computes with SQL by these same functions, whose
own unit tests (python_tests/test_dashboard.py) pin the strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

# the symbol written before an amount; another currency is written as its ISO code after it
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
MISSING = "—"


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NaT and NA (a scalar)."""
    return bool(pd.isna(value))


def count(value: object) -> str:
    """1234567 -> '1,234,567'."""
    if is_missing(value):
        return MISSING
    return f"{Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP):,}"


def money(value: object, currency: str = "EUR", cents: bool = False) -> str:
    """An amount in the reporting currency: '€1,234,567', '€12.35' with cents,
    '-€5', '1,234 SEK' for a currency without a symbol here."""
    if is_missing(value):
        return MISSING
    amount = Decimal(str(value)).quantize(Decimal("0.01") if cents else Decimal(1), ROUND_HALF_UP)
    digits = f"{abs(amount):,}"
    sign = "-" if amount < 0 else ""
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency}"


def pct(share: object, decimals: int = 1) -> str:
    """A share of 0-1 as a percentage: 0.1234 -> '12.3%'."""
    if is_missing(share):
        return MISSING
    return f"{float(share) * 100:.{decimals}f}%"  # type: ignore[arg-type]


def day(value: object) -> str:
    """A date as '2026-01-31' (ISO: no ambiguity between readers' conventions)."""
    if is_missing(value):
        return MISSING
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def month(value: object) -> str:
    """The month of a date: 'Jan 2026'."""
    if is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value:%b %Y}"


def label(key: object) -> str:
    """A segment or stage key for people: 'first_time' -> 'First time'."""
    if is_missing(key):
        return MISSING
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]
