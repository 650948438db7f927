"""Meetings on the dashboard in Flask's test client: the form's plan is read back as the chat reads it,
"Kirim" fans out the chat's rows (keys, purposes), moves and cancellations likewise, attendance,
access (her own kelompok only, a koordinator reads), CSRF and the audit trail."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from bot import clock, create_app
from bot.audit import AuditEntry
from bot.config import Settings
from bot.db import session_scope
from bot.meetings import chat
from bot.meetings.models import Invitation, Meeting
from bot.messaging.models import OutboxMessage
from bot.replies import render
from bot.roster.identity import get_contact, identify
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok, Kpm, Pendamping
from tests.unit.test_dashboard_web import csrf, ids, sign_in

DATA = Path(__file__).parent.parent / "data"
RATNA, WULAN, SRI = "+6281340000001", "+6281340000002", "+6281340000003"
LILIS, CUCU, IMAS, POPON = "+6281340000011", "+6281340000012", "+6281340000013", "+6281340000014"
JAKARTA = ZoneInfo("Asia/Jakarta")
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


@pytest.fixture()
def app_settings(settings: Settings) -> Settings:
    with session_scope(settings.database_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes()).ok
        for phone in (LILIS, CUCU, IMAS, POPON):  # they wrote lately: the chat's free text reaches them
            get_contact(session, phone).last_inbound_at = clock.utcnow() - timedelta(hours=1)
    return settings


@pytest.fixture()
def client(app_settings: Settings) -> FlaskClient:
    return create_app(app_settings).test_client()


def in_days(n: int) -> date:
    return clock.local_today("Asia/Jakarta") + timedelta(days=n)


def bubble(page: str) -> str:
    """The read-back as she reads it: the bubble's text without its markup."""
    found = re.search(r'<div class="bubble" id="baca-ulang">(.*?)</div>', page, re.S)
    assert found, page[:2000]
    return html.unescape(re.sub(r"</?strong>", "", found.group(1).replace("<br>\n", "\n")))


def draft_of(page: str) -> str:
    found = re.search(r'name="rencana" value="([^"]*)"', page)
    assert found, page[:2000]
    return html.unescape(found.group(1))


def rows(settings: Settings, like: str) -> dict[str, tuple[str, str]]:
    with session_scope(settings.database_url) as session:
        found = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like(like)))
        return {r.key: (r.purpose, r.phone) for r in found}


def member_ids(settings: Settings, *phones: str) -> list[int]:
    known = ids(settings)
    return sorted(known[p] for p in phones)


def invite_form(client: FlaskClient, settings: Settings, group: str, day: date, at: str = "09:00") -> dict[str, object]:
    page = client.get("/dasbor/pertemuan/baru")
    assert page.status_code == 200
    return {
        "csrf_token": csrf(page.text),
        "kelompok": [str(ids(settings)[group])],
        "tanggal": day.isoformat(),
        "jam": at,
        "tempat": "Balai RW 05",
        "materi": "mengelola keuangan keluarga",
        "jenis": "P2K2",
    }


def send(client: FlaskClient, read_back: str) -> FlaskClient:
    done = client.post(
        "/dasbor/pertemuan/kirim",
        data={"csrf_token": csrf(read_back), "rencana": draft_of(read_back), "jawab": "kirim"},
    )
    assert done.status_code == 302, done.text[:500]
    return done


def test_invite_from_the_form_reads_back_as_the_chat_and_sends_the_chats_rows(
    client: FlaskClient, app_settings: Settings
) -> None:
    sign_in(client, app_settings, RATNA)
    listing = client.get("/dasbor/pertemuan")
    assert listing.status_code == 200 and 'aria-current="page">Pertemuan kelompok' in listing.text
    form = client.get("/dasbor/pertemuan/baru")
    assert "Nusa Indah" in form.text and "Kembang Sepatu" in form.text and "Sri Rejeki" not in form.text
    day = in_days(9)
    read_back = client.post("/dasbor/pertemuan/baru", data=invite_form(client, app_settings, "Nusa Indah", day))
    assert read_back.status_code == 200
    shown = bubble(read_back.text)
    assert f"📅 {DAYS[day.weekday()]}, {day.day} {MONTHS[day.month]}\n" in shown and "🕘 09.00 WIB" in shown
    assert "Nusa Indah (3)" in shown and "3 anggota" in shown and "mengelola keuangan keluarga" in shown
    # Exactly what the chat reads back for the same draft (her one open question).
    with session_scope(app_settings.database_url) as session:
        ratna = identify(session, RATNA)
        (said,) = chat.read_back(session, ratna, clock.utcnow()).says
        assert render(said.response, ratna, **said.values).replace("*", "") == shown
    assert rows(app_settings, "meeting:%") == {}  # nothing goes out before "Kirim"

    done = send(client, read_back.text)
    with session_scope(app_settings.database_url) as session:
        meeting = session.scalars(select(Meeting)).one()
        meeting_id, label, starts = meeting.id, meeting.label, meeting.starts_at
        audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "create")).all()
        assert sorted(e.table_name for e in audited) == ["invitation"] * 3 + ["meeting"]
        assert all(e.actor == RATNA for e in audited)
    assert done.headers["Location"].endswith(f"/dasbor/pertemuan/{meeting_id}")
    assert starts == datetime.combine(day, time(9), JAKARTA) and label == "P2K2"
    assert rows(app_settings, "meeting:%") == {
        f"meeting:{meeting_id}:invite:{ids(app_settings)[p]}": ("meeting_invite", p) for p in (LILIS, CUCU, IMAS)
    }
    page = client.get(f"/dasbor/pertemuan/{meeting_id}")
    assert "sedang dikirim ke 3 anggota: 3 sekarang, 0 ditunda" in page.text  # the chat's confirmation
    # Sent once: the same read-back posted again finds no plan waiting.
    again = client.post(
        "/dasbor/pertemuan/kirim",
        data={"csrf_token": csrf(page.text), "rencana": draft_of(read_back.text), "jawab": "kirim"},
    )
    assert again.status_code == 409 and len(rows(app_settings, "meeting:%")) == 3

    # Lilis answers by chat: the web lists her as coming, the others as not answered yet.
    with session_scope(app_settings.database_url) as session:
        chat.answer_invitation(session, identify(session, LILIS), "hadir", clock.utcnow())
        chat.answer_invitation(session, identify(session, CUCU), "ga bisa, anak sakit", clock.utcnow())
    text = html.unescape(re.sub(r"<[^>]+>", "", client.get("/dasbor/pertemuan").text))
    assert "Hadir (1): Lilis Suryani" in text
    assert "Tidak hadir (1): Cucu Sumarni (anak sakit)" in text
    assert "Belum menjawab (1): Imas Masitoh" in text


def make_meeting(client: FlaskClient, settings: Settings, group: str, day: date) -> int:
    send(client, client.post("/dasbor/pertemuan/baru", data=invite_form(client, settings, group, day)).text)
    with session_scope(settings.database_url) as session:
        return session.scalars(select(Meeting.id).order_by(Meeting.id.desc())).first()  # type: ignore[return-value]


def test_move_and_cancel_from_the_web_notify_every_member_once(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    day = in_days(12)
    meeting_id = make_meeting(client, app_settings, "Nusa Indah", day)
    members = member_ids(app_settings, LILIS, CUCU, IMAS)

    form = client.get(f"/dasbor/pertemuan/{meeting_id}/ubah")
    assert form.status_code == 200 and f'value="{day.isoformat()}"' in form.text and 'value="09:00"' in form.text
    values = {"csrf_token": csrf(form.text), "tanggal": day.isoformat(), "jam": "09:00", "tempat": "Balai RW 05"}
    values["materi"] = "mengelola keuangan keluarga"
    same = client.post(f"/dasbor/pertemuan/{meeting_id}/ubah", data=values)
    assert same.status_code == 422 and "Belum ada yang diubah" in same.text
    new_day = day + timedelta(days=1)
    read_back = client.post(
        f"/dasbor/pertemuan/{meeting_id}/ubah", data={**values, "tanggal": new_day.isoformat(), "jam": "10:00"}
    )
    shown = bubble(read_back.text)
    assert shown.startswith("Ubah P2K2 Nusa Indah") and "🕘 10.00 WIB" in shown and "Kabari 3 anggota?" in shown
    assert f"📅 {DAYS[new_day.weekday()]}, {new_day.day} {MONTHS[new_day.month]}\n" in shown
    send(client, read_back.text)
    assert rows(app_settings, f"meeting:{meeting_id}:v2:change:%") == {
        f"meeting:{meeting_id}:v2:change:{k}": ("meeting_change", p)
        for k, p in zip(members, sorted((LILIS, CUCU, IMAS), key=lambda p: ids(app_settings)[p]), strict=True)
    }
    with session_scope(app_settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None and meeting.version == 2
        assert meeting.starts_at == datetime.combine(new_day, time(10), JAKARTA)
        update = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "meeting", AuditEntry.action == "update")
        ).one()
        assert json.loads(update.before or "{}")["version"] == 1 and json.loads(update.after or "{}")["version"] == 2

    # Read back, then "Tidak jadi": nothing is sent, the meeting stays.
    page = client.get("/dasbor/pertemuan")
    read_back = client.post(f"/dasbor/pertemuan/{meeting_id}/batal", data={"csrf_token": csrf(page.text)})
    assert bubble(read_back.text).startswith("Batalkan P2K2 Nusa Indah") and "3 anggota" in bubble(read_back.text)
    dropped = client.post(
        "/dasbor/pertemuan/kirim",
        data={"csrf_token": csrf(read_back.text), "rencana": draft_of(read_back.text), "jawab": "batal"},
    )
    assert dropped.status_code == 302 and "Tidak ada yang dikirim" in client.get("/dasbor/pertemuan").text
    assert rows(app_settings, f"meeting:{meeting_id}:cancel:%") == {}

    read_back = client.post(f"/dasbor/pertemuan/{meeting_id}/batal", data={"csrf_token": csrf(page.text)})
    send(client, read_back.text)
    assert set(rows(app_settings, f"meeting:{meeting_id}:cancel:%")) == {
        f"meeting:{meeting_id}:cancel:{k}" for k in members
    }
    listing = client.get("/dasbor/pertemuan").text
    assert "Pertemuan dibatalkan. 3 anggota diberi tahu" in listing and 'id="dibatalkan"' in listing
    assert client.get(f"/dasbor/pertemuan/{meeting_id}/ubah").status_code == 409
    assert client.post(f"/dasbor/pertemuan/{meeting_id}/batal", data={"csrf_token": csrf(page.text)}).status_code == 409


def test_a_plan_replaced_meanwhile_is_not_sent(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    read_back = client.post(
        "/dasbor/pertemuan/baru", data=invite_form(client, app_settings, "Kembang Sepatu", in_days(4))
    )
    with session_scope(app_settings.database_url) as session:  # meanwhile, in chat, another plan
        chat.start_invite(
            session, identify(session, RATNA), "undang kelompok Nusa Indah besok jam 9 di Masjid", clock.utcnow()
        )
    refused = client.post(
        "/dasbor/pertemuan/kirim",
        data={"csrf_token": csrf(read_back.text), "rencana": draft_of(read_back.text), "jawab": "kirim"},
    )
    assert refused.status_code == 409 and "Tidak ada yang dikirim" in refused.text
    with session_scope(app_settings.database_url) as session:
        assert session.scalars(select(Meeting)).all() == []


def test_the_form_says_what_is_missing_or_wrong(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    page = client.get("/dasbor/pertemuan/baru")
    empty = client.post("/dasbor/pertemuan/baru", data={"csrf_token": csrf(page.text)})
    assert empty.status_code == 422
    for message in ("Pilih minimal satu kelompok", "Isi tanggal", "Isi jam mulai", "Isi tempat"):
        assert message in empty.text, message
    past = invite_form(client, app_settings, "Nusa Indah", in_days(-1))
    answer = client.post("/dasbor/pertemuan/baru", data=past)
    assert answer.status_code == 422 and "Waktu itu sudah lewat" in answer.text and "Balai RW 05" in answer.text
    far = client.post("/dasbor/pertemuan/baru", data=invite_form(client, app_settings, "Nusa Indah", in_days(400)))
    assert far.status_code == 422 and "lebih dari setahun" in far.text


def test_only_her_own_kelompok_and_meetings_a_koordinator_reads_and_csrf(
    client: FlaskClient, app_settings: Settings
) -> None:
    sign_in(client, app_settings, RATNA)
    meeting_id = make_meeting(client, app_settings, "Nusa Indah", in_days(5))
    wulans = invite_form(client, app_settings, "Sri Rejeki", in_days(5))
    assert client.post("/dasbor/pertemuan/baru", data=wulans).status_code == 403
    token = csrf(client.get("/dasbor/pertemuan").text)
    assert client.post("/dasbor/pertemuan/baru", data={"tempat": "x"}).status_code == 400  # no CSRF token
    assert client.post(f"/dasbor/pertemuan/{meeting_id}/batal").status_code == 400
    assert client.post("/dasbor/pertemuan/kirim", data={"jawab": "kirim"}).status_code == 400

    other = create_app(app_settings).test_client()
    sign_in(other, app_settings, WULAN)
    assert other.get(f"/dasbor/pertemuan/{meeting_id}").status_code == 403
    assert other.get(f"/dasbor/pertemuan/{meeting_id}/ubah").status_code == 403
    wulan_token = csrf(other.get("/dasbor/pertemuan").text)
    assert other.post(f"/dasbor/pertemuan/{meeting_id}/batal", data={"csrf_token": wulan_token}).status_code == 403
    assert "Nusa Indah" not in other.get("/dasbor/pertemuan").text

    chief = create_app(app_settings).test_client()
    sign_in(chief, app_settings, SRI)
    listing = chief.get("/dasbor/pertemuan")
    assert listing.status_code == 200 and "Nusa Indah" in listing.text and "Pendamping: Ratna Sari" in listing.text
    assert "Buat pertemuan" not in listing.text and "Batalkan pertemuan" not in listing.text
    assert chief.get(f"/dasbor/pertemuan/{meeting_id}").status_code == 200
    assert chief.get("/dasbor/pertemuan/baru").status_code == 403
    chief_token = csrf(listing.text)
    for path in ("/dasbor/pertemuan/baru", f"/dasbor/pertemuan/{meeting_id}/batal", "/dasbor/pertemuan/kirim"):
        assert chief.post(path, data={"csrf_token": chief_token, "jawab": "kirim"}).status_code == 403, path
    assert chief.post(f"/dasbor/pertemuan/{meeting_id}/kehadiran", data={"csrf_token": chief_token}).status_code == 403
    assert token  # her own token still works for her
    with session_scope(app_settings.database_url) as session:
        assert len(session.scalars(select(Meeting)).all()) == 1


def test_attendance_from_the_web_is_the_chats_and_audited(client: FlaskClient, app_settings: Settings) -> None:
    with session_scope(app_settings.database_url) as session:
        nusa = session.scalar(select(Kelompok).where(Kelompok.name == "Nusa Indah"))
        ratna = session.scalar(select(Pendamping).where(Pendamping.phone == RATNA))
        assert nusa is not None and ratna is not None
        started = Meeting(
            pendamping_id=ratna.id,
            starts_at=clock.utcnow() - timedelta(hours=2),
            tz="Asia/Jakarta",
            place="Balai RW 05",
            kelompok=[nusa],
        )
        session.add(started)
        session.flush()
        for kpm in sorted(nusa.members, key=lambda k: k.name):
            session.add(
                Invitation(meeting_id=started.id, kpm_id=kpm.id, status="yes" if kpm.phone == LILIS else "pending")
            )
        meeting_id = started.id
    sign_in(client, app_settings, RATNA)
    page = client.get(f"/dasbor/pertemuan/{meeting_id}")
    assert page.status_code == 200 and 'id="kehadiran"' in page.text
    assert re.search(rf'value="{ids(app_settings)[LILIS]}" checked', page.text)  # she said she would come
    came = [str(ids(app_settings)[LILIS]), str(ids(app_settings)[CUCU])]
    done = client.post(f"/dasbor/pertemuan/{meeting_id}/kehadiran", data={"csrf_token": csrf(page.text), "hadir": came})
    assert done.status_code == 302
    after = client.get(f"/dasbor/pertemuan/{meeting_id}").text
    assert "2 hadir, 1 tidak hadir (Imas Masitoh)" in after  # the chat's own confirmation
    with session_scope(app_settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None and meeting.status == "done"
        assert {i.kpm.name: i.attended for i in meeting.invitations} == {
            "Cucu Sumarni": True,
            "Imas Masitoh": False,
            "Lilis Suryani": True,
        }
        entries = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "invitation")).all()
        imas = session.scalar(select(Kpm.id).where(Kpm.phone == IMAS))
        assert len(entries) == 3 and {e.kpm_id for e in entries} >= {imas}
    # Who was invited, her answer and whether she came, downloaded as the page shows it.
    text = client.get(f"/dasbor/pertemuan/{meeting_id}/unduh.csv").data.decode("utf-8-sig")
    table = {r["nama"]: (r["jawaban"], r["hadir"], r["tempat"]) for r in csv.DictReader(io.StringIO(text))}
    assert table == {
        "Cucu Sumarni": ("belum", "ya", "Balai RW 05"),
        "Imas Masitoh": ("belum", "tidak", "Balai RW 05"),
        "Lilis Suryani": ("ya", "ya", "Balai RW 05"),
    }
    book = load_workbook(io.BytesIO(client.get(f"/dasbor/pertemuan/{meeting_id}/unduh.xlsx").data))
    assert [row[5] for row in book.active.iter_rows(min_row=2, values_only=True)] == list(table)
    # An upcoming meeting has no attendance yet.
    upcoming = make_meeting(client, app_settings, "Kembang Sepatu", in_days(2))
    token = csrf(client.get("/dasbor/pertemuan").text)
    assert client.post(f"/dasbor/pertemuan/{upcoming}/kehadiran", data={"csrf_token": token}).status_code == 409


def test_the_read_back_is_in_the_pages_language(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    page = client.get("/dasbor/pertemuan")
    client.post("/dasbor/bahasa", data={"bahasa": "en", "next": "/dasbor/pertemuan", "csrf_token": csrf(page.text)})
    day = in_days(9)
    read_back = client.post("/dasbor/pertemuan/baru", data=invite_form(client, app_settings, "Nusa Indah", day))
    shown = bubble(read_back.text)
    assert day.strftime("%A") in shown and "9:00 AM WIB" in shown.replace("\u202f", " "), shown
    assert (
        "Check before sending" in read_back.text and ">Send<" in read_back.text and "Group meetings" in read_back.text
    )
