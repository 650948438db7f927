"""Savings by chat: a goal, entries, a withdrawal, and how far she is, in integer rupiah."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.db import session_scope
from bot.ledger import savings, service
from bot.ledger.savings_chat import goal_line, handle
from bot.nudges import weekly
from bot.nudges.rules import Week, config
from bot.replies import render
from bot.roster.identity import identify
from bot.roster.importer import import_roster

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
SITI = "+6281220000002"
TODAY = date(2026, 11, 28)


def siti_id(session) -> int:  # type: ignore[no-untyped-def]
    kpm_id = service.kpm_id_for(session, SITI)
    assert kpm_id is not None
    return kpm_id


def chat(session, who, text: str, sid: str) -> str:  # type: ignore[no-untyped-def]
    (say,) = handle(session, who, text, sid, TODAY).says
    return render(say.response, who, **say.values)


def test_goal_entries_withdrawal_and_questions(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        import_roster(session, ROSTER.read_bytes())
        who = identify(session, SITI)
        assert "Belum ada target" in chat(session, who, "tabungan saya berapa", "q0")
        goal = chat(session, who, "mau nabung buat seragam anak 300rb sampai Juli", "g1")
        # 28 Nov 2026 to 31 Jul 2027 is 246 days: Rp300.000 / 246 rounds up to Rp1.220 a day.
        assert (
            "seragam anak: sudah Rp0 dari Rp300.000, kurang *Rp300.000* (246 hari lagi, sekitar Rp1.220 per hari)"
            in goal
        )
        assert "Total tabungan Ibu Siti Aminah: *Rp20.000*" in chat(session, who, "nabung 20rb", "s1")
        assert "*Rp20.000*" in chat(session, who, "nabung 20rb", "s1")  # the same message again: stored once
        assert savings.progress(session, siti_id(session), TODAY).balance == 20_000
        chat(session, who, "td masukin celengan 5rb", "s2")
        taken = chat(session, who, "pake tabungan 10rb buat beli obat", "w1")
        assert "tabungan dipakai Rp10.000" in taken and "*Rp15.000*" in taken
        remaining = chat(session, who, "kurang berapa lagi", "q1")
        assert "sudah Rp15.000 dari Rp300.000, kurang *Rp285.000*" in remaining


def test_a_habit_goal_and_the_nudge_reports_progress(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        import_roster(session, ROSTER.read_bytes())
        who = identify(session, SITI)
        chat(session, who, "nabung 5rb sehari", "g1")
        chat(session, who, "nabung 35rb", "s1")
        p = savings.progress(session, siti_id(session), TODAY)
        nudge = weekly.compose(config(), Week(300_000, 100_000, 5, 300_000), TODAY, "id", goal_line(p, "id"))
        text = render(nudge.reply, who, **nudge.values)
        assert "🎯 Menabung Rp5.000 sehari: sejak target dibuat terkumpul Rp35.000." in text


def test_only_a_registered_kpm_saves(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        stranger = identify(session, "+6281299999999")
        (say,) = handle(session, stranger, "nabung 20rb", "x", TODAY).says
        assert say.response == "utter_ledger_only_kpm"
