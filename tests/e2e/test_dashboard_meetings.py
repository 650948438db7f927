"""Meetings on the dashboard end to end, in Debian's Chromium on the real stack: a pendamping signed in
by the link from the outbox invites one of her kelompok through the form, reads the chat's read-back,
presses Kirim, and the outbox holds the chat's invitation rows for exactly that kelompok's members; a
member answers by signed WhatsApp chat and the web lists her as coming; the meeting is moved and then
cancelled from the web, each time the chat's notices are queued; attendance is taken on the web once a
meeting has started; a koordinator's POST gets 403 and a POST without its CSRF token 400.

Screenshots at 360x740 go to tests/artifacts/dashboard/meetings-*.png (not compared).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.db import session_scope, utcnow
from bot.meetings.models import Invitation, Meeting
from bot.messaging import keys
from bot.messaging.models import OutboxMessage
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok
from devtools.runner import Stack
from tests.e2e.chat import say
from tests.e2e.test_dashboard import PHONE_SIZE, ROSTER, base, ids, shot, sign_in
from tests.helpers import eventually

pytestmark = pytest.mark.e2e

RATNA, SRI = "+6281340000001", "+6281340000003"  # pendamping of Nusa Indah and Kembang Sepatu; her koordinator
LILIS, CUCU, IMAS = "+6281340000011", "+6281340000012", "+6281340000013"  # Nusa Indah
JAKARTA = ZoneInfo("Asia/Jakarta")
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


@pytest.fixture(scope="module")
def roster(stack: Stack) -> Stack:
    with session_scope(stack.settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
    return stack


@pytest.fixture()
def phone_page(browser):  # type: ignore[no-untyped-def]  # browser: tests/e2e/conftest.py
    context = browser.new_context(viewport=PHONE_SIZE, locale="id-ID")
    yield context.new_page()
    context.close()


def snap(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A 360x740 screenshot once the page (and its stylesheet) has loaded."""
    page.wait_for_load_state("load")
    shot(page, name)


def local_today() -> date:
    return utcnow().astimezone(JAKARTA).date()


def read_back_day(day: date) -> str:
    """'📅 Senin, 7 Desember', the read-back's date line, written out here from the test's own tables."""
    return f"📅 {DAYS[day.weekday()]}, {day.day} {MONTHS[day.month]}\n"


def outbox(stack: Stack, like: str) -> dict[str, tuple[str, str]]:
    """key -> (purpose, phone) of the outbox rows whose key is like `like`."""
    with session_scope(stack.settings.database_url) as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like(like)))
        return {r.key: (r.purpose, r.phone) for r in rows}


def expected(meeting_id: int, version: int, kind: str, members: dict[str, int]) -> dict[str, tuple[str, str]]:
    """The rows the chat's "ya" queues: keys from bot/messaging/keys.py, one per member, the chat's purpose."""
    return {
        keys.meeting_notice(meeting_id, version, kind, kpm_id).text: (f"meeting_{kind}", phone)
        for phone, kpm_id in members.items()
    }


def test_a_pendamping_invites_moves_and_cancels_from_the_web_as_by_chat(roster: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = roster, phone_page
    known = ids(stack)
    members = {phone: known[phone] for phone in (LILIS, CUCU, IMAS)}
    before = outbox(stack, "meeting:%")
    sign_in(stack, page, RATNA)
    page.click("nav >> text=Pertemuan kelompok")
    page.wait_for_url(base(stack) + "/dasbor/pertemuan")
    page.click("#buat-pertemuan")
    day = local_today() + timedelta(days=9)
    page.check(f"input[name=kelompok][value='{known['Nusa Indah']}']")
    page.fill("#tanggal", day.isoformat())
    page.fill("#jam", "09:00")
    page.fill("#tempat", "Balai RW 05")
    page.fill("#materi", "mengelola keuangan keluarga")
    page.fill("#jenis", "P2K2")
    snap(page, "meetings-1-form")
    page.click("#periksa")
    read_back = page.locator("#baca-ulang").inner_text()
    for part in (read_back_day(day), "🕘 09.00 WIB", "Nusa Indah (3)", "Balai RW 05", "3 anggota"):
        assert part in read_back, part
    snap(page, "meetings-2-read-back")
    assert outbox(stack, "meeting:%") == before  # nothing goes out before "Kirim"

    page.click("#kirim")
    page.wait_for_url(re.compile(r".*/dasbor/pertemuan/\d+$"))
    meeting_id = int(page.url.rsplit("/", 1)[1])
    assert "sedang dikirim ke 3 anggota" in page.locator(".notice").inner_text()
    invited = outbox(stack, f"meeting:{meeting_id}:%")
    assert invited == expected(meeting_id, 1, "invite", members)  # exactly Nusa Indah's members
    with session_scope(stack.settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None and [k.name for k in meeting.kelompok] == ["Nusa Indah"]

    # Lilis answers on WhatsApp; the web lists her as coming.
    assert "dicatat *hadir*" in say(stack, LILIS, "hadir").text
    page.goto(base(stack) + "/dasbor/pertemuan")
    card = page.locator(f"#pertemuan-{meeting_id}")
    assert card.locator("li.yes").inner_text().startswith("Hadir (1): Lilis Suryani")
    assert "Belum menjawab (2)" in card.locator("li.pending").inner_text()
    snap(page, "meetings-3-list")

    # Moved a day later, at ten: the read-back, then the chat's change notices.
    card.locator("text=Ubah jadwal").click()
    new_day = day + timedelta(days=1)
    page.fill("#tanggal", new_day.isoformat())
    page.fill("#jam", "10:00")
    page.click("#periksa")
    read_back = page.locator("#baca-ulang").inner_text()
    assert read_back_day(new_day) in read_back and "🕘 10.00 WIB" in read_back and "Kabari 3 anggota?" in read_back
    page.click("#kirim")
    page.wait_for_url(re.compile(rf".*/dasbor/pertemuan/{meeting_id}$"))
    assert "Jadwal diubah" in page.locator(".notice").inner_text()
    changed = eventually(
        lambda: len(r := outbox(stack, f"meeting:{meeting_id}:v2:change:%")) == 3 and r, what="three change notices"
    )
    assert changed == expected(meeting_id, 2, "change", members)

    # Cancelled: the read-back, then the chat's cancellation notices.
    page.goto(base(stack) + "/dasbor/pertemuan")
    page.locator(f"#pertemuan-{meeting_id} >> text=Batalkan pertemuan").click()
    assert page.locator("#baca-ulang").inner_text().startswith("Batalkan P2K2 Nusa Indah")
    page.click("#kirim")
    page.wait_for_url(base(stack) + "/dasbor/pertemuan")
    assert "Pertemuan dibatalkan" in page.locator(".notice").inner_text()
    cancelled = eventually(
        lambda: len(r := outbox(stack, f"meeting:{meeting_id}:cancel:%")) == 3 and r, what="three cancellations"
    )
    assert cancelled == expected(meeting_id, 3, "cancel", members)
    assert page.locator(f"#dibatalkan #pertemuan-{meeting_id}").is_visible()
    snap(page, "meetings-4-cancelled")

    # A form posted without its CSRF token, with her session cookie: refused, nothing made.
    form = {"kelompok": str(known["Nusa Indah"]), "tanggal": day.isoformat(), "jam": "09:00", "tempat": "X"}
    assert page.request.post(base(stack) + "/dasbor/pertemuan/baru", form=form).status == 400
    assert page.request.post(base(stack) + f"/dasbor/pertemuan/{meeting_id}/batal").status == 400


def test_attendance_is_taken_on_the_web_once_the_meeting_has_started(roster: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = roster, phone_page
    known = ids(stack)
    with session_scope(stack.settings.database_url) as session:  # a meeting that began two hours ago
        nusa = session.scalar(select(Kelompok).where(Kelompok.name == "Nusa Indah"))
        assert nusa is not None and nusa.pendamping is not None
        started = Meeting(
            pendamping_id=nusa.pendamping.id,
            starts_at=utcnow() - timedelta(hours=2),
            tz="Asia/Jakarta",
            place="Posyandu Nusa Indah",
            kelompok=[nusa],
        )
        session.add(started)
        session.flush()
        for phone in (CUCU, IMAS, LILIS):
            session.add(Invitation(meeting_id=started.id, kpm_id=known[phone], status="yes"))
        meeting_id = started.id
    sign_in(stack, page, RATNA)
    page.goto(base(stack) + "/dasbor/pertemuan")
    page.locator(f"#sudah-berlangsung #pertemuan-{meeting_id} >> text=Catat kehadiran").click()
    page.uncheck(f"input[name=hadir][value='{known[IMAS]}']")
    snap(page, "meetings-6-attendance")
    page.click("#simpan-kehadiran")
    assert "2 hadir, 1 tidak hadir (Imas Masitoh)" in page.locator(".notice").inner_text()  # the chat's words
    with session_scope(stack.settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None and meeting.status == "done"
        assert {i.kpm_id: i.attended for i in meeting.invitations} == {
            known[CUCU]: True,
            known[IMAS]: False,
            known[LILIS]: True,
        }


def test_a_koordinator_reads_the_meetings_and_her_posts_are_refused(roster: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = roster, phone_page
    known = ids(stack)
    sign_in(stack, page, SRI)
    page.goto(base(stack) + "/dasbor/pertemuan")
    assert page.locator("#buat-pertemuan").count() == 0 and page.locator("text=Batalkan pertemuan").count() == 0
    snap(page, "meetings-5-koordinator")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    assert token
    day = local_today() + timedelta(days=5)
    form = {
        "csrf_token": token,
        "kelompok": str(known["Nusa Indah"]),
        "tanggal": day.isoformat(),
        "jam": "09:00",
        "tempat": "Balai RW 05",
    }
    with session_scope(stack.settings.database_url) as session:
        count = len(session.scalars(select(Meeting)).all())
    assert page.request.post(base(stack) + "/dasbor/pertemuan/baru", form=form).status == 403
    kirim = {"csrf_token": token, "jawab": "kirim", "rencana": "{}"}
    assert page.request.post(base(stack) + "/dasbor/pertemuan/kirim", form=kirim).status == 403
    assert page.request.get(base(stack) + "/dasbor/pertemuan/baru").status == 403
    with session_scope(stack.settings.database_url) as session:
        assert len(session.scalars(select(Meeting)).all()) == count
