"""The dashboard's words in her language, and numbers, money and dates formatted by Babel (bot/i18n).

Templates call `_("Teks {n}", n=3)`: the Indonesian text is the message id (extracted from the
templates by babel.cfg), translated for the page's language, then filled in.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, session
from markupsafe import Markup, escape

from bot.i18n import (
    SUPPORTED,
    format_compact,
    format_day,
    format_full_date,
    format_money,
    format_month,
    format_month_short,
    format_month_short_year,
    format_number,
    format_short_day,
    gettext,
    normalize_locale,
)
from bot.meetings.present import clock_text

LANGUAGE_KEY = "lang"
# Each language named in itself, for the switch at the bottom of every page.
LANGUAGE_NAMES = {"id": "Indonesia", "su": "Sunda", "en": "English"}


def page_language() -> str:
    """The language she chose (kept in her session, and stored for her account when signed in)."""
    return normalize_locale(session.get(LANGUAGE_KEY))


def _(text: str, **values: Any) -> str:
    translated = gettext(text, page_language())
    return translated.format(**values) if values else translated


# WhatsApp's *bold*, within one line.
_BOLD = re.compile(r"\*([^*\n]+)\*")


def chat_markup(text: str) -> Markup:
    """A chat text as she reads it on WhatsApp: escaped, *bold* in bold, each line break a <br>."""
    return Markup(_BOLD.sub(r"<strong>\1</strong>", str(escape(text))).replace("\n", "<br>\n"))


def local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def install(app: Flask) -> None:
    """The template globals and filters every dashboard page (and pages built on it) uses."""
    lang = page_language
    app.jinja_env.globals.update(_=_, page_language=lang, LANGUAGES=SUPPORTED, LANGUAGE_NAMES=LANGUAGE_NAMES)
    app.jinja_env.filters.update(
        money=lambda amount: format_money(int(amount), lang()),
        number=lambda value: format_number(value, lang()),
        compact=lambda value: format_compact(int(value), lang()),
        day=lambda day: format_day(day, lang()),
        short_day=lambda day: format_short_day(day, lang()),
        full_date=lambda day: format_full_date(day, lang()),
        month=lambda day: format_month(day, lang()),
        chat=chat_markup,
        short_month=lambda day: format_month_short_year(day, lang()),
        # An aware datetime shown as her local day, or as day and clock time (WIB, WITA, WIT).
        local_day=lambda moment, tz: format_full_date(local(moment, tz).date(), lang()),
        local_time=lambda moment, tz: (
            f"{format_day(local(moment, tz).date(), lang())}, {clock_text(local(moment, tz), tz, lang())}"
        ),
    )


def axis_money(amount: int) -> str:
    return format_compact(amount, page_language())


def month_short(day: date) -> str:
    return format_month_short(day, page_language())
