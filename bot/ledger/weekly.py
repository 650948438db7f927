"""The weekly picture: every Sunday evening, a chart of the week for each KPM who recorded.

WhatsApp allows free-form messages (and pictures) only within 24 hours of her
last message; outside it only approved templates may be sent. A picture needs a
media template, so the gate (bot/messaging/reach.py) skips a KPM outside the
window and she is counted; the weekly nudge (a text template) will reach her instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings, load_settings
from bot.db import session_scope, utcnow
from bot.i18n import gettext
from bot.ledger.chart import media_url, render_png, store_media
from bot.ledger.chat import range_text
from bot.ledger.models import LedgerEntry
from bot.ledger.periods import period
from bot.ledger.service import daily
from bot.messaging import keys
from bot.messaging.reach import Content, Reacher
from bot.replies import PERIOD_LABEL, render
from bot.roster.identity import identify
from bot.roster.models import Kpm

log = logging.getLogger(__name__)


@dataclass
class WeeklyResult:
    queued: int = 0
    outside_window: int = 0
    opted_out: int = 0


def queue_weekly_charts(session: Session, settings: Settings, today: date, now: datetime) -> WeeklyResult:
    """Queue this week's chart for every KPM who recorded something in the last 7 days."""
    result = WeeklyResult()
    week = period("last_7", today)
    active = session.scalars(
        select(LedgerEntry.kpm_id)
        .distinct()
        .where(
            LedgerEntry.deleted_at.is_(None), LedgerEntry.entry_date >= week.start, LedgerEntry.entry_date <= week.end
        )
    ).all()
    gate = Reacher.for_settings(session, settings, now)
    for kpm in session.scalars(select(Kpm).where(Kpm.id.in_(active)).order_by(Kpm.id)):

        def chart(kpm: Kpm = kpm) -> Content:
            """Drawn only when the gate lets it go."""
            who = identify(session, kpm.phone)
            label = gettext(PERIOD_LABEL["last_7"], who.language)
            png = render_png(daily(session, kpm.id, week.start, week.end), label.capitalize(), who.language)
            caption = render("utter_ledger_chart", who, period=label, range=range_text(week, who.language))
            return Content(caption, media_url(settings, store_media(session, kpm.id, png)))

        went = gate.send(keys.weekly_chart(kpm.id, today), kpm.phone, "weekly_chart", chart)
        if went == "free_text":
            result.queued += 1
        elif went == "opted_out":
            result.opted_out += 1
        elif went == "outside_window":
            result.outside_window += 1
    return result


def weekly_charts_job() -> None:
    """APScheduler entry point (a plain importable function: jobs live in the database)."""
    settings = load_settings()
    now = utcnow()
    today = now.astimezone(ZoneInfo(settings.tz)).date()
    with session_scope(settings.database_url) as session:
        result = queue_weekly_charts(session, settings, today, now)
    log.info("weekly charts: %s", result)
