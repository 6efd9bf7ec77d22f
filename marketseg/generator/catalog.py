"""Fixed vocabularies of the synthetic marketplace (categories, places, channels)."""

from __future__ import annotations

import numpy as np

CATEGORIES = (
    "fashion", "home", "electronics", "beauty", "sports", "books",
    "toys", "garden", "food", "jewelry", "baby", "crafts",
)  # fmt: skip
CATEGORY_WEIGHTS = np.array([18, 14, 10, 10, 8, 7, 7, 6, 6, 5, 5, 4], dtype=float)
CATEGORY_MEDIAN_PRICE = np.array([35, 45, 120, 25, 55, 15, 30, 40, 18, 80, 28, 22], dtype=float)
SUBCATEGORIES = ("classic", "premium", "vintage", "kids", "outdoor", "essentials")
BRANDS = tuple(f"brand_{letter}" for letter in "abcdefghijklmnopqrstuvwxyz")
TAGS = (None, "eco", "handmade", "eco,handmade", "local", "vintage", "eco,local")
TAG_WEIGHTS = np.array([55, 12, 10, 5, 8, 6, 4], dtype=float)

COUNTRIES = ("FR", "BE", "CH", "DE", "ES", "IT", "GB", "US", "SE", "PL")
COUNTRY_WEIGHTS = np.array([58, 8, 5, 7, 6, 5, 5, 3, 2, 1], dtype=float)
CITIES = {
    "FR": ("paris", "lyon", "marseille", "lille", "toulouse", "nantes", "bordeaux"),
    "BE": ("bruxelles", "liege", "gand"),
    "CH": ("geneve", "lausanne", "zurich"),
    "DE": ("berlin", "munich", "hamburg"),
    "ES": ("madrid", "barcelona", "valencia"),
    "IT": ("rome", "milan", "turin"),
    "GB": ("london", "manchester", "bristol"),
    "US": ("new york", "chicago", "austin"),
    "SE": ("stockholm", "goteborg"),
    "PL": ("warsaw", "krakow"),
}
CITY_LIST = tuple(sorted({city for cities in CITIES.values() for city in cities}))
CURRENCY_OF_COUNTRY = {"GB": "GBP", "CH": "CHF", "US": "USD", "SE": "SEK", "PL": "PLN"}
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "PLN")
# approximate units of currency per EUR at the start of the period
UNITS_PER_EUR = np.array([1.0, 1.08, 0.86, 0.97, 11.3, 4.4])

GENDERS = ("F", "M", "X")
ACQUISITION_CHANNELS = (
    "organic",
    "paid_search",
    "social",
    "email",
    "affiliate",
    "referral",
    "direct",
)
ACQUISITION_WEIGHTS = np.array([30, 20, 15, 8, 7, 8, 12], dtype=float)
PAYMENT_METHODS = ("card", "paypal", "apple_pay", "bank_transfer", "gift_card")
PAYMENT_WEIGHTS = np.array([58, 22, 12, 5, 3], dtype=float)
DELIVERY_METHODS = ("home", "relay_point", "locker", "pickup", "express")
DELIVERY_WEIGHTS = np.array([50, 25, 10, 5, 10], dtype=float)
CHANNELS = ("web", "mobile_web", "app")
DEVICES = ("desktop", "mobile", "tablet")
COMPANY_SIZES = ("micro", "small", "medium", "large")
PLANS = ("basic", "pro", "premium")
PLAN_COMMISSION = np.array([0.15, 0.12, 0.10])
TRAFFIC_WEIGHTS = np.array([25, 30, 12, 10, 10, 5, 8], dtype=float)  # order of TRAFFIC_SOURCES
CAMPAIGNS = (
    "spring_sale",
    "summer_sale",
    "back_to_school",
    "black_friday",
    "christmas",
    "weekly_newsletter",
)
COUPONS = ("WELCOME10", "SPRING15", "SUMMER20", "BLACKFRIDAY", "XMAS10", "COMEBACK15")
SEARCH_WORDS = ("gift", "cheap", "new", "organic", "best", "vintage", "set", "mini", "large")
TOPIC_WEIGHTS = np.array([15, 5, 35, 15, 18, 12], dtype=float)  # order of TICKET_TOPICS
# activity by calendar month (January first): winter sales, summer lull, Q4 peak
MONTH_SEASONALITY = np.array([0.9, 0.8, 0.95, 0.95, 1.0, 1.0, 0.9, 0.8, 1.0, 1.05, 1.4, 1.55])


def probabilities(weights: np.ndarray) -> np.ndarray:
    return weights / weights.sum()
