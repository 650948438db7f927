"""Issue 12's measurement: monthly sums for the graduation candidates over 2 million ledger rows.

Method:
- A SQLite database migrated to head, filled by plain INSERTs (fixed random seed): 20 pendamping,
  each with 10 kelompok of 25 KPM (5,000 KPM); each KPM has 400 entries spread over the 365 days
  from 2025-12-01 to 2026-11-30 (60% sales, 40% spending, 2% deleted): 2,000,000 rows.
- Timed warm (each query run once first, then 9 runs, wall-clock and CPU; fresh connections per variant):
  bot.ledger.service.monthly for one pendamping's 250 KPM over 13 months, and
  bot.graduation.service.candidates for her with the rules in data/graduation.yml (the monthly
  sums plus PENA answers and decisions).
- Three index variants on the same rows (VARIANTS), with SQLite's query plan for the monthly sum.
- SQLite only, everything in the page cache: the production PostgreSQL is not on this machine. What
  a covering index saves there, where a cold KPM's rows lie on many heap pages, is not measured.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, text

from bench.common import machine, save
from bot.db import get_engine, session_scope
from bot.graduation import service as graduation
from bot.ledger import service as ledger
from bot.ledger.models import LedgerEntry
from bot.migrate import upgrade
from bot.roster.models import Kpm

PENDAMPING, KELOMPOK, MEMBERS, ENTRIES = 20, 10, 25, 400
FIRST_DAY, DAYS = date(2025, 12, 1), 365
TODAY = date(2026, 12, 5)


def fill(path: Path) -> int:
    """Roster and ledger rows by plain SQL (the ORM would take minutes); returns the ledger's row count."""
    rng = random.Random(12)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO pendamping (id, name, phone, tz) VALUES (?, ?, ?, 'Asia/Jakarta')",
        [(p, f"Pendamping {p}", f"+62813{p:08d}") for p in range(1, PENDAMPING + 1)],
    )
    groups = [(g, f"K{g:04d}", (g - 1) // KELOMPOK + 1) for g in range(1, PENDAMPING * KELOMPOK + 1)]
    conn.executemany(
        "INSERT INTO kelompok (id, name, pendamping_id, nudges_enabled, nudge_weekday, nudge_hour) "
        "VALUES (?, ?, ?, 1, 6, 18)",
        groups,
    )
    kpm = [(k, f"KPM {k}", f"+62812{k:08d}", (k - 1) // MEMBERS + 1) for k in range(1, len(groups) * MEMBERS + 1)]
    conn.executemany("INSERT INTO kpm (id, name, phone, kelompok_id) VALUES (?, ?, ?, ?)", kpm)
    row_id = 0
    for kpm_id, *_ in kpm:
        rows = []
        for _ in range(ENTRIES):
            row_id += 1
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            kind = "sale" if rng.random() < 0.6 else "expense"
            deleted = "2026-11-30 00:00:00" if rng.random() < 0.02 else None
            amount = rng.randrange(5, 400) * 1000
            rows.append((row_id, kpm_id, day.isoformat(), kind, amount, f"b{row_id}", deleted))
        conn.executemany(
            "INSERT INTO ledger_entry (id, kpm_id, entry_date, kind, amount, note, source_sid, item_index, "
            "created_at, deleted_at) VALUES (?, ?, ?, ?, ?, '', ?, 0, '2026-11-30 00:00:00', ?)",
            rows,
        )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return row_id


def timed(run: Callable[[], object], repeat: int = 9) -> dict[str, float]:
    """Wall-clock and CPU time of this process (SQLite runs in it): CPU time is what other load on the
    shared machine disturbs least."""
    run()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {
        "median_ms": round(statistics.median(wall), 1),
        "max_ms": round(max(wall), 1),
        "cpu_median_ms": round(statistics.median(cpu), 1),
    }


def measure(url: str) -> dict[str, object]:
    get_engine(url).dispose()  # fresh connections: no statement prepared against another set of indexes
    with session_scope(url) as session:
        ids = list(session.scalars(select(Kpm.id).join(Kpm.kelompok).where(text("kelompok.pendamping_id = 1"))))
        first, last = date(2025, 11, 1), date(2026, 11, 1)
        plan_sql = (
            "EXPLAIN QUERY PLAN SELECT kpm_id, strftime('%Y', entry_date), strftime('%m', entry_date), kind, "
            "sum(amount) FROM ledger_entry WHERE kpm_id IN (1, 2, 3) AND deleted_at IS NULL "
            "AND entry_date >= '2025-11-01' AND entry_date <= '2026-11-30' GROUP BY 1, 2, 3, 4"
        )
        plan = [row[-1] for row in session.execute(text(plan_sql))]
        return {
            "kpm": len(ids),
            "query_plan": plan,
            "monthly_sums_13_months": timed(lambda: ledger.monthly(session, ids, first, last)),
            "candidates_one_pendamping": timed(lambda: graduation.candidates(session, today=TODAY, pendamping_id=1)),
        }


# Index variants on the same rows, each measured alone: what 0010 builds, what main had before it,
# and the partial index that was tried first (SQLite does not treat it as covering: deleted_at is not in it).
VARIANTS = {
    "0010: ix_ledger_kpm_date_amount (kpm_id, entry_date, kind, amount, deleted_at)": [],
    "before 0010: ix_ledger_kpm_date (kpm_id, entry_date)": [
        "DROP INDEX ix_ledger_kpm_date_amount",
        "CREATE INDEX ix_ledger_kpm_date ON ledger_entry (kpm_id, entry_date)",
    ],
    "tried: (kpm_id, entry_date, kind, amount) WHERE deleted_at IS NULL": [
        "DROP INDEX ix_ledger_kpm_date",
        "CREATE INDEX ix_try ON ledger_entry (kpm_id, entry_date, kind, amount) WHERE deleted_at IS NULL",
    ],
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_dir:
        path = Path(tmp_dir) / "grad.sqlite3"
        url = f"sqlite:///{path}"
        upgrade(url)
        t = time.perf_counter()
        rows = fill(path)
        fill_s = round(time.perf_counter() - t, 1)
        variants = {}
        for name, statements in VARIANTS.items():
            with get_engine(url).begin() as conn:
                for statement in statements:
                    conn.execute(text(statement))
                conn.execute(text("ANALYZE"))
            variants[name] = measure(url)
        with session_scope(url) as session:
            live = session.scalar(select(text("count(*)")).select_from(LedgerEntry).where(text("deleted_at IS NULL")))
    result = {
        "machine": machine(),
        "method": __doc__.strip(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_end": os.getloadavg()[0],
        "ledger_rows": rows,
        "live_rows": live,
        "fill_seconds": fill_s,
        "variants": variants,
    }
    out = save("graduation", result)
    print(json.dumps({k: v for k, v in result.items() if k not in ("machine", "method")}, indent=1), "->", out)


if __name__ == "__main__":
    main()
