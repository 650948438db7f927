"""Issue 13's load curve: offered messages per second against what is answered, and how fast.

Method: the real stack (`make run`'s processes: gunicorn 2x8 threads, one Rasa, one action
server, the worker) on a temporary database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a
roster of 120 KPM in 4 kelompok, Prism for outbound. Open loop, from this process on loopback:
at each offered rate, signed webhooks leave on a fixed schedule for STEP_SECONDS, each in its
own thread (a slow answer never delays the next send), from the 120 numbers in turn, with a
mix of greetings, sales, spending, totals and questions. A message's latency is from the
moment it was sent (this process's clock) to its recorded answer (`answered_at`, TwiML or
outbox, read from the database), so time queued before the web app stored it and answers
that came late through the outbox both count. "achieved" is the messages answered within the step (plus a 10 s grace)
divided by the step's length; nothing is dropped: every message is waited for before the
next step.

Run: `.venv/bin/python -m bench.load [rate ...]` (default 2 4 8 12 16 24).
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from bench.common import machine, save, summary
from bot import clock
from bot.config import Settings
from bot.db import session_scope
from bot.messaging.models import InboundMessage
from bot.roster.importer import import_roster
from devtools.simulator import inbound_form, post_signed
from devtools.stack import isolated_settings, running_stack

STEP_SECONDS = 30
GRACE_SECONDS = 10
KPM = 120
MIX = (
    "halo bu",
    "laku gorengan 85rb",
    "beli minyak 2 liter 36rb",
    "total hari ini berapa",
    "apa itu PENA?",
    "menu",
    "tadi jual nasi uduk 20 bungkus 100rb",
    "penjualan minggu ini",
    "sesi 5 tentang apa",
    "makasih",
)


def roster_csv() -> bytes:
    lines = [
        "nama,no_hp,peran,kelompok,tanggal_lahir,usaha",
        "Pendamping Beban,081290000000,pendamping,Beban1|Beban2|Beban3|Beban4,,",
    ]
    lines += [f"KPM {i},08129{i:07d},kpm,Beban{i % 4 + 1},,warung" for i in range(1, KPM + 1)]
    return ("\n".join(lines) + "\n").encode()


def phone(i: int) -> str:
    return f"+628129{i:07d}"


def offer(base: str, settings: Settings, rate: float, seconds: float, offset: int) -> dict[str, datetime]:
    """Send rate*seconds webhooks on a fixed schedule; return when each MessageSid left."""
    sids: dict[str, datetime] = {}
    threads: list[threading.Thread] = []
    total = int(rate * seconds)
    start = time.monotonic()
    for n in range(total):
        due = start + n / rate
        time.sleep(max(0.0, due - time.monotonic()))
        i = offset + n
        form = inbound_form(settings, phone(i % KPM + 1), MIX[i % len(MIX)])
        sids[form["MessageSid"]] = clock.utcnow()
        thread = threading.Thread(
            target=lambda f=form: post_signed(settings, base, "/webhooks/whatsapp", f),
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=120)
    return sids


def answered(database_url: str, sids: list[str], deadline: float) -> list[tuple[datetime, datetime | None]]:
    """(received, answered) per message, waiting until all are answered or the deadline passes."""
    while True:
        with session_scope(database_url) as session:
            rows = session.execute(
                select(InboundMessage.received_at, InboundMessage.answered_at).where(
                    InboundMessage.message_sid.in_(sids)
                )
            ).all()
        done = [r for r in rows if r.answered_at is not None]
        if (len(done) == len(sids) and len(rows) == len(sids)) or time.monotonic() > deadline:
            return [(r.received_at, r.answered_at) for r in rows]
        time.sleep(1)


def step(stack_settings: Settings, database_url: str, base: str, rate: float, offset: int) -> dict[str, object]:
    began = time.monotonic()
    sids = offer(base, stack_settings, rate, STEP_SECONDS, offset)
    rows = answered(database_url, sids, deadline=time.monotonic() + 600)
    latencies = [(a - r).total_seconds() * 1000 for r, a in rows if a is not None]
    first = min(r for r, _ in rows)
    in_window = sum(1 for r, a in rows if a is not None and (a - first).total_seconds() <= STEP_SECONDS + GRACE_SECONDS)
    return {
        "offered_per_s": rate,
        "sent": len(sids),
        "stored": len(rows),
        "answered": len(latencies),
        "achieved_per_s": round(in_window / STEP_SECONDS, 2),
        "latency": summary(latencies) if latencies else None,
        "step_seconds": round(time.monotonic() - began, 1),
    }


def main() -> None:
    rates = [float(r) for r in sys.argv[1:]] or [2, 4, 8, 12, 16, 24]
    results = []
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        settings = isolated_settings(tmp, twilio_api_base_url="http://127.0.0.1:9")
        with running_stack(tmp, settings):
            with session_scope(settings.database_url) as session:
                assert import_roster(session, roster_csv()).ok
            base = f"http://127.0.0.1:{settings.port}"
            offer(base, settings, 2, 10, 0)  # warm every path once before measuring
            offset = 1000
            for rate in rates:
                result = step(settings, settings.database_url, base, rate, offset)
                offset += int(rate * STEP_SECONDS)
                results.append(result)
                lat = result["latency"] or {}
                print(
                    f"offered {rate}/s: achieved {result['achieved_per_s']}/s, "
                    f"p50 {lat.get('median_ms')} ms, p95 {lat.get('p95_ms')} ms, "
                    f"answered {result['answered']}/{result['sent']}",
                    flush=True,
                )
    path = save("load", {"machine": machine(), "method": __doc__.strip(), "steps": results})
    print(f"-> {path}")


if __name__ == "__main__":
    main()
