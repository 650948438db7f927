"""Monthly sums from the ledger: calendar months in full, zeros kept, corrections and deletions applied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from bot.db import session_scope
from bot.ledger import service as ledger
from bot.ledger.periods import add_months, month_starts
from bot.roster.importer import import_roster
from bot.roster.models import Kpm

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"


def test_month_helpers_cross_years() -> None:
    assert add_months(date(2026, 12, 10), 1) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 3, 5), -14) == date(2025, 1, 1)
    assert month_starts(date(2025, 11, 30), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert month_starts(date(2026, 2, 1), date(2026, 1, 1)) == []


def test_monthly_sums_per_kpm_with_zeros_corrections_and_deletions(db_url: str) -> None:
    with session_scope(db_url) as session:
        import_roster(session, ROSTER.read_bytes())
        siti = session.scalar(select(Kpm.id).where(Kpm.phone == "+6281220000002"))
        euis = session.scalar(select(Kpm.id).where(Kpm.phone == "+6281220000003"))
        assert siti is not None and euis is not None
        ledger.record(session, siti, "S1", date(2026, 8, 31), [ledger.NewItem("sale", 100_000)])  # before the range
        ledger.record(session, siti, "S2", date(2026, 9, 1), [ledger.NewItem("sale", 85_000)])
        ledger.record(
            session, siti, "S3", date(2026, 9, 30), [ledger.NewItem("sale", 15_000), ledger.NewItem("expense", 40_000)]
        )
        (wrong,) = ledger.record(session, siti, "S4", date(2026, 11, 1), [ledger.NewItem("sale", 15_000)])
        (gone,) = ledger.record(session, siti, "S5", date(2026, 11, 30), [ledger.NewItem("expense", 75_000)])
        ledger.record(session, siti, "S6", date(2026, 12, 1), [ledger.NewItem("sale", 999_000)])  # after the range
        ledger.record(session, euis, "E1", date(2026, 10, 15), [ledger.NewItem("sale", 200_000)])
        ledger.correct(session, siti, wrong.id, 25_000, by="+6281220000002", source_sid="S7")
        ledger.delete(session, siti, gone.id, by="+6281220000002", source_sid="S8")
        found = ledger.monthly(session, [siti, euis, 999], date(2026, 9, 15), date(2026, 11, 2))
    assert [(m.key, m.sales, m.expenses, m.profit) for m in found[siti]] == [
        ("2026-09", 100_000, 40_000, 60_000),
        ("2026-10", 0, 0, 0),
        ("2026-11", 25_000, 0, 25_000),
    ]
    assert [(m.key, m.sales) for m in found[euis]] == [("2026-09", 0), ("2026-10", 200_000), ("2026-11", 0)]
    assert [m.sales for m in found[999]] == [0, 0, 0]
