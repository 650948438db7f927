"""What the dashboard shows, computed on a seeded kelompok (bot/reports, bot/ledger/progress.py,
bot/meetings/summary.py): every number here is worked out by hand in the comments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.ledger import savings, service
from bot.ledger.progress import week_windows, weekly
from bot.meetings.models import Invitation, Meeting
from bot.reports import kelompok as table
from bot.reports import kpm as kpm_page
from bot.reports.overview import area, overview
from bot.roster.identity import opt_out
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok, Kpm, Pendamping

DATA = Path(__file__).parent.parent / "data"
JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 12, 16)  # a Wednesday: this week is 14-16 December
NOW = datetime(2026, 12, 16, 12, 0, tzinfo=JAKARTA).astimezone(UTC)
RATNA = "+6281340000001"
LILIS, CUCU, IMAS, POPON = "+6281340000011", "+6281340000012", "+6281340000013", "+6281340000014"


def ids(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {phone: kpm_id for phone, kpm_id in session.execute(select(Kpm.phone, Kpm.id))}


@pytest.fixture()
def seeded(db_url: str) -> str:
    with session_scope(db_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), TODAY).ok
    with session_scope(db_url) as session:
        kpm = ids(session)
        sale, spend = "sale", "expense"

        def add(phone: str, sid: str, day: date, kind: str, amount: int) -> None:
            service.record(session, kpm[phone], sid, day, [service.NewItem(kind, amount)])

        add(LILIS, "s1", date(2026, 12, 16), sale, 100_000)
        add(LILIS, "s2", date(2026, 12, 15), spend, 30_000)
        add(LILIS, "s3", date(2026, 11, 20), sale, 50_000)
        add(CUCU, "s4", date(2026, 11, 25), sale, 40_000)
        add(POPON, "s5", date(2026, 12, 1), sale, 70_000)
        add(POPON, "s6", date(2026, 12, 2), sale, 999_000)
        wrong = service.last_entry(session, kpm[POPON], amount=999_000)
        assert wrong is not None
        service.delete(session, kpm[POPON], wrong.id, POPON, "s7")
        fixed = service.last_entry(session, kpm[LILIS], amount=100_000)
        assert fixed is not None
        service.correct(session, kpm[LILIS], fixed.id, 120_000, LILIS, "s8")  # 100.000 -> 120.000
        savings.set_goal(session, kpm[LILIS], savings.Goal("seragam", 300_000, date(2027, 7, 1), None, None, TODAY))
        savings.record(session, kpm[LILIS], 60_000, "sv1", TODAY)
        savings.record(session, kpm[LILIS], -10_000, "sv2", TODAY)
        opt_out(session, IMAS, "dia menulis: berhenti")

        ratna = session.scalar(select(Pendamping).where(Pendamping.phone == RATNA))
        nusa = session.scalar(select(Kelompok).where(Kelompok.name == "Nusa Indah"))
        assert ratna is not None and nusa is not None
        past = Meeting(
            pendamping_id=ratna.id, starts_at=NOW - timedelta(days=9), tz="Asia/Jakarta", place="Balai", kelompok=[nusa]
        )
        coming = Meeting(
            pendamping_id=ratna.id,
            starts_at=NOW + timedelta(days=5),
            tz="Asia/Jakarta",
            place="Masjid",
            kelompok=[nusa],
        )
        session.add_all([past, coming])
        session.flush()
        for phone, came in ((LILIS, True), (CUCU, False), (IMAS, None)):
            session.add(Invitation(meeting_id=past.id, kpm_id=kpm[phone], status="yes", attended=came))
        for phone, answer in ((LILIS, "yes"), (CUCU, "no"), (IMAS, "pending")):
            session.add(Invitation(meeting_id=coming.id, kpm_id=kpm[phone], status=answer))
    return db_url


def test_weeks_are_rolling_windows_ending_today() -> None:
    assert week_windows(TODAY, 2) == [(date(2026, 12, 3), date(2026, 12, 9)), (date(2026, 12, 10), date(2026, 12, 16))]


def test_overview_numbers(seeded: str) -> None:
    with session_scope(seeded) as session:
        ratna = session.scalar(select(Pendamping.id).where(Pendamping.phone == RATNA))
        view = overview(session, ratna, TODAY, NOW)
    assert [(k.name, k.members) for k in view.kelompok] == [("Kembang Sepatu", 1), ("Nusa Indah", 3)]
    assert view.members == 4
    assert view.recorded_this_week == 1  # Lilis (15 and 16 December)
    assert view.recorded_recently == 3  # Lilis, Cucu (25 Nov), Popon (1 Dec); 19 Nov - 16 Dec
    assert view.sales_this_month == 190_000  # Lilis 120.000 (corrected) + Popon 70.000; the deleted 999.000 is not
    assert view.sales_same_days_last_month == 0  # 1-16 November
    assert view.sales_last_month == 90_000  # Lilis 50.000 + Cucu 40.000
    last = view.last_meeting
    assert last is not None and (last.place, last.present, last.absent, last.unrecorded) == ("Balai", 1, 1, 1)
    following = view.next_meeting
    assert following is not None and (following.place, following.yes, following.no, following.pending) == (
        "Masjid",
        1,
        1,
        1,
    )
    assert [(s.name, s.reason) for s in view.silent] == [("Imas Masitoh", "dia menulis: berhenti")]


def test_area_lines_agree_with_each_overview_in_her_own_zone(seeded: str) -> None:
    late = datetime(2026, 12, 16, 23, 30, tzinfo=JAKARTA).astimezone(UTC)  # already 17 December in Jayapura
    with session_scope(seeded) as session:
        people = list(session.scalars(select(Pendamping).order_by(Pendamping.name)))
        assert [p.name for p in people] == ["Ratna Sari", "Wulan Purnama"]
        people[1].tz = "Asia/Jayapura"
        lines = area(session, people, late)
        views = [overview(session, p.id, late.astimezone(ZoneInfo(p.tz)).date(), late) for p in people]
    assert [line.today for line in lines] == [TODAY, date(2026, 12, 17)]
    for line, view in zip(lines, views, strict=True):
        assert (line.pendamping_id, line.name) == (view.pendamping_id, view.name)
        assert line.kelompok == view.kelompok
        assert (line.members, line.recorded_this_week, line.recorded_recently, line.sales_this_month) == (
            view.members,
            view.recorded_this_week,
            view.recorded_recently,
            view.sales_this_month,
        )
    assert (lines[0].members, lines[0].recorded_this_week, lines[0].recorded_recently) == (4, 1, 3)
    assert lines[0].sales_this_month == 190_000  # the deleted 999.000 is not counted
    assert lines[1].members == 1 and lines[1].sales_this_month == 0


def test_kelompok_rows_sort_and_filter(seeded: str) -> None:
    with session_scope(seeded) as session:
        nusa = session.scalar(select(Kelompok.id).where(Kelompok.name == "Nusa Indah"))
        members = table.rows(session, nusa, TODAY, "Asia/Jakarta")
    by_name = {r.name: r for r in members}
    lilis = by_name["Lilis Suryani"]
    assert lilis.weeks_recorded == 2  # the week to 16 Dec, and 19-25 Nov
    assert lilis.sales_this_month == 120_000
    assert lilis.weekly_sales[-1] == 120_000 and lilis.weekly_sales[-4] == 50_000 and len(lilis.weekly_sales) == 12
    assert (lilis.savings, lilis.goal_target, lilis.goal_saved, lilis.goal_percent) == (50_000, 300_000, 50_000, 16)
    assert (lilis.came, lilis.recorded_meetings) == (1, 1)
    assert (by_name["Cucu Sumarni"].came, by_name["Cucu Sumarni"].recorded_meetings) == (0, 1)
    assert by_name["Imas Masitoh"].opted_out and by_name["Imas Masitoh"].last_entry is None
    assert [r.name for r in table.arrange(members, "penjualan", desc=True)] == [
        "Lilis Suryani",
        "Cucu Sumarni",
        "Imas Masitoh",
    ]
    assert [r.name for r in table.arrange(members, show="tidak_aktif")] == ["Imas Masitoh"]
    assert [r.name for r in table.arrange(members, show="berhenti_pesan")] == ["Imas Masitoh"]
    assert [r.name for r in table.arrange(members, q="keripik")] == ["Imas Masitoh"]
    assert [r.name for r in table.arrange(members, "nonsense", show="nonsense")] == [r.name for r in members]
    first = table.as_table(members, "Asia/Jakarta")[0]
    assert first[:5] == ("Cucu Sumarni", CUCU, "warung kelontong", 1, 0)


def test_kpm_page_has_six_months_entries_with_corrections_meetings_and_notes(seeded: str) -> None:
    with session_scope(seeded) as session:
        kpm = ids(session)
        lilis = kpm_page.page(session, kpm[LILIS], TODAY, "Asia/Jakarta")
        popon = kpm_page.page(session, kpm[POPON], TODAY, "Asia/Jakarta")
    assert len(lilis.weeks) == 26 and lilis.weeks[-1].sales == 120_000 and lilis.weeks[-1].expenses == 30_000
    assert lilis.savings[-1] == (TODAY, 50_000) and lilis.savings[0][1] == 0
    corrected = next(e for e in lilis.entries if e.amount == 120_000)
    assert [(c.action, c.old_amount, c.new_amount) for c in corrected.changes] == [("update", 100_000, 120_000)]
    deleted = next(e for e in popon.entries if e.amount == 999_000)
    assert deleted.deleted_at is not None and deleted.changes[0].action == "delete"
    assert [(m.place, m.answer, m.attended) for m in lilis.meetings] == [
        ("Masjid", "yes", None),
        ("Balai", "yes", True),
    ]
    assert lilis.goal.goal is not None and lilis.goal.remaining == 250_000


def test_weekly_for_nobody_is_empty(db_url: str) -> None:
    with session_scope(db_url) as session:
        assert weekly(session, [], TODAY, 4) == {}
