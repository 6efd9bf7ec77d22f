"""Generator settings, validated up front so the CLI can give a clear message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EPOCH = dt.date(1970, 1, 1)
MARKETPLACE_LAUNCH = dt.date(2015, 1, 1)
MIN_BUYERS = 50
MIN_SELLERS = 5
MIN_DAYS = 90
MAX_DIRTY_RATE = 0.2
MIN_CHUNK_BUYERS = 1_000


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate. Defaults give the demo marketplace (builds in seconds)."""

    seed: int = 42
    buyers: int = 5_000
    sellers: int = 150
    start: dt.date = dt.date(2023, 1, 1)
    end: dt.date = dt.date(2025, 12, 31)
    dirty_rate: float = 0.01
    chunk_buyers: int = 20_000

    def __post_init__(self) -> None:
        if self.seed < 0:
            raise ValueError(f"--seed must be >= 0, got {self.seed}")
        if self.buyers < MIN_BUYERS:
            raise ValueError(f"--buyers must be at least {MIN_BUYERS}, got {self.buyers}")
        if self.sellers < MIN_SELLERS:
            raise ValueError(f"--sellers must be at least {MIN_SELLERS}, got {self.sellers}")
        if self.end <= self.start:
            raise ValueError(f"--end ({self.end}) must be after --start ({self.start})")
        if (self.end - self.start).days < MIN_DAYS:
            raise ValueError(f"--start and --end must span at least {MIN_DAYS} days")
        if self.start < MARKETPLACE_LAUNCH:
            raise ValueError(
                f"--start must not be before the marketplace launch {MARKETPLACE_LAUNCH}"
            )
        if not 0.0 <= self.dirty_rate <= MAX_DIRTY_RATE:
            raise ValueError(
                f"--dirty-rate must be between 0 and {MAX_DIRTY_RATE}, got {self.dirty_rate}"
            )
        if self.chunk_buyers < MIN_CHUNK_BUYERS:
            raise ValueError(
                f"chunk_buyers must be at least {MIN_CHUNK_BUYERS}, got {self.chunk_buyers}"
            )

    @property
    def start_second(self) -> int:
        return (self.start - EPOCH).days * 86_400

    @property
    def end_second(self) -> int:
        """Last second of the `end` day."""
        return (self.end - EPOCH).days * 86_400 + 86_399

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1
