"""Stop, start again, delete my data; five failed deliveries stop us too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.db import Base, session_scope
from bot.ledger import service
from bot.privacy import consent
from bot.privacy.erase import her_tables
from bot.roster.identity import get_contact
from bot.roster.importer import import_roster
from bot.roster.models import Contact, Kpm, PendampingNote

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
SITI = "+6281220000002"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture()
def roster(settings: Settings) -> str:
    with session_scope(settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
    return settings.database_url


@pytest.mark.parametrize("text", ["berhenti", "STOP", "Jangan kirim lagi!", "stop.", "eureun"])
def test_whole_message_stops_and_mulai_lagi_resumes(roster: str, text: str) -> None:
    with session_scope(roster) as session:
        assert consent.handle(session, SITI, text, NOW) == "utter_consent_stopped"
        assert get_contact(session, SITI).opted_out_at is not None
        assert consent.handle(session, SITI, "mulai lagi", NOW) == "utter_consent_started"
        assert get_contact(session, SITI).opted_out_at is None
        assert consent.handle(session, SITI, "mulai lagi", NOW) == "utter_consent_already_on"


@pytest.mark.parametrize(
    "text", ["stop dulu jualannya", "kapan berhenti dapat bansos?", "laku 20rb", "hapus yang tadi"]
)
def test_words_inside_a_sentence_are_not_commands(roster: str, text: str) -> None:
    with session_scope(roster) as session:
        assert consent.handle(session, SITI, text, NOW) is None
        assert get_contact(session, SITI).opted_out_at is None


def test_delete_asks_once_more_and_no_keeps_everything(roster: str) -> None:
    with session_scope(roster) as session:
        kpm_id = session.scalar(select(Kpm.id).where(Kpm.phone == SITI))
        assert kpm_id is not None
        service.record(session, kpm_id, "SM1", date(2026, 11, 30), [service.NewItem("sale", 85000)])
        assert consent.handle(session, SITI, "hapus data saya", NOW) == "utter_consent_delete_ask"
        assert consent.handle(session, SITI, "tidak", NOW + timedelta(minutes=1)) == "utter_consent_delete_kept"
        assert len(service.entries(session, [kpm_id], date(2026, 11, 1), date(2026, 12, 31))) == 1
        # A late "ya" (the question expired) deletes nothing either.
        consent.handle(session, SITI, "hapus data saya", NOW)
        assert consent.handle(session, SITI, "ya", NOW + timedelta(hours=1)) is None
        assert len(service.entries(session, [kpm_id], date(2026, 11, 1), date(2026, 12, 31))) == 1


def test_every_table_about_a_person_is_known_to_the_eraser() -> None:
    import bot.models  # noqa: F401

    covered = {t.name for t in her_tables()}
    about_people = {t.name for t in Base.metadata.sorted_tables if {"phone", "kpm_id"} & set(t.c.keys())}
    # The roster lines are all that stays: hers, and those of the pendamping and koordinator who run it.
    assert about_people - covered == {"kpm", "pendamping", "koordinator"}


def test_five_failures_in_a_row_stop_sending_and_tell_the_pendamping(roster: str) -> None:
    with session_scope(roster) as session:
        get_contact(session, SITI)
        for status in ("failed", "undelivered", "failed", "delivered"):  # a delivery resets the count
            consent.delivery_status(session, SITI, status)
        for _ in range(4):
            consent.delivery_status(session, SITI, "failed")
        assert session.get(Contact, SITI).opted_out_at is None
        consent.delivery_status(session, SITI, "undelivered")
        contact = session.get(Contact, SITI)
        assert contact is not None and contact.opted_out_at is not None
        assert "5 pesan berturut-turut gagal" in (contact.opt_out_reason or "")
        (note,) = session.scalars(select(PendampingNote)).all()
        assert note.kind == "unreachable" and note.text.startswith("Siti Aminah (Melati)")
        consent.delivery_status(session, SITI, "failed")  # a sixth failure adds no second note
        assert session.scalar(select(func.count()).select_from(PendampingNote)) == 1
