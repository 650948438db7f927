"""Babel catalogs and locale-aware formatting.

Indonesian is the source locale: msgids are the Indonesian texts, so an
Indonesian user reads them as written and other locales come from catalogs
under bot/i18n/locale (pybabel extract/update/compile, wired into `make`).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as _format_date
from babel.numbers import format_compact_decimal, format_currency, format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LOCALE = "id"
SUPPORTED = ("id", "su", "en")


def N_(text: str) -> str:
    """Marks a text for extraction; translated later, when the locale is known."""
    return text


def normalize_locale(language: str | None) -> str:
    lang = (language or SOURCE_LOCALE).split("_")[0].split("-")[0].lower()
    return lang if lang in SUPPORTED else SOURCE_LOCALE


@lru_cache(maxsize=8)
def translations(locale: str) -> NullTranslations:
    locale = normalize_locale(locale)
    if locale == SOURCE_LOCALE:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [locale], DOMAIN)


def gettext(text: str, locale: str) -> str:
    return translations(locale).gettext(text)


def format_money(amount: int, locale: str) -> str:
    """Whole rupiah, as people write it: Rp1.250.000."""
    return format_currency(amount, "IDR", locale=normalize_locale(locale), format="¤#,##0", currency_digits=False)


def format_day(day: date, locale: str) -> str:
    """'Sabtu, 28 November' in the user's language."""
    return _format_date(day, "EEEE, d MMMM", locale=normalize_locale(locale))


def format_number(value: int | float, locale: str) -> str:
    """1.234.567 (Indonesian, Sundanese) or 1,234,567 (English)."""
    return format_decimal(value, locale=normalize_locale(locale))


def format_compact(value: int, locale: str) -> str:
    """Short amounts for chart axes: 1,2 jt / 1.2M."""
    return format_compact_decimal(value, format_type="short", locale=normalize_locale(locale), fraction_digits=1)


def format_short_day(day: date, locale: str) -> str:
    """'7 Des' / '7 Dec': a day in tables and charts."""
    return _format_date(day, "d MMM", locale=normalize_locale(locale))


def format_full_date(day: date, locale: str) -> str:
    """'7 Des 2026' / '7 Dec 2026'."""
    return _format_date(day, "d MMM y", locale=normalize_locale(locale))


def format_month(day: date, locale: str) -> str:
    """'Desember 2026' / 'December 2026'."""
    return _format_date(day, "LLLL y", locale=normalize_locale(locale))


def format_month_short_year(day: date, locale: str) -> str:
    """'Nov 2026': a month in a list of months."""
    return _format_date(day, "LLL y", locale=normalize_locale(locale))


def format_month_short(day: date, locale: str) -> str:
    """'Des' / 'Dec': a month under a chart."""
    return _format_date(day, "LLL", locale=normalize_locale(locale))
