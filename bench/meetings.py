"""Issue 5's measurements: invitation fan-out time and reminder firing delay.

Method: the real stack (gunicorn, Rasa with the trained model, action server,
worker) on a temporary SQLite database, sending to Prism (Twilio's API mocked
from its OpenAPI file) at the default 10 messages/s. A roster of one pendamping
with 13 kelompok and 350 KPM (the field study's numbers; the first kelompok has
35) is imported; every KPM wrote within 24 hours, so invitations are free text.
- Fan-out: the pendamping's invitation is read back, then the time runs from
  posting her signed "ya" to the moment the last invitation of that meeting is
  accepted by the mock (HTTP 201, `sent_at`). 35 members: 3 runs; all 13
  kelompok at once (350): 2 runs. The rate limit sets a floor of 3.5 s and 35 s.
- Reminder delay: for each of the three 35-member meetings the shared clock
  (bot/clock.py) is moved to 3 s before its two-hours reminder; the delay is
  from the scheduled time to the creation of the batch's first outbox row, both
  read on the shared clock (APScheduler in the worker wakes on its own).
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bench.common import machine, save, summary
from bot import clock
from bot.db import session_scope
from bot.meetings.models import Meeting
from bot.meetings.reminders import reminders
from bot.messaging.models import OutboxMessage
from bot.roster.importer import import_roster
from bot.roster.models import Contact, Kpm
from devtools.runner import Stack
from devtools.simulator import inbound_form, post_signed, twiml_messages
from devtools.stack import isolated_settings, prism, running_stack

PENDAMPING = "+6281290000000"
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip
SIZES = [35] + [26] * 11 + [29]  # 350 KPM in 13 kelompok


def roster_csv() -> bytes:
    lines = ["nama,no_hp,peran,kelompok,tanggal_lahir,usaha"]
    groups = [f"K{i:02d}" for i in range(1, 14)]
    lines.append(f"Bench Pendamping,{PENDAMPING},pendamping,{'|'.join(groups)},,")
    n = 0
    for group, size in zip(groups, SIZES, strict=True):
        for _ in range(size):
            n += 1
            lines.append(f"KPM {n:03d},+62812910{n:05d},kpm,{group},,gorengan")
    return ("\n".join(lines) + "\n").encode()


def say(stack: Stack, phone: str, text: str) -> str:
    form = inbound_form(stack.settings, phone, text)
    resp = post_signed(stack.settings, f"http://127.0.0.1:{stack.settings.port}", "/webhooks/whatsapp", form)
    return "\n".join(twiml_messages(resp.text))


def written(day: date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def latest_meeting(stack: Stack) -> int:
    with session_scope(stack.settings.database_url) as session:
        meeting_id = session.scalar(select(Meeting.id).order_by(Meeting.id.desc()).limit(1))
        assert meeting_id is not None
        return meeting_id


def invite_and_time(stack: Stack, groups: str, day: date, expected: int) -> tuple[int, float]:
    read_back = say(stack, PENDAMPING, f"undang {groups} P2K2 {written(day)} jam 9 di Balai RW 05, materi keuangan")
    assert f"*{expected} anggota*" in read_back, read_back
    started = datetime.now(UTC)
    assert "sedang dikirim" in say(stack, PENDAMPING, "ya")
    meeting_id = latest_meeting(stack)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with session_scope(stack.settings.database_url) as session:
            rows = session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like(f"meeting:{meeting_id}:invite:%"))
            ).all()
            if len(rows) == expected and all(r.status == "sent" for r in rows):
                last = max(r.sent_at for r in rows if r.sent_at)
                return meeting_id, (last - started).total_seconds() * 1000
        time.sleep(0.1)
    raise AssertionError(f"meeting {meeting_id}: not all {expected} invitations were accepted")


def reminder_delay(stack: Stack, meeting_id: int, clock_file: Path) -> float:
    (two_hours,) = [r for r in reminders() if r.name == "two_hours"]
    with session_scope(stack.settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        due = two_hours.fire_time(meeting.starts_at, meeting.tz)
    clock.set_offset(clock_file, (due - timedelta(seconds=3) - datetime.now(UTC)).total_seconds())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with session_scope(stack.settings.database_url) as session:
            first = session.scalar(
                select(OutboxMessage.created_at)
                .where(OutboxMessage.key.like(f"meeting:{meeting_id}:v1:remind:two_hours:%"))
                .order_by(OutboxMessage.created_at)
                .limit(1)
            )
        if first is not None:
            return (first - due).total_seconds() * 1000
        time.sleep(0.05)
    raise AssertionError(f"meeting {meeting_id}: the reminder did not fire")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        with prism(tmp) as mock:
            settings = isolated_settings(tmp, twilio_api_base_url=mock)
            with running_stack(tmp, settings) as stack:
                with session_scope(settings.database_url) as session:
                    assert import_roster(session, roster_csv()).ok
                    session.flush()
                    now = datetime.now(UTC)
                    for phone in session.scalars(select(Kpm.phone)):
                        session.merge(Contact(phone=phone, language="id", last_inbound_at=now))
                today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
                small = [invite_and_time(stack, "kelompok K01", today + timedelta(days=10 + i), 35) for i in range(3)]
                large = [
                    invite_and_time(stack, "semua kelompok", today + timedelta(days=20 + i), 350) for i in range(2)
                ]
                delays = [
                    reminder_delay(stack, meeting_id, Path(stack.extra_env["CLOCK_FILE"])) for meeting_id, _ in small
                ]
    result = {
        "machine": machine(),
        "method": __doc__.strip(),
        "send_rate_per_second": settings.send_rate_per_second,
        "fanout_35_ya_to_last_accepted": summary([ms for _, ms in small]),
        "fanout_350_ya_to_last_accepted": summary([ms for _, ms in large]),
        "reminder_delay_after_scheduled_time": summary(delays),
    }
    path = save("meetings", result)
    print(
        f"35: median {result['fanout_35_ya_to_last_accepted']['median_ms']} ms; "
        f"350: median {result['fanout_350_ya_to_last_accepted']['median_ms']} ms; "
        f"reminder delay median {result['reminder_delay_after_scheduled_time']['median_ms']} ms -> {path}"
    )


if __name__ == "__main__":
    main()
