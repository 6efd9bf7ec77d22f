"""Sellers of very different sizes and ages, and their product catalogues."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from marketseg.generator import arrow
from marketseg.generator.catalog import (
    BRANDS,
    CATEGORIES,
    CATEGORY_MEDIAN_PRICE,
    CATEGORY_WEIGHTS,
    CITIES,
    CITY_LIST,
    COMPANY_SIZES,
    COUNTRIES,
    COUNTRY_WEIGHTS,
    PLAN_COMMISSION,
    PLANS,
    SUBCATEGORIES,
    TAG_WEIGHTS,
    TAGS,
    probabilities,
)
from marketseg.generator.config import GeneratorConfig

COMPANY_SIZE_P = [0.55, 0.3, 0.12, 0.03]  # micro, small, medium, large
# medium and large sellers are on the premium plan, the others on basic or pro
MEDIUM, PREMIUM = COMPANY_SIZES.index("medium"), PLANS.index("premium")
SMALLER_SELLER_PLAN_P = [0.7, 0.3]  # basic, pro
MAIN_CATEGORY_SHARE = 0.85  # of a seller's products in its main category


@dataclass(frozen=True)
class Sellers:
    created_second: np.ndarray
    commission_rate: np.ndarray
    quality: np.ndarray  # 0 (poor) .. 1 (excellent): drives returns, cancellations, ratings


@dataclass(frozen=True)
class Products:
    seller: np.ndarray  # seller index
    category: np.ndarray  # category index
    price_eur: np.ndarray
    created_second: np.ndarray
    by_category: tuple[np.ndarray, ...]  # product indexes of each category, oldest first
    cumulative_weight: tuple[np.ndarray, ...]  # popularity within each category, same order
    created_by_category: tuple[np.ndarray, ...]  # creation second, same order
    by_time: np.ndarray  # every product index, oldest first (the whole catalogue)
    cumulative_weight_by_time: np.ndarray  # popularity, same order
    created_by_time: np.ndarray  # creation second, same order

    @property
    def first_sale_second(self) -> int:
        """When the first product that sells (popularity above 0) goes on sale."""
        sellable = np.flatnonzero(self.cumulative_weight_by_time > 0)
        if sellable.size == 0:
            return np.iinfo(np.int64).max
        return int(self.created_by_time[sellable[0]])


def city_of(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """An index into CITY_LIST for each country index, weighted to the first city."""
    city = np.empty(country.size, dtype=np.int64)
    for country_index, code in enumerate(COUNTRIES):
        rows = np.flatnonzero(country == country_index)
        options = np.array([CITY_LIST.index(name) for name in CITIES[code]])
        weights = probabilities(1.0 / np.arange(1, options.size + 1))
        city[rows] = options[rng.choice(options.size, size=rows.size, p=weights)]
    return city


def make_sellers(
    rng: np.random.Generator, config: GeneratorConfig
) -> tuple[Sellers, Products, pa.Table, pa.Table]:
    n = config.sellers
    span = config.end_second - config.start_second
    # a third joined before the period, the rest over it; a few in its last weeks (onboarding)
    joined = config.start_second + (rng.random(n) * 1.4 - 0.4) * span
    joined[: max(1, n // 25)] = config.end_second - rng.random(max(1, n // 25)) * 20 * 86_400
    joined = joined.astype(np.int64)
    size = rng.choice(len(COMPANY_SIZES), size=n, p=COMPANY_SIZE_P)
    plan = np.where(
        size >= MEDIUM,
        PREMIUM,
        rng.choice(len(SMALLER_SELLER_PLAN_P), size=n, p=SMALLER_SELLER_PLAN_P),
    )
    country = rng.choice(len(COUNTRIES), size=n, p=probabilities(COUNTRY_WEIGHTS))
    main_category = rng.choice(len(CATEGORIES), size=n, p=probabilities(CATEGORY_WEIGHTS))
    updated = joined + rng.integers(0, 86_400 * 30, size=n)
    table = arrow.table(
        "sellers",
        {
            "seller_id": arrow.ids("S", np.arange(1, n + 1), 6),
            "created_at": arrow.timestamps(joined),
            "updated_at": arrow.timestamps(updated),
            "business_name": arrow.ids("shop ", np.arange(1, n + 1), 4),
            "main_category": arrow.categorical(main_category, CATEGORIES),
            "company_size": arrow.categorical(size, COMPANY_SIZES),
            "country_code": arrow.categorical(country, COUNTRIES),
            "city": arrow.categorical(city_of(rng, country), CITY_LIST),
            "plan": arrow.categorical(plan, PLANS),
            "is_test_account": arrow.booleans(np.zeros(n)),
        },
    )
    quality = rng.beta(5, 1.5, size=n)
    sellers = Sellers(joined, PLAN_COMMISSION[plan], quality)
    products, product_table = make_products(rng, config, sellers, main_category, size)
    return sellers, products, table, product_table


def make_products(
    rng: np.random.Generator,
    config: GeneratorConfig,
    sellers: Sellers,
    main_category: np.ndarray,
    size: np.ndarray,
) -> tuple[Products, pa.Table]:
    # catalogue size and popularity are heavy-tailed: a few sellers make most of the sales
    popularity = rng.pareto(1.1, size=config.sellers) + 0.05
    per_seller = np.minimum(3 + rng.poisson(4 + 12 * size), 400)
    seller = np.repeat(np.arange(config.sellers), per_seller)
    n = seller.size
    category = np.where(
        rng.random(n) < MAIN_CATEGORY_SHARE,
        main_category[seller],
        rng.choice(len(CATEGORIES), size=n, p=probabilities(CATEGORY_WEIGHTS)),
    )
    price = np.round(CATEGORY_MEDIAN_PRICE[category] * rng.lognormal(0.0, 0.6, size=n), 2)
    created = np.minimum(
        sellers.created_second[seller] + rng.integers(0, 86_400 * 60, size=n), config.end_second
    )
    weight = popularity[seller] / per_seller[seller] * rng.lognormal(0.0, 0.5, size=n)
    # sellers who joined in the last 30 days have not sold yet (onboarding)
    weight[sellers.created_second[seller] > config.end_second - 30 * 86_400] = 0.0
    # within a category, products are kept oldest first so that the products on sale at a
    # given time are a prefix: sampling among them is a search in the cumulative weights
    by_category = tuple(
        rows[np.argsort(created[rows], kind="stable")]
        for rows in (np.flatnonzero(category == c) for c in range(len(CATEGORIES)))
    )
    cumulative = tuple(np.cumsum(weight[rows]) for rows in by_category)
    created_sorted = tuple(created[rows] for rows in by_category)
    by_time = np.argsort(created, kind="stable")
    table = arrow.table(
        "products",
        {
            "product_id": arrow.ids("P", np.arange(1, n + 1), 7),
            "seller_id": arrow.ids("S", seller + 1, 6),
            "category": arrow.categorical(category, CATEGORIES),
            "subcategory": arrow.categorical(rng.integers(0, len(SUBCATEGORIES), n), SUBCATEGORIES),
            "brand": arrow.categorical(rng.integers(0, len(BRANDS), n), BRANDS),
            "list_price": arrow.money(price),
            "currency": arrow.categorical(np.zeros(n), ("EUR",)),
            "created_at": arrow.timestamps(created),
            "tags": arrow.strings(
                [TAGS[i] for i in rng.choice(len(TAGS), size=n, p=probabilities(TAG_WEIGHTS))]
            ),
        },
    )
    products = Products(
        seller,
        category,
        price,
        created,
        by_category,
        cumulative,
        created_sorted,
        by_time,
        np.cumsum(weight[by_time]),
        created[by_time],
    )
    return products, table
