"""The weekly nudge: each rule fires on the right ledger, exact numbers, once a week, never at night."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope
from bot.ledger import service
from bot.messaging.models import OutboxMessage
from bot.nudges import weekly
from bot.nudges.rules import Week, config
from bot.replies import render
from bot.roster.identity import get_contact, identify, opt_out
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
SUNDAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)  # Sunday 18:00 WIB
SITI, EUIS, NINING = "+6281220000002", "+6281220000003", "+6281220000005"


@pytest.mark.parametrize(
    ("week", "rule"),
    [
        (Week(0, 0, 0, 300_000), "nothing_recorded"),
        (Week(0, 40_000, 1, 300_000), "sales_down"),  # spending only: she did record
        (Week(525_000, 310_000, 9, 400_000), "sales_up"),
        (Week(300_000, 100_000, 5, 420_000), "sales_down"),
        (Week(300_000, 100_000, 5, 300_000), "steady"),
        (Week(300_000, 100_000, 5, 0), "steady"),  # nothing to compare with yet
    ],
)
def test_each_rule_fires_on_its_ledger(week: Week, rule: str) -> None:
    assert weekly.compose(config(), week, SUNDAY, "id").rule == rule


def test_the_steady_nudge_says_her_numbers_exactly() -> None:
    who = dataclasses.replace(identify_stub(), language="id")
    nudge = weekly.compose(config(), Week(525_000, 310_000, 7, 525_000), SUNDAY, "id")
    text = render(nudge.reply, who, **nudge.values)
    assert text.startswith(
        "📊 Minggu ini penjualan Ibu Siti Rp525.000, belanja Rp310.000. Kalau disisihkan 10% dari penjualan "
        "(Rp52.500), dalam 3 bulan terkumpul sekitar Rp682.500."
    )
    assert "BERHENTI" in text


def test_down_adds_one_finance_tip_and_up_praises_the_rise() -> None:
    who = identify_stub()
    down = weekly.compose(config(), Week(200_000, 90_000, 4, 260_000), SUNDAY, "id")
    assert "💡 " in render(down.reply, who, **down.values) and down.values["tip"]
    up = weekly.compose(config(), Week(260_000, 90_000, 4, 200_000), SUNDAY, "id")
    assert "naik Rp60.000 dari minggu lalu" in render(up.reply, who, **up.values)


def identify_stub():  # type: ignore[no-untyped-def]
    from bot.roster.identity import Identity

    return Identity(SITI, "kpm", "Siti", ["Melati"], "id")


def test_batch_once_a_week_templates_outside_the_window_and_nobody_opted_out(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_CONTENT_WEEKLY_NUDGE_ID", "HX" + "5" * 32)
    with session_scope(settings.database_url) as session:
        import_roster(session, ROSTER.read_bytes())
        siti = service.kpm_id_for(session, SITI)
        assert siti is not None
        for i, amount in enumerate((100_000, 175_000, 250_000)):
            service.record(session, siti, f"S{i}", SUNDAY - timedelta(days=i), [service.NewItem("sale", amount)])
        get_contact(session, SITI).last_inbound_at = NOW - timedelta(hours=2)
        opt_out(session, NINING, "test")
        melati = session.scalar(select(Kelompok).where(Kelompok.name == "Melati"))
        assert melati is not None
        first = weekly.queue_for_kelompok(session, settings, melati.id, NOW)
        again = weekly.queue_for_kelompok(session, settings, melati.id, NOW + timedelta(hours=1))
        assert (first.free_text, first.template, first.unreachable) == (1, 1, {NINING: "opted_out"})
        assert again.already == 2 and again.queued == 0
        rows = {r.phone: r for r in session.scalars(select(OutboxMessage))}
        assert set(rows) == {SITI, EUIS}
        assert "Rp525.000" in (rows[SITI].body or "") and rows[SITI].key.endswith(":2026-W48")
        assert rows[EUIS].content_sid == "HX" + "5" * 32 and "Rp0" in (rows[EUIS].content_variables or "")
        melati.nudges_enabled = False
        assert weekly.queue_for_kelompok(session, settings, melati.id, NOW + timedelta(days=7)).queued == 0


def test_never_at_night() -> None:
    cfg = config()
    assert cfg.quiet(time(21, 30)) and cfg.quiet(time(3, 0)) and not cfg.quiet(time(18, 0))
    late = datetime(2026, 11, 29, 22, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert weekly.next_morning(cfg, late) == datetime(2026, 11, 30, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    early = datetime(2026, 11, 30, 5, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert weekly.next_morning(cfg, early) == datetime(2026, 11, 30, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_one_cron_job_per_kelompok_following_its_settings(settings: Settings) -> None:
    scheduler = BackgroundScheduler(jobstores={"persistent": MemoryJobStore()}, timezone="UTC")
    scheduler.start(paused=True)
    try:
        with session_scope(settings.database_url) as session:
            import_roster(session, ROSTER.read_bytes())
        assert weekly.sync_jobs(settings.database_url, scheduler, "Asia/Jakarta") == 2
        assert weekly.sync_jobs(settings.database_url, scheduler, "Asia/Jakarta") == 0
        with session_scope(settings.database_url) as session:
            melati = session.scalar(select(Kelompok).where(Kelompok.name == "Melati"))
            mawar = session.scalar(select(Kelompok).where(Kelompok.name == "Mawar"))
            assert melati is not None and mawar is not None
            melati.nudge_hour, melati.nudge_weekday = 22, 4  # a night hour is moved to the morning
            mawar.nudges_enabled = False
            ids = melati.id, mawar.id
        assert weekly.sync_jobs(settings.database_url, scheduler, "Asia/Jakarta") == 2
        (job,) = scheduler.get_jobs(jobstore="persistent")
        assert job.id == f"nudges:{ids[0]}"
        assert job.next_run_time.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%a %H:%M") == "Fri 07:00"
    finally:
        scheduler.shutdown(wait=False)


def test_progress_sorts_members_into_regular_stopped_never_and_rising(settings: Settings) -> None:
    from bot.nudges.chat import progress, set_nudges
    from bot.roster.identity import Identity

    with session_scope(settings.database_url) as session:
        import_roster(session, ROSTER.read_bytes())
        siti, euis = service.kpm_id_for(session, SITI), service.kpm_id_for(session, EUIS)
        assert siti is not None and euis is not None
        for week, amount in enumerate((100_000, 120_000, 120_000, 180_000)):  # four weeks, never down
            day = SUNDAY - timedelta(days=7 * (3 - week))
            service.record(session, siti, f"S{week}", day, [service.NewItem("sale", amount)])
        service.record(session, euis, "E1", SUNDAY - timedelta(days=40), [service.NewItem("sale", 50_000)])
        rina = Identity("+6281220000001", "pendamping", "Rina Marlina", ["Mawar", "Melati"], "id")
        (say,) = progress(session, rina, "laporan usaha Melati", SUNDAY).says
        text = render(say.response, rina, **say.values)
        assert "✅ Rutin mencatat: Siti Aminah" in text
        assert "⏸ Berhenti mencatat (terakhir): Euis Kurniasih (Selasa, 20 Oktober)" in text
        assert "⚪ Belum pernah mencatat: Nining Suryani" in text
        assert "📈 Penjualan naik 4 minggu berturut-turut: Siti Aminah" in text
        off = set_nudges(session, rina, "matikan pesan mingguan kelompok Melati", on=False)
        assert off.says[0].response == "utter_nudges_off"
        melati = session.scalar(select(Kelompok).where(Kelompok.name == "Melati"))
        mawar = session.scalar(select(Kelompok).where(Kelompok.name == "Mawar"))
        assert melati is not None and mawar is not None
        assert (melati.nudges_enabled, mawar.nudges_enabled) == (False, True)
        siti_who = identify(session, SITI)
        assert set_nudges(session, siti_who, "matikan pesan mingguan", on=False).says[0].response == (
            "utter_consent_stopped"
        )
        assert get_contact(session, SITI).opted_out_at is not None
        (again,) = progress(session, rina, "laporan usaha Melati", SUNDAY).says
        assert "🚫 Tidak menerima pesan kita: Siti Aminah (dia menulis: matikan pesan mingguan)" in render(
            again.response, rina, **again.values
        )
