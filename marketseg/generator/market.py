"""What every chunk of buyers is simulated in: the settings, the sellers, their products
and the FX rates, made once before the first chunk."""

from __future__ import annotations

from dataclasses import dataclass

from marketseg.generator.config import GeneratorConfig
from marketseg.generator.fx import FxRates
from marketseg.generator.sellers import Products, Sellers


@dataclass(frozen=True)
class Market:
    config: GeneratorConfig
    sellers: Sellers
    products: Products
    fx: FxRates
