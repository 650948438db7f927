"""A bar chart of daily sales and spending, sized for a small phone screen."""

from __future__ import annotations

import io
import secrets
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")  # no display on servers
import matplotlib.pyplot as plt
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import utcnow
from bot.i18n import gettext, normalize_locale
from bot.ledger import service
from bot.ledger.chat import range_text
from bot.ledger.models import MediaFile
from bot.ledger.periods import period
from bot.outcome import Outcome, Say
from bot.replies import KIND_LABEL, PERIOD_LABEL
from bot.roster.identity import Identity

SIZE_PX = (1080, 1080)
DPI = 120
MEDIA_DAYS = 7


def _short_money(value: float, _pos: object = None) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}jt".replace(".0jt", "jt")
    if value >= 1000:
        return f"{value / 1000:.0f}rb"
    return f"{value:.0f}"


def render_png(days: list[tuple[date, int, int]], title: str, lang: str) -> bytes:
    """PNG bytes: one pair of bars (sales, spending) per day."""
    from babel.dates import format_date

    loc = normalize_locale(lang)
    fig, ax = plt.subplots(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI)
    xs = range(len(days))
    width = 0.4
    ax.bar(
        [x - width / 2 for x in xs],
        [d[1] for d in days],
        width,
        color="#2e7d32",
        label=gettext(KIND_LABEL["sale"], lang),
    )
    ax.bar(
        [x + width / 2 for x in xs],
        [d[2] for d in days],
        width,
        color="#ef6c00",
        label=gettext(KIND_LABEL["expense"], lang),
    )
    step = 1 if len(days) <= 10 else 5
    ax.set_xticks(list(xs)[::step])
    pattern = "EEE\nd/M" if len(days) <= 10 else "d/M"
    ax.set_xticklabels([format_date(d[0], pattern, locale=loc) for d in days][::step], fontsize=15)
    ax.yaxis.set_major_formatter(_short_money)
    ax.tick_params(axis="y", labelsize=15)
    ax.set_title(title, fontsize=22, pad=16)
    ax.legend(fontsize=17, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getvalue()


def store_media(session: Session, kpm_id: int, content: bytes, days_valid: int = MEDIA_DAYS) -> str:
    """Keep the image under an unguessable token that expires; returns the token."""
    token = secrets.token_urlsafe(24)
    session.add(
        MediaFile(
            token=token,
            kpm_id=kpm_id,
            content=content,
            content_type="image/png",
            expires_at=utcnow() + timedelta(days=days_valid),
        )
    )
    return token


def media_url(settings: Settings, token: str) -> str:
    base = settings.public_base_url or f"http://localhost:{settings.port}"
    return f"{base.rstrip('/')}/media/{token}.png"


def chart_reply(session: Session, settings: Settings, who: Identity, text: str, today: date) -> Outcome:
    kpm_id = service.kpm_id_for(session, who.phone) if who.role == "kpm" else None
    if kpm_id is None:
        return Outcome([Say("utter_ledger_only_kpm")])
    low = text.lower()
    key = "last_30" if any(w in low for w in ("bulan", "30", "sebulan", "month")) else "last_7"
    p = period(key, today)
    label = gettext(PERIOD_LABEL[key], who.language)
    png = render_png(service.daily(session, kpm_id, p.start, p.end), label.capitalize(), who.language)
    token = store_media(session, kpm_id, png)
    caption = {"period": label, "range": range_text(p, who.language)}
    return Outcome([Say("utter_ledger_chart", caption, image=media_url(settings, token))])
