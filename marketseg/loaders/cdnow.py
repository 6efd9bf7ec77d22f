"""The CDNOW transaction log (shipped with `lifetimes`) in the raw contract.

CDNOW_master.txt has one row per transaction: customer id, date (YYYYMMDD), number of CDs
and dollar value. CDNOW_sample.txt, the 2,357 customers of the BG/NBD and Gamma-Gamma
papers, has the same columns with the customer's number in the sample after its id.

Each transaction becomes one order (status `delivered`, currency USD) with one line of
quantity 1 priced at the transaction's total; the CD count is kept in an added column
`cds_count`. Amounts stay in US dollars: `fx_rates` holds a USD rate of 1 for every day of
the log. There is one seller, one product, no events, tickets or reviews (those tables are
written empty, with the contract's columns).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from marketseg.contract import RAW_TABLES, TS
from marketseg.generator import arrow
from marketseg.generator.config import EPOCH
from marketseg.raw_folder import PART, claim, record

FIELDS = ("customer_id", "date", "cds", "amount")  # of each line of CDNOW_master.txt
SAMPLE_FIELDS = ("customer_id", "sample_number", "date", "cds", "amount")  # CDNOW_sample.txt
SOURCES = {False: "CDNOW_master.txt", True: "CDNOW_sample.txt"}


@dataclass(frozen=True)
class Transactions:
    buyer: list[str]
    day: np.ndarray  # days since the epoch
    cds: np.ndarray
    amount: np.ndarray


def default_source(sample: bool = False) -> Path:
    """The log shipped with lifetimes: the full one, or the papers' sample."""
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            "the CDNOW file ships with the `lifetimes` package: `pip install lifetimes` "
            f"(installed by `make install-dev`), or pass --source {SOURCES[sample]}"
        )
    return Path(spec.origin).parent / "datasets" / SOURCES[sample]


def read_transactions(source: Path, sample: bool = False) -> Transactions:
    """The transactions of a CDNOW log: the full log's layout, or the sample's (`sample`)."""
    layout = SAMPLE_FIELDS if sample else FIELDS
    buyers, days, cds, amounts = [], [], [], []
    with source.open() as lines:
        for number, line in enumerate(lines, start=1):
            fields = line.split()
            if not fields or fields[0] == "customer_id":
                continue
            if len(fields) != len(layout):
                other = FIELDS if sample else SAMPLE_FIELDS
                hint = (
                    f" (the {'full log' if sample else 'sample'}? "
                    f"{'drop' if sample else 'add'} --sample)"
                    if len(fields) == len(other)
                    else ""
                )
                raise ValueError(
                    f"{source}:{number}: expected {len(layout)} fields "
                    f"({', '.join(layout)}), got {len(fields)}{hint}"
                )
            row = dict(zip(layout, fields, strict=True))
            buyers.append(row["customer_id"])
            date = dt.datetime.strptime(row["date"], "%Y%m%d").date()
            days.append((date - EPOCH).days)
            cds.append(int(row["cds"]))
            amounts.append(float(row["amount"]))
    if not buyers:
        raise ValueError(f"{source}: no transaction found")
    return Transactions(buyers, np.array(days), np.array(cds), np.array(amounts))


def cdnow_tables(transactions: Transactions) -> dict[str, pa.Table]:
    n = len(transactions.buyer)
    seconds = transactions.day.astype(np.int64) * 86_400
    order_numbers = np.arange(1, n + 1)
    buyer_ids = pa.array([f"C{buyer}" for buyer in transactions.buyer], pa.string())
    first_seen: dict[str, int] = {}
    for buyer, second in zip(buyer_ids.to_pylist(), seconds.tolist(), strict=True):
        first_seen[buyer] = min(second, first_seen.get(buyer, second))
    buyer_list = sorted(first_seen)
    created = np.array([first_seen[b] for b in buyer_list], dtype=np.int64)
    nb = len(buyer_list)
    false_b = arrow.booleans(np.zeros(nb))
    none_b = pa.nulls(nb, pa.string())
    tables = {
        "buyers": arrow.table(
            "buyers",
            {
                "buyer_id": pa.array(buyer_list, pa.string()),
                "created_at": arrow.timestamps(created),
                "updated_at": arrow.timestamps(created),
                "email": none_b,
                "gender": none_b,
                "birth_date": pa.nulls(nb, pa.date32()),
                "country_code": pa.array(["US"] * nb),
                "city": none_b,
                "account_type": pa.array(["personal"] * nb),
                "acquisition_channel": none_b,
                "marketing_consent": false_b,
                "newsletter_opt_in": false_b,
                "deleted_at": pa.nulls(nb, TS),
                "is_test_account": false_b,
            },
        ),
        "sellers": arrow.table(
            "sellers",
            {
                "seller_id": pa.array(["CDNOW"]),
                "created_at": arrow.timestamps(np.array([int(seconds.min())])),
                "updated_at": arrow.timestamps(np.array([int(seconds.min())])),
                "business_name": pa.array(["CDNOW"]),
                "main_category": pa.array(["music"]),
                "company_size": pa.array(["large"]),
                "country_code": pa.array(["US"]),
                "city": pa.nulls(1, pa.string()),
                "plan": pa.array(["premium"]),
                "is_test_account": arrow.booleans(np.zeros(1)),
            },
        ),
        "products": arrow.table(
            "products",
            {
                "product_id": pa.array(["CD"]),
                "seller_id": pa.array(["CDNOW"]),
                "category": pa.array(["music"]),
                "subcategory": pa.array(["cd"]),
                "brand": pa.nulls(1, pa.string()),
                "list_price": arrow.money(np.array([0.0])),
                "currency": pa.array(["USD"]),
                "created_at": arrow.timestamps(np.array([int(seconds.min())])),
                "tags": pa.nulls(1, pa.string()),
            },
        ),
        "orders": arrow.table(
            "orders",
            {
                "order_id": arrow.ids("CO", order_numbers, 6),
                "buyer_id": buyer_ids,
                "ordered_at": arrow.timestamps(seconds),
                "updated_at": arrow.timestamps(seconds),
                "status": pa.array(["delivered"] * n),
                "currency": pa.array(["USD"] * n),
                "coupon_code": pa.nulls(n, pa.string()),
                "payment_method": pa.nulls(n, pa.string()),
                "delivery_method": pa.nulls(n, pa.string()),
                "channel": pa.array(["web"] * n),
                "session_id": pa.nulls(n, pa.string()),
                "is_gift": arrow.booleans(np.zeros(n)),
                "shipping_country_code": pa.array(["US"] * n),
                "shipping_city": pa.nulls(n, pa.string()),
            },
        ),
    }
    items = arrow.table(
        "order_items",
        {
            "order_id": arrow.ids("CO", order_numbers, 6),
            "line_number": arrow.int32(np.ones(n)),
            "product_id": pa.array(["CD"] * n),
            "seller_id": pa.array(["CDNOW"] * n),
            "category": pa.array(["music"] * n),
            "quantity": arrow.int32(np.ones(n)),
            "unit_price": arrow.money(transactions.amount),
            "discount_amount": arrow.money(np.zeros(n)),
            "commission_amount": arrow.money(np.zeros(n)),
            "is_returned": arrow.booleans(np.zeros(n)),
        },
    )
    tables["order_items"] = items.append_column("cds_count", arrow.int32(transactions.cds))
    first_day, last_day = int(transactions.day.min()), int(transactions.day.max())
    span = np.arange(first_day, last_day + 1)
    tables["fx_rates"] = arrow.table(
        "fx_rates",
        {
            "rate_date": arrow.dates(span),
            "currency": pa.array(["USD"] * span.size),
            "rate_to_reporting": arrow.rates(np.ones(span.size)),
        },
    )
    for name in ("events", "support_tickets", "reviews"):
        tables[name] = RAW_TABLES[name].empty_table()
    return tables


def load_cdnow(out: Path, source: Path | None = None, sample: bool = False) -> dict[str, int]:
    """Write CDNOW under `out/<table>/part-0.parquet`; return the rows per table.

    `sample`: the papers' 2,357 customers (CDNOW_sample.txt) instead of the full log.
    `out` must be a folder the project owns, as for the generator (`marketseg.raw_folder`).
    """
    tables = cdnow_tables(read_transactions(source or default_source(sample), sample))
    files = [f"{name}/{PART}" for name in tables]
    claim(out, files)
    rows = {}
    for name, table in tables.items():
        (out / name).mkdir(exist_ok=True)
        pq.write_table(table, out / name / PART, compression="zstd")
        rows[name] = table.num_rows
    record(
        out,
        {"files": files, "complete": True, "loader": "cdnow", "sample": sample, "rows": rows},
    )
    return rows
