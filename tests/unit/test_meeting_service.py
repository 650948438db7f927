"""Meetings without Rasa: the chat's commands (bot/meetings/chat.py) and the plain-value service they share
with the dashboard (bot/meetings/service.py) build the same plan, read back the same text and fan out
the same outbox rows (keys, purposes) through the gate."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope, utcnow
from bot.meetings import chat, service
from bot.meetings.models import Meeting
from bot.meetings.plans import load_draft
from bot.messaging.models import OutboxMessage
from bot.replies import render
from bot.roster.identity import get_contact, identify
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok, Kpm, Pendamping

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
RINA = "+6281220000001"
SITI, EUIS, NINING = "+6281220000002", "+6281220000003", "+6281220000005"  # Melati
DEWI, YATI, AI = "+6281220000004", "+6281220000006", "+6281220000007"  # Mawar
JAKARTA = ZoneInfo("Asia/Jakarta")
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


@pytest.fixture()
def url(settings: Settings) -> str:
    with session_scope(settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
        for phone in (SITI, EUIS, NINING, DEWI, YATI, AI):
            get_contact(session, phone).last_inbound_at = utcnow() - timedelta(hours=1)
    return settings.database_url


def written(day: date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def keys(session, like: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like(like)).order_by(OutboxMessage.id))
    return {r.key: r.purpose for r in rows}


def kpm_ids(session, *phones: str) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(session.scalar(select(Kpm.id).where(Kpm.phone == p)) for p in phones)


def test_chat_invite_read_back_and_yes_fan_out_one_row_per_member(settings: Settings, url: str) -> None:
    day = utcnow().astimezone(JAKARTA).date() + timedelta(days=9)
    with session_scope(url) as session:
        rina = identify(session, RINA)
        now = utcnow()
        text = f"undang kelompok Melati P2K2 {written(day)} jam 9 di Balai RW 05, materi keuangan keluarga"
        _, complete = chat.start_invite(session, rina, text, now)
        assert complete
        (said,) = chat.read_back(session, rina, now).says
        shown = render(said.response, rina, **said.values)
        assert f"📅 {DAYS[day.weekday()]}, {day.day} {MONTHS[day.month]}\n" in shown and "🕘 09.00 WIB" in shown
        assert "Melati (3)" in shown and "*3 anggota*" in shown
        assert keys(session, "meeting:%") == {}
        (done,) = chat.answer_draft(session, settings, rina, True, now).says
        assert done.response == "utter_meeting_invitations_queued" and done.values["now"] == 3
        meeting = session.scalars(select(Meeting)).one()
        expected = {f"meeting:{meeting.id}:invite:{k}": "meeting_invite" for k in kpm_ids(session, SITI, EUIS, NINING)}
        assert keys(session, "meeting:%") == expected
        assert meeting.report_version == meeting.version == 1 and meeting.label == "P2K2"


def test_the_dashboards_plan_reads_back_as_the_chats_and_yes_sends_the_same_rows(settings: Settings, url: str) -> None:
    day = utcnow().astimezone(JAKARTA).date() + timedelta(days=9)
    with session_scope(url) as session:
        rina = identify(session, RINA)
        pendamping = session.scalar(select(Pendamping).where(Pendamping.phone == RINA))
        melati = session.scalar(select(Kelompok).where(Kelompok.name == "Melati"))
        assert pendamping is not None and melati is not None
        now = utcnow()
        chat.start_invite(session, rina, f"undang kelompok Melati {written(day)} jam 9 di Balai RW 05", now)
        (by_chat,) = chat.read_back(session, rina, now).says
        plan = service.invitation([melati.id, melati.id], day, time(9), " Balai RW 05 ")
        assert not service.in_past(plan, pendamping.tz, now)
        by_web = service.propose(session, pendamping, "invite", plan, rina.language)
        assert by_web == by_chat
        assert load_draft(session, pendamping, now) == ("invite", plan)  # the one open question, replaced
        done = service.confirm(session, settings, rina, True, now)
        assert done.kind == "invite" and done.meeting is not None
        assert done.outcome.says[0].response == "utter_meeting_invitations_queued"
        meeting = done.meeting
        assert meeting.starts_at == datetime_at(day, 9)
        expected = {f"meeting:{meeting.id}:invite:{k}": "meeting_invite" for k in kpm_ids(session, SITI, EUIS, NINING)}
        assert keys(session, "meeting:%") == expected
        # Confirmed once: a second "ya" (or "Kirim") finds nothing pending.
        again = service.confirm(session, settings, rina, True, now)
        assert again.kind is None and again.outcome.says[0].response == "utter_nothing_pending"


def datetime_at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), JAKARTA)


def invite(settings: Settings, session, group: str, day: date, hour: int = 9) -> Meeting:  # type: ignore[no-untyped-def]
    rina = identify(session, RINA)
    pendamping = session.scalar(select(Pendamping).where(Pendamping.phone == RINA))
    kelompok = session.scalar(select(Kelompok).where(Kelompok.name == group))
    service.propose(session, pendamping, "invite", service.invitation([kelompok.id], day, time(hour), "Posyandu"), "id")
    done = service.confirm(session, settings, rina, True, utcnow())
    assert done.meeting is not None
    return done.meeting


def test_a_change_and_a_cancel_read_back_like_the_chat_and_notify_every_member(settings: Settings, url: str) -> None:
    day = utcnow().astimezone(JAKARTA).date() + timedelta(days=12)
    with session_scope(url) as session:
        rina = identify(session, RINA)
        pendamping = session.scalar(select(Pendamping).where(Pendamping.phone == RINA))
        meeting = invite(settings, session, "Mawar", day, 13)
        mawar = kpm_ids(session, DEWI, YATI, AI)
        meeting.invitations[0].status = "no"
        now = utcnow()
        new_day = day + timedelta(days=1)
        (by_chat,) = chat.start_change(
            session, rina, f"pertemuan Mawar diundur ke {DAYS[new_day.weekday()]} jam 10", now
        ).says
        plan = service.change(meeting, new_day, time(10))
        assert not service.changes_nothing(meeting, plan) and service.changes_nothing(meeting, service.change(meeting))
        by_web = service.propose(session, pendamping, "change", plan, "id")
        assert by_web == by_chat and by_web is not None and by_web.values["count"] == 2  # one declined
        done = service.confirm(session, settings, rina, True, now)
        assert done.kind == "change" and done.meeting is meeting and meeting.version == 2
        assert meeting.starts_at == datetime_at(new_day, 10)
        assert {i.status for i in meeting.invitations} == {"pending"}  # everyone answers again
        assert keys(session, f"meeting:{meeting.id}:v2:change:%") == {
            f"meeting:{meeting.id}:v2:change:{k}": "meeting_change" for k in mawar
        }

        (cancel_by_chat,) = chat.start_cancel(session, rina, "batalkan pertemuan Mawar", now).says
        cancel_by_web = service.propose(session, pendamping, "cancel", service.cancellation(meeting), "id")
        assert cancel_by_web == cancel_by_chat
        dropped = service.confirm(session, settings, rina, False, now)  # "tidak"
        assert dropped.kind is None and meeting.status == "scheduled"
        service.propose(session, pendamping, "cancel", service.cancellation(meeting), "id")
        done = service.confirm(session, settings, rina, True, now)
        assert done.kind == "cancel" and meeting.status == "cancelled"
        assert keys(session, f"meeting:{meeting.id}:cancel:%") == {
            f"meeting:{meeting.id}:cancel:{k}": "meeting_cancel" for k in mawar
        }


def test_answers_and_attendance_are_the_same_for_chat_and_web(settings: Settings, url: str) -> None:
    day = utcnow().astimezone(JAKARTA).date() + timedelta(days=3)
    with session_scope(url) as session:
        rina = identify(session, RINA)
        meeting = invite(settings, session, "Melati", day)
        siti, euis, nining = (identify(session, p) for p in (SITI, EUIS, NINING))
        now = utcnow()
        assert chat.answer_invitation(session, siti, "hadir", now).says[0].response == "utter_meeting_rsvp_yes"
        assert chat.answer_invitation(session, nining, "ga bisa, anak sakit", now).says[0].response == (
            "utter_meeting_rsvp_no"
        )
        lists = service.answers(meeting)
        assert [i.kpm.name for i in lists["yes"]] == ["Siti Aminah"]
        assert [(i.kpm.name, i.reason) for i in lists["no"]] == [("Nining Suryani", "anak sakit")]
        assert [i.kpm.name for i in lists["pending"]] == ["Euis Kurniasih"]
        (listing,) = chat.rsvp_list(session, rina, "siapa yang hadir Melati", now).says
        assert listing.values["no"] == "Nining Suryani (anak sakit)" and listing.values["n_pending"] == 1

        after = datetime_at(day, 12)
        (by_chat,) = chat.attendance(session, rina, "absen Melati", after).says
        assert by_chat.response == "utter_meeting_member_list"
        (recorded,) = chat.attendance(session, rina, "yang tidak datang 2", after).says
        assert recorded.values["names"] == "Nining Suryani" and recorded.values["present"] == 2
        assert meeting.status == "done"
        # The dashboard corrects it (a done meeting too): whoever is not named stays as she was.
        said = service.record_attendance(meeting, {nining.kpm_id: True, euis.kpm_id: False}, after, "id")  # type: ignore[dict-item]
        assert said.response == "utter_meeting_attendance_recorded"
        assert (said.values["present"], said.values["absent"], said.values["names"]) == (2, 1, "Euis Kurniasih")
        assert {i.kpm.name: i.attended for i in meeting.invitations} == {
            "Euis Kurniasih": False,
            "Nining Suryani": True,
            "Siti Aminah": True,
        }
