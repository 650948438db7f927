"""Her say over what we send, through the signed webhook: stop, start again, delete my data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.config import for_app
from bot.db import Base, session_scope, utcnow
from bot.ledger.models import LedgerEntry
from bot.meetings.models import Meeting
from bot.messaging.models import OutboxMessage
from bot.roster.models import Contact, Kpm
from devtools.runner import Stack
from tests.e2e.chat import say
from tests.helpers import eventually

pytestmark = pytest.mark.e2e

RINA, DEWI, YATI = "+6281220000001", "+6281220000004", "+6281220000006"
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def test_stopped_kpm_gets_no_invitation_and_mulai_lagi_brings_her_back(stack: Stack) -> None:
    stopped = say(stack, YATI, "berhenti").text
    assert "tidak mengirim pengingat, undangan, atau pesan mingguan" in stopped and "*MULAI LAGI*" in stopped
    assert "P2K2" in say(stack, YATI, "apa itu p2k2").text  # she can still talk to us

    day = utcnow().date() + timedelta(days=6)
    say(stack, RINA, f"undang kelompok Mawar {DAYS[day.weekday()]} {day.day}/{day.month} jam 9 di Posyandu")
    queued = say(stack, RINA, "ya").text
    assert "Yati Rohayati: sudah berhenti menerima pesan" in queued
    with session_scope(stack.settings.database_url) as session:
        meeting_id = session.scalar(select(Meeting.id).order_by(Meeting.id.desc()).limit(1))
    sent = eventually(lambda: rows_for(stack, f"meeting:{meeting_id}:%"), what="invitations")
    assert YATI not in {r.phone for r in sent} and len(sent) == 2

    back = say(stack, YATI, "mulai lagi").text
    assert "Selamat datang kembali" in back
    say(stack, RINA, "batalkan pertemuan Mawar")
    say(stack, RINA, "ya")
    cancelled = eventually(lambda: rows_for(stack, f"meeting:{meeting_id}:cancel:%"), what="cancel notices")
    assert YATI in {r.phone for r in cancelled}  # opted in again: she hears of the cancellation


def rows_for(stack: Stack, like: str) -> list[OutboxMessage]:
    with session_scope(stack.settings.database_url) as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.key.like(like))))


def tracker_events(stack: Stack, phone: str) -> int:
    """Her events in Rasa's tracker store (SQLite or PostgreSQL, as the stack runs)."""
    tracker = create_engine(for_app(stack.settings.rasa_tracker_url))
    try:
        with tracker.connect() as db:
            return db.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": phone}).scalar() or 0
    finally:
        tracker.dispose()


def test_delete_my_data_leaves_only_the_roster_line(stack: Stack) -> None:
    say(stack, DEWI, "laku pecel 45rb")
    say(stack, DEWI, "grafik minggu ini")
    with session_scope(stack.settings.database_url) as session:
        kpm = session.scalar(select(Kpm).where(Kpm.phone == DEWI))
        assert kpm is not None
        kpm_id = kpm.id
        assert session.scalar(select(func.count()).where(LedgerEntry.kpm_id == kpm_id)) >= 1
    assert tracker_events(stack, DEWI) > 0, "Rasa keeps her conversation until she asks to erase it"

    ask = say(stack, DEWI, "hapus data saya").text
    assert "Yang tetap ada hanya nama, nomor, dan kelompok" in ask and "*YA HAPUS*" in ask
    done = say(stack, DEWI, "ya hapus").text
    assert "sudah dihapus" in done

    left: dict[str, int] = {}
    with session_scope(stack.settings.database_url) as session:
        for table in Base.metadata.sorted_tables:
            for column in ("phone", "kpm_id"):
                if column in table.c:
                    value = DEWI if column == "phone" else kpm_id
                    n = session.scalar(select(func.count()).select_from(table).where(table.c[column] == value))
                    if n:
                        left[table.name] = left.get(table.name, 0) + n
            if table.name == "kpm":
                left["kpm"] = session.scalar(select(func.count()).select_from(table).where(table.c.id == kpm_id))
        assert session.get(Contact, DEWI) is None
    assert left == {"kpm": 1}
    assert tracker_events(stack, DEWI) == 0
