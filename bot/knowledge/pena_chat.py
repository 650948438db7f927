"""The PENA questionnaire's start and result, on plain values (the Rasa form only collects answers).

Every completed questionnaire of a registered KPM is stored (`pena_answer`), eligible or not.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.i18n import gettext
from bot.knowledge.models import PenaAnswer
from bot.knowledge.pena import age_on, assess, note_text
from bot.messaging import keys
from bot.messaging.reach import Reacher
from bot.outcome import Outcome, Say
from bot.replies import (
    PENA_CRITERIA,
    PENA_LOOKS_ELIGIBLE,
    PENA_LOOKS_ELIGIBLE_UNREGISTERED,
    PENA_MET,
    PENA_NOT_MET,
    PENA_NOT_NOW,
)
from bot.roster.identity import Identity
from bot.roster.models import Kpm, PendampingNote


def known_answers(session: Session, who: Identity, today: date) -> dict[str, object]:
    """What the roster already tells: her age (from tanggal_lahir) and her business (usaha)."""
    kpm = session.scalar(select(Kpm).where(Kpm.phone == who.phone)) if who.role == "kpm" else None
    known: dict[str, object] = {}
    if kpm is not None and kpm.birth_date is not None:
        known["pena_age"] = age_on(kpm.birth_date, today)
    if kpm is not None and kpm.business:
        known["pena_business"] = kpm.business
    return known


def result(
    session: Session,
    who: Identity,
    age: int,
    business: str | None,
    willing: bool,
    vulnerable: bool,
    now: datetime | None = None,
) -> Outcome:
    lang = who.language
    verdict = assess(age, bool(business), willing, vulnerable)
    checks = [
        ("age", verdict.age_ok, {"age": age}),
        ("business", verdict.business, {}),
        ("willing", verdict.willing, {}),
        ("no_vulnerable", verdict.no_vulnerable_member, {}),
    ]
    lines = "\n".join(
        gettext(PENA_MET if ok else PENA_NOT_MET, lang).format(criterion=gettext(PENA_CRITERIA[key], lang).format(**v))
        for key, ok, v in checks
    )
    kpm = session.scalar(select(Kpm).where(Kpm.phone == who.phone)) if who.role == "kpm" else None
    now = now or clock.utcnow()
    if kpm is not None:
        # Every answer is kept (the graduation pipeline reads her latest); nothing changes for her.
        session.add(
            PenaAnswer(
                kpm_id=kpm.id,
                age=age,
                business=business[:200] if business else None,
                willing=willing,
                vulnerable=vulnerable,
                eligible=verdict.looks_eligible,
                answered_at=now,
            )
        )
    if not verdict.looks_eligible:
        text = PENA_NOT_NOW
    elif kpm is None or kpm.kelompok.pendamping is None:
        text = PENA_LOOKS_ELIGIBLE_UNREGISTERED
    else:
        text = PENA_LOOKS_ELIGIBLE
        pendamping = kpm.kelompok.pendamping
        note = note_text(kpm.name, kpm.kelompok.name, age, business)
        session.add(PendampingNote(pendamping_id=pendamping.id, kpm_id=kpm.id, kind="pena_interest", text=note))
        # Tell her pendamping on WhatsApp too; once per KPM per (her pendamping's) day is enough.
        day = now.astimezone(ZoneInfo(pendamping.tz)).date()
        Reacher(session, now).send(
            keys.pena_interest(kpm.id, day), pendamping.phone, "pendamping_note", f"📝 PENA: {note}"
        )
    return Outcome([Say("utter_pena_result", {"lines": lines, "verdict": gettext(text, lang)})])
