"""The weekly nudge end to end: a week recorded by chat, the Sunday job by a moved clock, her exact numbers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from bot import clock
from bot.db import session_scope
from bot.messaging.models import OutboxMessage
from bot.roster.models import Contact, Kelompok
from devtools.runner import Stack
from tests.e2e.chat import say
from tests.helpers import eventually

pytestmark = pytest.mark.e2e

RINA = "+6281220000001"
SITI, EUIS, NINING = "+6281220000002", "+6281220000003", "+6281220000005"  # kelompok Melati
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture()
def clock_file(stack: Stack) -> Iterator[Path]:
    path = Path(stack.extra_env["CLOCK_FILE"])
    yield path
    clock.set_offset(path, 0)
    say(stack, NINING, "mulai lagi")


def move_to(path: Path, when: datetime) -> None:
    clock.set_offset(path, (when - datetime.now(UTC)).total_seconds())


def test_sunday_nudge_uses_her_own_numbers_and_skips_who_stopped(stack: Stack, clock_file: Path) -> None:
    # A Sunday far enough ahead that no other test's moved clock has reached it.
    start = datetime.now(JAKARTA) + timedelta(days=21)
    sunday = datetime.combine(start.date() + timedelta(days=(6 - start.weekday()) % 7), datetime.min.time(), JAKARTA)
    due = sunday.replace(hour=18)
    move_to(clock_file, due - timedelta(hours=1))
    for message in ("laku nasi uduk 300rb", "kemarin laku 225rb", "belanja bahan 310rb"):
        assert "Sudah dicatat" in say(stack, EUIS, message).text
    assert "*MULAI LAGI*" in say(stack, NINING, "berhenti").text

    move_to(clock_file, due + timedelta(seconds=5))
    year, week, _ = sunday.date().isocalendar()
    # The batch is queued member by member: wait for hers, not just the first.
    nudges = eventually(
        lambda: EUIS in (found := {r.phone: r for r in rows(stack, f"nudge:%:{year}-W{week:02d}")}) and found,
        what="the Sunday nudges",
    )
    assert nudges[EUIS].body is not None and nudges[EUIS].body.startswith(
        "📊 Minggu ini penjualan Ibu Euis Kurniasih Rp525.000, belanja Rp310.000. Kalau disisihkan 10% dari "
        "penjualan (Rp52.500), dalam 3 bulan terkumpul sekitar Rp682.500."
    )
    assert NINING not in nudges  # she wrote "berhenti"
    with session_scope(stack.settings.database_url) as session:
        assert session.get(Contact, NINING).opted_out_at is not None  # type: ignore[union-attr]


def test_a_batch_that_starts_late_at_night_waits_for_the_morning(stack: Stack, clock_file: Path) -> None:
    start = datetime.now(JAKARTA) + timedelta(days=35)
    sunday = datetime.combine(start.date() + timedelta(days=(6 - start.weekday()) % 7), datetime.min.time(), JAKARTA)
    move_to(clock_file, sunday.replace(hour=21))  # the 18:00 job starts three hours late, at night
    monday = sunday + timedelta(days=1)
    year, week, _ = monday.date().isocalendar()
    eventually(
        lambda: any(j.endswith(":morning") for j in nudge_jobs(stack)) or None, what="the batch held for the morning"
    )
    assert rows(stack, f"nudge:%:{sunday.date().isocalendar()[0]}-W{sunday.date().isocalendar()[1]:02d}") == []
    move_to(clock_file, monday.replace(hour=7) + timedelta(seconds=5))
    morning = eventually(lambda: rows(stack, f"nudge:%:{year}-W{week:02d}"), what="the nudges at 07:00")
    assert all(r.created_at.astimezone(JAKARTA).hour == 7 for r in morning)


def test_pendamping_sees_progress_and_switches_a_kelompok_off_and_on(stack: Stack) -> None:
    report = say(stack, RINA, "laporan usaha Melati").text
    assert "*Kelompok Melati*" in report and "Rutin mencatat" in report and "Siti Aminah" in report
    assert "hanya bisa diatur oleh pendamping" in say(stack, SITI, "laporan usaha Melati").text
    with session_scope(stack.settings.database_url) as session:
        melati_id = session.scalar(select(Kelompok.id).where(Kelompok.name == "Melati"))
    job = f"nudges:{melati_id}"
    eventually(lambda: job in nudge_jobs(stack), what="Melati's weekly job")
    assert "dimatikan" in say(stack, RINA, "matikan pesan mingguan kelompok Melati").text
    eventually(lambda: job not in nudge_jobs(stack), timeout=45, what="the job removed by the worker")
    assert "dinyalakan" in say(stack, RINA, "nyalakan pesan mingguan Melati").text
    eventually(lambda: job in nudge_jobs(stack), timeout=45, what="the job back")


def nudge_jobs(stack: Stack) -> set[str]:
    with session_scope(stack.settings.database_url) as session:
        return set(session.scalars(text("SELECT id FROM apscheduler_jobs WHERE id LIKE 'nudges:%'")))


def rows(stack: Stack, like: str) -> list[OutboxMessage]:
    with session_scope(stack.settings.database_url) as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.key.like(like))))


def test_savings_goal_entries_and_questions_by_chat(stack: Stack) -> None:
    ai = "+6281220000007"
    assert "Target tabungan dicatat" in say(stack, ai, "mau nabung buat seragam anak 300rb sampai Juli").text
    assert "Tabungan dicatat: Rp20.000" in say(stack, ai, "nabung 20rb").text
    assert "kurang *Rp280.000*" in say(stack, ai, "kurang berapa lagi").text
    assert "Total tabungan Ibu Ai Nurhayati: *Rp20.000*" in say(stack, ai, "tabungan saya berapa").text
