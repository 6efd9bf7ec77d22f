"""Daily exchange rates: a seeded random walk per currency around its start level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from marketseg.generator import arrow
from marketseg.generator.catalog import CURRENCIES, UNITS_PER_EUR
from marketseg.generator.config import EPOCH, GeneratorConfig


@dataclass(frozen=True)
class FxRates:
    first_day: int  # days since epoch of column 0
    to_eur: np.ndarray  # [currency, day] amount x rate = amount in EUR

    def rate(self, currency_index: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        day = np.clip(seconds // 86_400 - self.first_day, 0, self.to_eur.shape[1] - 1)
        return self.to_eur[currency_index, day]


def make_fx(rng: np.random.Generator, config: GeneratorConfig) -> tuple[FxRates, pa.Table]:
    days = config.days
    steps = rng.normal(0.0, 0.004, size=(len(CURRENCIES), days))
    steps[0] = 0.0  # EUR is the reporting currency
    units_per_eur = UNITS_PER_EUR[:, None] * np.exp(np.cumsum(steps, axis=1))
    to_eur = 1.0 / units_per_eur
    first_day = (config.start - EPOCH).days
    day_grid, currency_grid = np.meshgrid(np.arange(days), np.arange(len(CURRENCIES)))
    table = arrow.table(
        "fx_rates",
        {
            "rate_date": arrow.dates(first_day + day_grid.ravel()),
            "currency": arrow.categorical(currency_grid.ravel(), CURRENCIES),
            "rate_to_reporting": arrow.rates(to_eur.ravel()),
        },
    )
    return FxRates(first_day, np.round(to_eur, 8)), table
