"""Write `simulate(config)` as the raw Parquet contract, one file per table."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow.parquet as pq
from tqdm import tqdm

from marketseg.contract import RAW_TABLES
from marketseg.generator.config import GeneratorConfig
from marketseg.generator.dirty import DirtyLog
from marketseg.generator.simulate import simulate
from marketseg.raw_folder import PART, claim, record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GenerationReport:
    out: Path
    rows: dict[str, int]
    seconds: float


def write_marketplace(
    config: GeneratorConfig, out: Path, progress: bool = True
) -> GenerationReport:
    """Write every table of the raw contract under `out/<table>/part-0.parquet`.

    `out` must be a folder the generator owns (new, empty or written by it: see
    `marketseg.raw_folder`); RawFolderError otherwise. Also writes
    `out/_generator_manifest.json`: the files written, the config, row counts and the keys
    of every injected defect (tests use it; staging does not read it).
    """
    started = time.perf_counter()
    files = [f"{name}/{PART}" for name in RAW_TABLES]
    claim(out, files)
    writers = {}
    for name, schema in RAW_TABLES.items():
        (out / name).mkdir(exist_ok=True)
        writers[name] = pq.ParquetWriter(
            out / name / PART, schema, compression="zstd", write_statistics=True
        )
    rows = dict.fromkeys(RAW_TABLES, 0)
    log = DirtyLog()
    bar = tqdm(total=config.buyers, unit="buyer", disable=not progress, desc="generating")
    try:
        for chunk in simulate(config, log):
            for name, table in chunk.tables.items():
                writers[name].write_table(table, row_group_size=1_000_000)
                rows[name] += table.num_rows
            bar.update(chunk.buyers_done - bar.n)
    finally:
        bar.close()
        for writer in writers.values():
            writer.close()
    seconds = time.perf_counter() - started
    settings = {key: str(value) for key, value in asdict(config).items()}
    record(
        out,
        {
            "files": files,
            "complete": True,
            "config": settings,
            "rows": rows,
            "dirty": log.summary(),
        },
    )
    logger.info("wrote %s rows to %s in %.1f s", sum(rows.values()), out, seconds)
    return GenerationReport(out, rows, seconds)
