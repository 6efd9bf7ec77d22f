"""Synthetic marketplace generator: `simulate(config)` plus a Parquet writer."""

from marketseg.generator.config import GeneratorConfig
from marketseg.generator.simulate import simulate
from marketseg.generator.writer import write_marketplace

__all__ = ["GeneratorConfig", "simulate", "write_marketplace"]
