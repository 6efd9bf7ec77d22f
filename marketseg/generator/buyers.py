"""Buyer accounts and their hidden behaviour (purchase rate, dropout, spend, browsing)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from marketseg.generator import arrow
from marketseg.generator.catalog import (
    ACQUISITION_CHANNELS,
    ACQUISITION_WEIGHTS,
    CATEGORIES,
    CATEGORY_WEIGHTS,
    CITY_LIST,
    COUNTRIES,
    COUNTRY_WEIGHTS,
    CURRENCIES,
    CURRENCY_OF_COUNTRY,
    GENDERS,
    probabilities,
)
from marketseg.generator.config import GeneratorConfig
from marketseg.generator.sellers import city_of

YEAR = 365.25 * 86_400
NEVER_BUYS_SHARE = 0.3  # of accounts that never purchase
PROFESSIONAL_SHARE = 0.04
NEWSLETTER_SHARE = 0.35
CONSENT_WITHOUT_NEWSLETTER_SHARE = 0.3  # marketing consent of those without the newsletter
# gender drawn as an index into GENDERS, or GENDER_UNKNOWN (null)
GENDER_UNKNOWN = len(GENDERS)
GENDER_P = [0.52, 0.42, 0.03, 0.03]  # F, M, X, unknown
UNKNOWN_BIRTH_DATE_SHARE = 0.08
ERASED_SHARE = 0.01  # of accounts whose erasure is asked for (GDPR)


@dataclass
class Buyers:
    number: np.ndarray  # 1-based buyer number (buyer_id = "B" + number)
    created_second: np.ndarray
    country: np.ndarray
    city: np.ndarray
    currency: np.ndarray  # index into CURRENCIES
    purchase_rate: np.ndarray  # purchases per day while alive
    dropout: np.ndarray  # probability of leaving after each purchase
    spend_scale: np.ndarray
    favourite_category: np.ndarray
    app_affinity: np.ndarray
    mobile_affinity: np.ndarray
    engagement: np.ndarray  # browsing sessions per day
    newsletter: np.ndarray
    professional: np.ndarray


def make_buyers(
    rng: np.random.Generator, config: GeneratorConfig, first_number: int, n: int
) -> tuple[Buyers, pa.Table]:
    span = config.end_second - config.start_second
    # sign-ups grow over time (more recent accounts than old ones)
    created = (config.start_second + span * rng.random(n) ** 0.8).astype(np.int64)
    country = rng.choice(len(COUNTRIES), size=n, p=probabilities(COUNTRY_WEIGHTS))
    currency = np.array(
        [CURRENCIES.index(CURRENCY_OF_COUNTRY.get(code, "EUR")) for code in COUNTRIES]
    )[country]
    never_buys = rng.random(n) < NEVER_BUYS_SHARE
    purchase_rate = np.where(never_buys, 0.0, rng.gamma(0.3, 1 / 30, size=n))
    dropout = rng.beta(0.7, 1.6, size=n)
    professional = rng.random(n) < PROFESSIONAL_SHARE
    spend_scale = rng.lognormal(0.0, 1.1, size=n) * np.where(professional, 2.5, 1.0)
    newsletter = rng.random(n) < NEWSLETTER_SHARE
    consent = newsletter | (rng.random(n) < CONSENT_WITHOUT_NEWSLETTER_SHARE)
    gender_index = rng.choice(GENDER_UNKNOWN + 1, size=n, p=GENDER_P)
    age_days = np.clip(rng.normal(38, 12, size=n), 18, 80) * 365.25
    birth_day = (created / 86_400 - age_days).astype(np.int64)
    erased = rng.random(n) < ERASED_SHARE
    deleted = created + (rng.random(n) * (config.end_second - created)).astype(np.int64)
    numbers = np.arange(first_number, first_number + n)
    city = city_of(rng, country)
    buyers = Buyers(
        number=numbers,
        created_second=created,
        country=country,
        city=city,
        currency=currency,
        purchase_rate=purchase_rate,
        dropout=dropout,
        spend_scale=spend_scale,
        favourite_category=rng.choice(len(CATEGORIES), size=n, p=probabilities(CATEGORY_WEIGHTS)),
        app_affinity=rng.beta(1, 2.5, size=n),
        mobile_affinity=rng.beta(2, 2, size=n),
        engagement=rng.gamma(1.2, 0.035, size=n) + 4 * purchase_rate,
        newsletter=newsletter,
        professional=professional,
    )
    table = arrow.table(
        "buyers",
        {
            "buyer_id": arrow.ids("B", numbers, 8),
            "created_at": arrow.timestamps(created),
            "updated_at": arrow.timestamps(created + rng.integers(0, 86_400 * 90, size=n)),
            "email": pc.binary_join_element_wise(
                arrow.ids("buyer", numbers, 8), "example.com", "@"
            ),
            "gender": arrow.categorical(
                np.minimum(gender_index, GENDER_UNKNOWN - 1),
                GENDERS,
                gender_index == GENDER_UNKNOWN,
            ),
            "birth_date": arrow.dates(birth_day, rng.random(n) < UNKNOWN_BIRTH_DATE_SHARE),
            "country_code": arrow.categorical(country, COUNTRIES),
            "city": arrow.categorical(city, CITY_LIST),
            "account_type": arrow.categorical(professional, ("personal", "professional")),
            "acquisition_channel": arrow.categorical(
                rng.choice(len(ACQUISITION_CHANNELS), size=n, p=probabilities(ACQUISITION_WEIGHTS)),
                ACQUISITION_CHANNELS,
            ),
            "marketing_consent": arrow.booleans(consent),
            "newsletter_opt_in": arrow.booleans(newsletter),
            "deleted_at": arrow.timestamps(deleted, ~erased),
            "is_test_account": arrow.booleans(np.zeros(n)),
        },
    )
    return buyers, table
