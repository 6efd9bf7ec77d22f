"""Write `simulate(config)` as the raw Parquet contract, one file per table (or, with
`daily_partitions`, one per table and landing day: `marketseg.generator.partitions`)."""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow.parquet as pq
from tqdm import tqdm

from marketseg.contract import RAW_TABLES
from marketseg.generator.config import GeneratorConfig
from marketseg.generator.dirty import DirtyLog
from marketseg.generator.partitions import split_into_days
from marketseg.generator.simulate import simulate
from marketseg.raw_folder import PART, PLAIN_SCRATCH, claim, record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GenerationReport:
    out: Path
    rows: dict[str, int]
    seconds: float


def write_marketplace(
    config: GeneratorConfig, out: Path, progress: bool = True, daily_partitions: bool = False
) -> GenerationReport:
    """Write every table of the raw contract under `out/<table>/part-0.parquet`, or with
    `daily_partitions` under `out/<table>/landed_date=YYYY-MM-DD/part-0.parquet`.

    `out` must be a folder the generator owns (new, empty or written by it: see
    `marketseg.raw_folder`); RawFolderError otherwise. Also writes
    `out/_generator_manifest.json`: the files written, the config, row counts and the keys
    of every injected defect (tests use it; staging does not read it).
    """
    started = time.perf_counter()
    files = [f"{name}/{PART}" for name in RAW_TABLES]
    claim(out, files, daily_partitions=daily_partitions)
    # partitions: the plain files first, in a scratch folder the split then removes
    plain = out / PLAIN_SCRATCH if daily_partitions else out
    writers = {}
    for name, schema in RAW_TABLES.items():
        (plain / name).mkdir(parents=True, exist_ok=True)
        writers[name] = pq.ParquetWriter(
            plain / name / PART, schema, compression="zstd", write_statistics=True
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
    if daily_partitions:
        files = split_into_days(plain, out, config.start, config.end)
        shutil.rmtree(plain)
    seconds = time.perf_counter() - started
    settings = {key: str(value) for key, value in asdict(config).items()}
    manifest_extra = {"daily_partitions": True} if daily_partitions else {}
    record(
        out,
        {
            **manifest_extra,
            "files": files,
            "complete": True,
            "config": settings,
            "rows": rows,
            "dirty": log.summary(),
        },
    )
    logger.info("wrote %s rows to %s in %.1f s", sum(rows.values()), out, seconds)
    return GenerationReport(out, rows, seconds)
