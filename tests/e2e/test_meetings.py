"""Meetings end to end: a pendamping invites, KPM answer, reminders fire by a moved clock.

The real model, action server, web app and worker (with its APScheduler jobs in
the database) talk to Prism through the recording proxy. Time is moved with the
shared clock file (bot/clock.py) instead of sleeping for a day.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import select, text

from bot import clock
from bot.db import session_scope, utcnow
from bot.meetings.models import Meeting
from bot.messaging.models import OutboxMessage
from bot.roster.models import Contact
from devtools.runner import Stack
from devtools.stack import TEMPLATE_ENV
from tests.e2e.chat import flask_cli, say
from tests.helpers import eventually
from tests.twilio_proxy import TwilioProxy

pytestmark = pytest.mark.e2e

RINA = "+6281220000001"  # pendamping of Melati and Mawar
SITI, EUIS, NINING = "+6281220000002", "+6281220000003", "+6281220000005"  # Melati
DEWI, YATI, AI = "+6281220000004", "+6281220000006", "+6281220000007"  # Mawar
ASEP = "+6281220000099"  # another pendamping, imported by the test
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip
JAKARTA = ZoneInfo("Asia/Jakarta")


def local_today() -> date:
    return utcnow().astimezone(JAKARTA).date()


def written(day: date) -> str:
    """'Senin 7 Desember', the way a pendamping writes a date."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def read_back_day(day: date) -> str:
    """'📅 Senin, 7 Desember', the date line of the read-back, written out here from the test's own tables."""
    return f"📅 {DAYS[day.weekday()]}, {day.day} {MONTHS[day.month]}\n"


def rows(stack: Stack, like: str) -> list[OutboxMessage]:
    with session_scope(stack.settings.database_url) as session:
        return list(
            session.scalars(select(OutboxMessage).where(OutboxMessage.key.like(like)).order_by(OutboxMessage.id))
        )


def meeting_of(stack: Stack, group: str) -> Meeting:
    with session_scope(stack.settings.database_url) as session:
        meetings = [
            m
            for m in session.scalars(select(Meeting).order_by(Meeting.id.desc()))
            if group in [k.name for k in m.kelompok]
        ]
        meeting = meetings[0]
        _ = meeting.invitations, [i.kpm.name for i in meeting.invitations]
        return meeting


def set_window(stack: Stack, phone: str, hours_ago: float) -> None:
    with session_scope(stack.settings.database_url) as session:
        contact = session.get(Contact, phone) or Contact(phone=phone, language="id")
        contact.last_inbound_at = utcnow() - timedelta(hours=hours_ago)
        session.merge(contact)


def jobs(stack: Stack, meeting_id: int) -> dict[str, float]:
    with session_scope(stack.settings.database_url) as session:
        found = session.execute(
            text("SELECT id, next_run_time FROM apscheduler_jobs WHERE id LIKE :p"), {"p": f"meeting:{meeting_id}:%"}
        )
        return {row[0]: row[1] for row in found}


class SharedClock:
    """The stack's clock file: every process reads it (bot/clock.py); this test process does not."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def offset(self) -> float:
        return float(self.path.read_text()) if self.path.exists() else 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset())

    def move_to(self, when: datetime) -> None:
        clock.set_offset(self.path, (when - datetime.now(UTC)).total_seconds())

    def advance(self, seconds: float) -> None:
        clock.set_offset(self.path, self.offset() + seconds)


@pytest.fixture()
def moved_clock(stack: Stack) -> Iterator[SharedClock]:
    shared = SharedClock(Path(stack.extra_env["CLOCK_FILE"]))
    yield shared
    clock.set_offset(shared.path, 0)


def meeting_count(stack: Stack) -> int:
    with session_scope(stack.settings.database_url) as session:
        return len(session.scalars(select(Meeting)).all())


def test_a_kpm_cannot_invite_and_a_pendamping_sees_only_her_own_kelompok(stack: Stack, tmp_path: Path) -> None:
    before = meeting_count(stack)
    refused = say(stack, SITI, "undang kelompok Melati besok jam 9 di balai RW")
    assert "hanya bisa diatur oleh pendamping" in refused.text
    assert "hanya bisa diatur oleh pendamping" in say(stack, SITI, "siapa yang hadir Melati?").text
    roster = tmp_path / "asep.csv"
    roster.write_text(
        "nama,no_hp,peran,kelompok,tanggal_lahir,usaha\nAsep Saepudin,081220000099,pendamping,Kenanga,,\n"
    )
    assert flask_cli(stack, "roster", "import", str(roster)).returncode == 0
    other = say(stack, ASEP, "undang kelompok Melati besok jam 9 di balai RW")
    assert "Kelompok *melati* tidak ada di daftar Asep Saepudin" in other.text and "Kenanga" in other.text
    assert meeting_count(stack) == before


def test_invitation_rsvp_reminders_and_attendance(
    stack: Stack, twilio: TwilioProxy, moved_clock: SharedClock, tmp_path: Path
) -> None:
    day = local_today() + timedelta(days=9)
    set_window(stack, SITI, 1)
    set_window(stack, NINING, 1)
    set_window(stack, EUIS, 48)  # outside the 24-hour window: only a template may reach her
    message = f"undang kelompok Melati P2K2 {written(day)} jam 9 di Balai RW 05, materi mengelola keuangan keluarga"
    queued_before = len(rows(stack, "meeting:%"))
    read_back = say(stack, RINA, message).text
    for part in (
        "Melati (3)",
        read_back_day(day),
        "🕘 09.00 WIB",
        "Balai RW 05",
        "mengelola keuangan keluarga",
        "*3 anggota*",
    ):
        assert part in read_back, part
    assert len(rows(stack, "meeting:%")) == queued_before  # nothing goes out before her "ya"

    queued = say(stack, RINA, "ya").text
    assert "sedang dikirim ke 3 anggota: 3 sekarang, 0 ditunda" in queued
    meeting = meeting_of(stack, "Melati")
    assert meeting.starts_at == datetime.combine(day, time(9), tzinfo=JAKARTA)
    assert sorted(i.kpm.name for i in meeting.invitations) == ["Euis Kurniasih", "Nining Suryani", "Siti Aminah"]
    sent = eventually(
        lambda: (r := rows(stack, f"meeting:{meeting.id}:invite:%")) and all(x.status == "sent" for x in r) and r,
        what="three invitations accepted by the mock",
    )
    by_phone = {r.phone: r for r in sent}
    assert set(by_phone) == {SITI, EUIS, NINING}
    assert "HADIR" in (by_phone[SITI].body or "") and "Balai RW 05" in (by_phone[SITI].body or "")
    euis = by_phone[EUIS]
    assert euis.body is None and euis.content_sid == TEMPLATE_ENV["TWILIO_CONTENT_MEETING_INVITATION_ID"]
    assert json.loads(euis.content_variables or "{}")["1"] == "Euis Kurniasih"
    (request,) = [r for r in twilio.sent_to(EUIS) if r.form.get("ContentSid")]
    assert request.status == 201 and "Balai RW 05" in request.form["ContentVariables"][0]
    report = eventually(lambda: rows(stack, f"meeting:{meeting.id}:v1:report"), what="the pendamping's report")
    assert "3 terkirim, 0 masih antre, 0 gagal" in (report[0].body or "")

    assert "dicatat *hadir*" in say(stack, SITI, "insya allah datang").text
    assert "dicatat *tidak hadir*" in say(stack, NINING, "ga bisa, anak sakit").text
    assert "dicatat *hadir*" in say(stack, EUIS, "muhun").text
    listing = say(stack, RINA, "siapa yang hadir Melati?").text
    assert "Hadir (2): Euis Kurniasih, Siti Aminah" in listing
    assert "Tidak hadir (1): Nining Suryani (anak sakit)" in listing
    assert "Belum menjawab (0)" in listing

    # Both reminder batches are jobs in the database: one per batch, not one per person.
    scheduled = eventually(lambda: len(j := jobs(stack, meeting.id)) == 2 and j, what="two reminder jobs")
    assert set(scheduled) == {f"meeting:{meeting.id}:day_before", f"meeting:{meeting.id}:two_hours"}
    stack.stop("worker")  # every scheduled reminder must survive a restart
    stack.start("worker")
    starts = meeting.starts_at
    day_before = datetime.combine(day - timedelta(days=1), datetime.min.time().replace(hour=16), JAKARTA)
    assert scheduled[f"meeting:{meeting.id}:day_before"] == pytest.approx(day_before.timestamp())

    # Just before the reminder, Siti starts recording a sale: her reminder must wait.
    moved_clock.move_to(day_before - timedelta(seconds=60))
    assert "gorengan" in say(stack, SITI, "laku gorengan 50rb").text
    moved_clock.advance(65)
    reminders = eventually(lambda: rows(stack, f"meeting:{meeting.id}:v1:remind:day_before:%"), what="reminders")
    assert [r.phone for r in reminders] == [EUIS]  # Nining declined, Siti is mid-conversation
    assert reminders[0].content_sid == TEMPLATE_ENV["TWILIO_CONTENT_MEETING_REMINDER_ID"]
    eventually(lambda: all(r.status == "sent" for r in rows(stack, f"meeting:{meeting.id}:v1:remind:%")), what="sent")
    moved_clock.advance(7 * 60)  # she has been quiet for 7 minutes
    later = eventually(
        lambda: [r for r in rows(stack, f"meeting:{meeting.id}:v1:remind:day_before:%") if r.phone == SITI],
        what="Siti's reminder after her conversation",
    )
    assert "Pengingat" in (later[0].body or "") and "Balai RW 05" in (later[0].body or "")
    # The reminder says "Berhalangan? Balas TIDAK": a bare "tidak" now changes her answer.
    assert "dicatat *tidak hadir*" in say(stack, SITI, "tidak").text

    # The two-hours reminder: fired once, to those who did not decline (Siti now has).
    moved_clock.move_to(starts - timedelta(hours=2) + timedelta(seconds=5))
    two_hours = eventually(lambda: rows(stack, f"meeting:{meeting.id}:v1:remind:two_hours:%"), what="2h reminders")
    assert {r.phone for r in two_hours} == {EUIS}

    # After the meeting: the numbered list, then who did not come.
    moved_clock.advance(3 * 3600)
    members = say(stack, RINA, "absen Melati").text
    assert "1. Euis Kurniasih\n2. Nining Suryani\n3. Siti Aminah" in members
    recorded = say(stack, RINA, "yang tidak datang 2").text
    assert "2 hadir, 1 tidak hadir (Nining Suryani)" in recorded  # Siti came after all
    month = day.strftime("%Y-%m")
    api = requests.get(
        f"http://127.0.0.1:{stack.settings.port}/api/v1/attendance",
        params={"month": month, "kelompok": "Melati"},
        headers={"Authorization": f"Bearer {stack.settings.admin_token}"},
        timeout=10,
    )
    by_name = {r["nama"]: r for r in api.json()}
    out = tmp_path / "kehadiran.csv"
    assert flask_cli(stack, "meetings", "attendance", "--month", month, "--out", str(out)).returncode == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "bulan,nama,no_hp,kelompok,diundang,jawab_hadir,jawab_tidak,hadir,tidak_hadir"
    assert f"{month},Nining Suryani,{NINING},Melati,1,0,1,0,1" in lines
    assert by_name["Nining Suryani"]["tidak_hadir"] == 1 and by_name["Nining Suryani"]["jawab_tidak"] == 1
    assert by_name["Siti Aminah"]["hadir"] == 1 and by_name["Siti Aminah"]["jawab_tidak"] == 1
    assert by_name["Euis Kurniasih"]["hadir"] == 1 and by_name["Euis Kurniasih"]["jawab_hadir"] == 1


def test_missing_details_are_asked_and_a_vague_time_is_asked_back(stack: Stack) -> None:
    day = local_today() + timedelta(days=5)
    asked = say(stack, RINA, "undang kelompok Melati ba'da dzuhur di Masjid Al-Ikhlas").text
    assert "Hari dan tanggal berapa" in asked
    assert '"ba\'da dzuhur" itu jam berapa tepatnya?' in say(stack, RINA, written(day)).text
    read_back = say(stack, RINA, "jam 1 siang").text
    assert "🕘 13.00 WIB" in read_back and "Masjid Al-Ikhlas" in read_back and read_back_day(day) in read_back
    assert "tidak jadi" in say(stack, RINA, "tidak").text
    with session_scope(stack.settings.database_url) as session:
        assert [m for m in session.scalars(select(Meeting)) if m.place == "Masjid Al-Ikhlas"] == []


def test_reschedule_and_cancel_notify_once_and_move_the_reminders(stack: Stack, moved_clock: SharedClock) -> None:
    day = local_today() + timedelta(days=12)
    for phone in (DEWI, YATI, AI):
        set_window(stack, phone, 1)
    # Mawar named twice: each member is still invited once.
    say(stack, RINA, f"undang kelompok Mawar, Mawar dan kelompok 1 {written(day)} jam 13.00 di Posyandu Mawar")
    assert "sedang dikirim ke 3 anggota" in say(stack, RINA, "ya").text
    meeting = meeting_of(stack, "Mawar")
    assert len(meeting.invitations) == 3
    invites = eventually(lambda: len(r := rows(stack, f"meeting:{meeting.id}:invite:%")) == 3 and r, what="invites")
    assert sorted(r.phone for r in invites) == sorted([DEWI, YATI, AI])
    before = eventually(lambda: len(j := jobs(stack, meeting.id)) == 2 and j, what="jobs")

    new_day = day + timedelta(days=1)
    change = say(stack, RINA, f"pertemuan Mawar diundur ke {DAYS[new_day.weekday()]} jam 10").text
    assert "10.00 WIB" in change and "Kabari 3 anggota?" in change
    assert "Jadwal diubah" in say(stack, RINA, "ya").text
    changed = eventually(lambda: len(r := rows(stack, f"meeting:{meeting.id}:v2:change:%")) == 3 and r, what="notices")
    assert all("Jadwal berubah" in (r.body or "") and "10.00 WIB" in (r.body or "") for r in changed)
    after = eventually(lambda: (j := jobs(stack, meeting.id)) and j != before and len(j) == 2 and j, what="moved jobs")
    assert after[f"meeting:{meeting.id}:two_hours"] - before[f"meeting:{meeting.id}:two_hours"] == pytest.approx(
        (24 - 3) * 3600
    )
    say(stack, RINA, "pertemuan Mawar diundur ke jam 11")
    say(stack, RINA, "tidak")  # read back, then dropped: nothing more is sent
    assert len(rows(stack, f"meeting:{meeting.id}:v3:%")) == 0

    assert "Batalkan" in say(stack, RINA, "batalkan pertemuan Mawar").text
    assert "dibatalkan" in say(stack, RINA, "ya").text
    cancelled = eventually(lambda: len(r := rows(stack, f"meeting:{meeting.id}:cancel:%")) == 3 and r, what="cancels")
    assert all("dibatalkan" in (r.body or "") for r in cancelled)
    eventually(lambda: jobs(stack, meeting.id) == {}, what="reminder jobs removed")
    assert "Belum ada pertemuan terjadwal" in say(stack, RINA, "siapa yang hadir Mawar").text
