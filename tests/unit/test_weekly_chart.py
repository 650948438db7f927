"""The Sunday chart goes to KPM who recorded and wrote within 24 hours, once a week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope
from bot.ledger import service
from bot.ledger.models import MediaFile
from bot.ledger.weekly import queue_weekly_charts
from bot.messaging.models import OutboxMessage
from bot.roster.identity import get_contact
from bot.roster.importer import import_roster

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
SUNDAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)  # 18:00 in Jakarta


def test_chart_queued_inside_window_only_and_once(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        import_roster(session, ROSTER.read_bytes())
        for phone, last_wrote in (
            ("+6281220000002", NOW - timedelta(hours=3)),
            ("+6281220000003", NOW - timedelta(days=3)),
        ):
            kpm_id = service.kpm_id_for(session, phone)
            assert kpm_id is not None
            service.record(session, kpm_id, f"SM-{phone}", SUNDAY - timedelta(days=2), [service.NewItem("sale", 85000)])
            get_contact(session, phone).last_inbound_at = last_wrote
    results = []
    for _ in range(2):
        with session_scope(settings.database_url) as session:
            results.append(queue_weekly_charts(session, settings, SUNDAY, NOW))
    assert [(r.queued, r.outside_window) for r in results] == [(1, 1), (0, 1)], "a second run queues nothing new"
    with session_scope(settings.database_url) as session:
        rows = session.scalars(select(OutboxMessage)).all()
        assert [(r.phone, r.purpose) for r in rows] == [("+6281220000002", "weekly_chart")]
        assert rows[0].key.endswith(":2026-W48")
        assert "Grafik penjualan dan belanja 7 hari terakhir" in (rows[0].body or "")
        token = rows[0].media_url.rsplit("/", 1)[1].removesuffix(".png")
        assert session.get(MediaFile, token).content.startswith(b"\x89PNG")
