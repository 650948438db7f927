"""Her say over what we send: stop, start again, delete my data.

A small state machine per contact, run in the webhook before Rasa (it must work
even when Rasa is down): "berhenti", "stop", "jangan kirim lagi" as the whole
message stop everything we start and say how to come back; "mulai lagi" resumes;
"hapus data saya" explains what goes, asks once more, then erases. Only whole
messages count: "stop dulu jualannya" is not an opt-out.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messaging import questions
from bot.privacy.erase import erase_person
from bot.roster.identity import get_contact, opt_out
from bot.roster.models import Contact, Kpm, PendampingNote
from nlu.keywords import yes_no
from nlu.normalize import normalize_text

STOP = {
    "berhenti",
    "stop",
    "stop kirim",
    "jangan kirim lagi",
    "jangan kirim pesan lagi",
    "berhenti berlangganan",
    "unsubscribe",
    "eureun",
    "tong ngirim deui",
    "stop please",
    "please stop",
}
START = {"mulai lagi", "start", "mulai", "kirim lagi", "lanjut lagi", "langganan lagi", "ngawitan deui", "subscribe"}
DELETE = {
    "hapus data saya",
    "hapus data",
    "hapus semua data saya",
    "hapus data sy",
    "delete my data",
    "hapus data abdi",
}
# The open question (bot/messaging/questions.py) while we wait for her second yes.
ERASE = "consent_erase"
# A second "ya" for a deletion counts only soon after we asked.
CONFIRM_TTL = timedelta(minutes=30)
# Five failed deliveries in a row and we stop starting conversations with her.
FAILURES_TO_STOP = 5
FAILED = ("failed", "undelivered")
USER_STOP = "dia menulis: {text}"


def _whole(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", normalize_text(text)).split())


def handle(session: Session, phone: str, text: str, now: datetime) -> str | None:
    """The response to send (and nothing goes to Rasa), or None to carry on as usual."""
    said = _whole(text)
    contact = get_contact(session, phone)
    # Her next message answers "hapus data saya?" or moves on: either way we stop waiting.
    if questions.waiting(session, phone, ERASE, now=now) is not None:
        questions.close(session, phone)
        answer = True if said in ("ya hapus", "hapus") else yes_no(text)
        if answer is True:
            erase_person(session, phone)
            return "utter_consent_deleted"
        if answer is False:
            return "utter_consent_delete_kept"
    if said in STOP | START:
        questions.close(session, phone)  # "stop" mid-question leaves the question too; "mulai lagi" starts clean
    if said in STOP:
        opt_out(session, phone, USER_STOP.format(text=text.strip()[:150]))
        return "utter_consent_stopped"
    if said in START:
        was_out = contact.opted_out_at is not None
        contact.opted_out_at = contact.opt_out_reason = None
        contact.failures_in_row = 0
        return "utter_consent_started" if was_out else "utter_consent_already_on"
    if said in DELETE:
        questions.ask(session, phone, ERASE, {}, ttl=CONFIRM_TTL, now=now)
        return "utter_consent_delete_ask"
    return None


def delivery_status(session: Session, phone: str, status: str) -> None:
    """Count failures in a row; at five, stop and leave the pendamping a note saying why."""
    contact = session.get(Contact, phone)
    if contact is None:
        return
    if status in ("delivered", "read"):
        contact.failures_in_row = 0
        return
    if status not in FAILED:
        return
    contact.failures_in_row += 1
    if contact.failures_in_row == FAILURES_TO_STOP and contact.opted_out_at is None:
        opt_out(session, phone, f"{FAILURES_TO_STOP} pesan berturut-turut gagal terkirim")
        kpm = session.scalar(select(Kpm).where(Kpm.phone == phone))
        if kpm is not None and kpm.kelompok.pendamping_id is not None:
            session.add(
                PendampingNote(
                    pendamping_id=kpm.kelompok.pendamping_id,
                    kpm_id=kpm.id,
                    kind="unreachable",
                    text=(
                        f"{kpm.name} ({kpm.kelompok.name}): {FAILURES_TO_STOP} pesan berturut-turut gagal terkirim, "
                        "pengiriman dihentikan. Mohon cek nomornya; ia bisa menulis MULAI LAGI."
                    ),
                )
            )
