"""Issue 12, "Queries that stay fast": the dashboard's pages on a year of data, SQLite and PostgreSQL.

Method:
- Data (bench/dashboard_seed.py): "one pendamping" is a database with her alone, 350 KPM in 13
  kelompok and a year of bookkeeping (about 30,000 ledger rows) with corrections, deletions,
  savings, monthly meetings with answers and attendance, contacts and notes; "city" holds 66
  pendamping made the same way (about 2 million ledger rows), pendamping 1 with the very same KPM
  and rows. Both are SQLite files migrated to head, without ANALYZE (the app never runs it),
  cached in bench/.cache/ by seed parameters and migration head, and copied to a temporary
  directory for each variant. The shared clock (CLOCK_FILE) is moved to the seed's "now"
  (Thursday 10 December 2026, 10:00 in Jakarta).
- Server time: the Flask app in this process (app.test_client()), signed in as pendamping 1
  through her sign-in link (bot/signin/links.py: issue, GET the confirm page, POST it with its
  CSRF token). Per page WARMUP requests first, then REPEAT timed ones: wall-clock (median, p95)
  and this process's CPU time (steadier on a shared machine; SQLite runs in this process,
  PostgreSQL does not), and the response's bytes (as sent: the app does not compress; gzip size
  for what a compressing proxy would send). Pages: overview (/dasbor/), her largest kelompok's
  table, the KPM with most entries, the kelompok's CSV and XLSX, and, in the city, the
  koordinator's overview of all 66 pendamping (AREA_REPEAT requests after one warm-up).
- Queries: one more request per page with every statement captured at the cursor (SQLAlchemy's
  before/after_cursor_execute), then each SELECT run again alone with all its rows fetched and
  timed (the cursor event stops at the first row); per statement text: runs, total ms, and the
  plan of one of them: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN (ANALYZE, BUFFERS) with
  its cost estimates and actual times.
- Variants (VARIANTS) on the same rows and requests: main's overview queries ("before"), this
  branch's ("after"), and tries not kept: an index by day first (ix_ledger_date_kpm_amount), and
  on PostgreSQL that index with psycopg's prepared statements off ("custom plans"). The pages'
  contents are compared across variants (HTML without CSRF tokens, XLSX by cells); the ledger's
  table and index sizes are recorded per variant.
- PostgreSQL (when a server answers at BENCH_POSTGRES_URL, by default the local one as root): a
  database of its own is created, migrated to head, filled with the city's rows by COPY from the
  SQLite file, VACUUM ANALYZEd (as autovacuum would), measured like SQLite, and dropped.
- First contentful paint: gunicorn (2 workers x 8 threads, as in production) on a copy of the
  city in a subprocess, Debian's Chromium (/usr/bin/chromium) headless through Playwright, a
  360x740 phone viewport, signed in through the link page; per page one warm-up load, then
  FCP_LOADS loads: performance.getEntriesByName('first-contentful-paint'), the navigation's
  responseStart (time to first byte) and the bytes transferred (document with headers; the
  stylesheet on the first visit). Loopback network, no CPU or network throttling.
- The machine is shared (2 cores; other engineers run browser tests on it): the load average is
  recorded before and after every measurement, and CPU time beside wall-clock time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import io
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import event, make_url, select, text
from sqlalchemy.orm import Session

from bench.common import machine, save, summary
from bench.dashboard_seed import KOORDINATOR_PHONE, NOW, ORDER, Seed, build, pendamping_phone
from bot import clock, create_app
from bot.config import ROOT, load_settings
from bot.dashboard import pages
from bot.db import get_engine, session_scope
from bot.ledger.models import LedgerEntry
from bot.ledger.periods import period, previous
from bot.ledger.progress import recorded_between, sales_between
from bot.meetings.summary import last_meeting, next_meeting
from bot.migrate import upgrade
from bot.reports import overview as ov
from bot.roster.models import Kelompok, Koordinator, Kpm, Pendamping
from bot.signin import links
from devtools.runner import web_command

WARMUP, REPEAT = 3, 30
AREA_REPEAT = 5
FCP_LOADS = 7
CITY = 66
CHROMIUM = "/usr/bin/chromium"
TARGETS_MS = {"one pendamping": 300, "city": 1000}  # overview and kelompok, server time (issue 12)


def load() -> float:
    return round(os.getloadavg()[0], 2)


@contextlib.contextmanager
def pinned_clock() -> Iterator[Path]:
    """Move the shared clock to the seed's "now" for this process and the servers it starts."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clock"
        clock.set_offset(path, (NOW - clock.utcnow().replace(microsecond=0)).total_seconds())
        old = os.environ.get("CLOCK_FILE")
        os.environ["CLOCK_FILE"] = str(path)
        try:
            yield path
        finally:
            if old is None:
                os.environ.pop("CLOCK_FILE", None)
            else:
                os.environ["CLOCK_FILE"] = old


@contextlib.contextmanager
def fresh_copy(seed: Seed) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dash.sqlite3"
        shutil.copyfile(seed.path, path)
        url = f"sqlite:///{path}"
        try:
            yield url
        finally:
            get_engine(url).dispose()


def sign_in(client: FlaskClient, url: str, phone: str, role: str) -> None:
    with session_scope(url) as session:
        token = links.issue(session, phone, role, clock.utcnow()).token
    page = client.get(f"{links.PATH}{token}")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert page.status_code == 200 and found, page.text[:300]
    done = client.post(f"{links.PATH}{token}", data={"csrf_token": found.group(1)})
    assert done.status_code == 302, done.status_code


def targets(url: str) -> dict[str, str]:
    """The pages measured: her largest kelompok, and the KPM with most entries."""
    with session_scope(url) as session:
        sizes = session.execute(
            select(Kelompok.id, text("count(kpm.id) AS n"))
            .join(Kpm, Kpm.kelompok_id == Kelompok.id)
            .where(Kelompok.pendamping_id == 1)
            .group_by(Kelompok.id)
            .order_by(text("n DESC"), Kelompok.id)
        ).first()
        assert sizes is not None
        kelompok_id = sizes[0]
        busiest = session.execute(
            select(LedgerEntry.kpm_id, text("count(*) AS n"))
            .join(Kpm, Kpm.id == LedgerEntry.kpm_id)
            .join(Kelompok, Kelompok.id == Kpm.kelompok_id)
            .where(Kelompok.pendamping_id == 1)
            .group_by(LedgerEntry.kpm_id)
            .order_by(text("n DESC"))
        ).first()
        assert busiest is not None
    return {
        "overview": "/dasbor/",
        "kelompok": f"/dasbor/kelompok/{kelompok_id}",
        "kpm": f"/dasbor/kpm/{busiest[0]}",
        "kelompok_csv": f"/dasbor/kelompok/{kelompok_id}/unduh.csv",
        "kelompok_xlsx": f"/dasbor/kelompok/{kelompok_id}/unduh.xlsx",
    }


def app_client(url: str, phone: str, role: str) -> FlaskClient:
    settings = dataclasses.replace(
        load_settings(), database_url=url, public_base_url="http://localhost", secret_key="bench-dashboard"
    )
    client = create_app(settings).test_client()
    sign_in(client, url, phone, role)
    return client


def fingerprint(path: str, body: bytes) -> str:
    """To compare variants: a page without its CSRF tokens (signed with a timestamp, so never the same), an
    XLSX by its cells (the file carries the time it was made)."""
    if path.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        body = repr([list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]).encode()
    return hashlib.sha256(re.sub(rb'name="csrf_token" value="[^"]+"', b"", body)).hexdigest()


def time_page(client: FlaskClient, path: str, repeat: int = REPEAT, warmup: int = WARMUP) -> dict[str, object]:
    before = load()
    body = b""
    for _ in range(warmup):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        body = response.data
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(path)
        body = response.data
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    cpu_summary = summary(cpu)
    return {
        "path": path,
        **summary(wall),
        "cpu_median_ms": cpu_summary["median_ms"],
        "cpu_p95_ms": cpu_summary["p95_ms"],
        "bytes": len(body),
        "sha256": fingerprint(path, body),
        "gzip_bytes": len(gzip.compress(body, 6)),
        "load_before": before,
        "load_after": load(),
    }


@contextlib.contextmanager
def statements(url: str) -> Iterator[list[tuple[str, Any, float]]]:
    """Every statement the engine runs meanwhile: (sql, parameters, ms)."""
    engine = get_engine(url)
    found: list[tuple[str, Any, float]] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        conn.info["bench_t"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        found.append((statement, parameters, (time.perf_counter() - conn.info.pop("bench_t")) * 1000))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def _short(sql: str) -> str:
    """The statement on one line, its long IN lists shortened."""
    one = " ".join(sql.split())
    return re.sub(r"\((?:\?, ){3,}\?\)", "(?, ...)", one)


def sqlite_plan(url: str, sql: str, parameters: Any) -> list[str]:
    path = url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    try:
        return [row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, parameters)]
    finally:
        conn.close()


def pg_plan(url: str, sql: str, parameters: Any) -> list[str]:
    """PostgreSQL's plan with its cost estimate and the actual time (EXPLAIN ANALYZE; the statements only read)."""
    raw = get_engine(url).raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters)
        lines = [row[0] for row in cursor.fetchall()]
        raw.rollback()
        return lines
    finally:
        raw.close()


# ------------------------------------------------------------------ PostgreSQL: the city's rows copied from SQLite

PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/pkh_dashbench")


def _pg_admin() -> Any:
    """A connection to the server's `test` database, to create and drop the bench's own; None without a server."""
    try:
        import psycopg
    except ImportError:
        return None
    url = make_url(PG_URL)
    try:
        return psycopg.connect(
            host=url.host, port=url.port or 5432, user=url.username, dbname="test", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError:
        return None


@contextlib.contextmanager
def postgres_copy(seed: Seed) -> Iterator[str]:
    """The seed's rows in a fresh PostgreSQL database migrated to head (COPY), VACUUM ANALYZEd; dropped after."""
    admin = _pg_admin()
    assert admin is not None
    name = make_url(PG_URL).database
    admin.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        upgrade(PG_URL)
        source = sqlite3.connect(seed.path)
        raw = get_engine(PG_URL).raw_connection()
        try:
            cursor = raw.cursor()
            for table in [*ORDER, Koordinator.__table__]:
                columns = [c.name for c in table.columns]
                listed = ", ".join(columns)
                with cursor.copy(f"COPY {table.name} ({listed}) FROM STDIN") as copy:
                    for row in source.execute(f"SELECT {listed} FROM {table.name}"):
                        copy.write_row(row)
                if "id" in columns:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table.name}))"
                    )
            raw.commit()
        finally:
            raw.close()
            source.close()
        get_engine(PG_URL).dispose()
        with get_engine(PG_URL).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        yield PG_URL
    finally:
        get_engine(PG_URL).dispose()
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()


def admin_version(url: str) -> str:
    with get_engine(url).connect() as conn:
        return str(conn.exec_driver_sql("SHOW server_version").scalar())


def rerun(url: str, found: list[tuple[str, Any, float]]) -> list[tuple[str, Any, float]]:
    """Each SELECT of a request run again on its own, with all its rows fetched: (sql, parameters, ms).

    The cursor events time a statement only until its first row (SQLite computes a GROUP BY while the
    rows are fetched), so statements are timed again, whole, one after the other, warm."""
    raw = get_engine(url).raw_connection()
    timed = []
    try:
        cursor = raw.cursor()
        for sql, parameters, _ in found:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            t = time.perf_counter()
            cursor.execute(sql, parameters)
            cursor.fetchall()
            timed.append((sql, parameters, (time.perf_counter() - t) * 1000))
        raw.rollback()
    finally:
        raw.close()
    return timed


def profile(client: FlaskClient, url: str, path: str, top: int = 4) -> dict[str, object]:
    """One request with its statements; each statement timed again alone; the slowest (grouped by text) with
    their plans."""
    with statements(url) as found:
        t = time.perf_counter()
        response = client.get(path)
        total = (time.perf_counter() - t) * 1000
    assert response.status_code == 200
    timed = rerun(url, found)
    grouped: dict[str, dict[str, Any]] = {}
    for sql, parameters, ms in timed:
        key = _short(sql)
        slot = grouped.setdefault(key, {"sql": key, "runs": 0, "ms": 0.0, "example": (sql, parameters)})
        slot["runs"] += 1
        slot["ms"] += ms
    slowest = sorted(grouped.values(), key=lambda g: -g["ms"])[:top]
    for slot in slowest:
        sql, parameters = slot.pop("example")
        slot["ms"] = round(slot["ms"], 2)
        slot["plan"] = sqlite_plan(url, sql, parameters) if url.startswith("sqlite") else pg_plan(url, sql, parameters)
        executed = [line for line in slot["plan"] if line.startswith("Execution Time:")]
        if executed:  # PostgreSQL's own time for the statement, without the client's round trip
            slot["execution_ms"] = float(executed[0].split()[2])
    for slot in grouped.values():
        slot.pop("example", None)
    return {
        "request_ms": round(total, 1),
        "statements": len(found),
        "sql_ms": round(sum(ms for *_, ms in timed), 1),
        "slowest": slowest,
    }


# ------------------------------------------------------------------ variants: main's indexes and queries, and ours


def main_overview(session: Session, pendamping_id: int, today: date, now: datetime) -> ov.Overview:
    """bot.reports.overview.overview as main had it (a7250b4): members asked per kelompok, counts per KPM id."""
    pendamping = session.get(Pendamping, pendamping_id)
    if pendamping is None:
        raise LookupError(f"pendamping {pendamping_id}")
    groups = sorted(pendamping.kelompok, key=lambda k: k.name.lower())
    members = {k.id: list(session.scalars(select(Kpm.id).where(Kpm.kelompok_id == k.id))) for k in groups}
    everyone = [kpm_id for ids in members.values() for kpm_id in ids]
    week = period("this_week", today)
    recent_start = today - timedelta(days=7 * ov.RECENT_WEEKS - 1)
    this_week = recorded_between(session, everyone, week.start, week.end)
    recent = recorded_between(session, everyone, recent_start, today)
    lines = [
        ov.KelompokLine(
            k.id,
            k.name,
            len(members[k.id]),
            len(this_week.intersection(members[k.id])),
            len(recent.intersection(members[k.id])),
        )
        for k in groups
    ]
    month, last = period("this_month", today), period("last_month", today)
    same_days = previous(month)
    kelompok_ids = [k.id for k in groups]
    return ov.Overview(
        pendamping.id,
        pendamping.name,
        pendamping.tz,
        today,
        lines,
        week,
        recent_start,
        month,
        same_days,
        last,
        sum(sales_between(session, everyone, month.start, month.end).values()),
        sum(sales_between(session, everyone, same_days.start, same_days.end).values()),
        sum(sales_between(session, everyone, last.start, last.end).values()),
        last_meeting(session, kelompok_ids, now),
        next_meeting(session, kelompok_ids, now),
        ov.silent(session, kelompok_ids),
    )


def main_area(session: Session, people: list[Pendamping], now: datetime) -> list[ov.Overview]:
    """The koordinator's page as main built it: one whole overview per pendamping."""
    return [main_overview(session, p.id, clock.local_today(p.tz), now) for p in people]


# The same rows and requests with main's overview queries ("before"), with this branch ("after"), and two
# tries that were not kept: an index by day first for the koordinator's area (a migration 0013 for a while),
# and on PostgreSQL the same with psycopg's automatic prepared statements off, so every statement gets a plan
# for its own parameters. On PostgreSQL the variants run one after the other on one database, hence
# IF EXISTS / IF NOT EXISTS.
DATE_INDEX = "ix_ledger_date_kpm_amount"
CREATE_DATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {DATE_INDEX} ON ledger_entry (entry_date, kpm_id, kind, amount, deleted_at)"
)
MAIN_QUERIES = {
    "overview": (pages, "overview_of", main_overview),
    "area": (pages, "area_of", main_area),
}
VARIANTS: dict[str, dict[str, Any]] = {
    "before": {"sql": [f"DROP INDEX IF EXISTS {DATE_INDEX}"], "patches": MAIN_QUERIES},
    "after": {"sql": [f"DROP INDEX IF EXISTS {DATE_INDEX}"], "patches": {}},
    "tried: date index": {"sql": [CREATE_DATE_INDEX], "patches": {}},
    "tried: date index, custom plans": {
        "sql": [CREATE_DATE_INDEX],
        "patches": {},
        "custom_plans": True,
        "postgresql_only": True,
    },
}


@contextlib.contextmanager
def custom_plans(url: str, wanted: bool) -> Iterator[None]:
    """psycopg prepares a statement on its 5th run, and PostgreSQL may then plan it once for any parameters
    (a generic plan); with prepare_threshold None every statement is planned for its own parameters."""
    if not wanted:
        yield
        return

    def no_prepare(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.prepare_threshold = None

    engine = get_engine(url)
    engine.dispose()
    event.listen(engine, "connect", no_prepare)
    try:
        yield
    finally:
        event.remove(engine, "connect", no_prepare)
        engine.dispose()


@contextlib.contextmanager
def patched(patches: dict[str, tuple[object, str, Callable[..., Any]]]) -> Iterator[None]:
    saved = []
    for target, name, value in patches.values():
        saved.append((target, name, getattr(target, name)))
        setattr(target, name, value)
    try:
        yield
    finally:
        for target, name, value in reversed(saved):
            setattr(target, name, value)


def measure_server(
    database: contextlib.AbstractContextManager[str], label: str, variant: dict[str, Any], area: bool
) -> dict[str, object]:
    with database as url:
        if variant["sql"]:
            with get_engine(url).begin() as conn:
                for statement in variant["sql"]:
                    conn.execute(text(statement))
                if not url.startswith("sqlite"):  # autovacuum would; the app never ANALYZEs SQLite
                    conn.execute(text("ANALYZE"))
            get_engine(url).dispose()
        pages = targets(url)
        result: dict[str, object] = {"pages": {}, "queries": {}, "ledger_mib": relation_sizes(url)}
        with patched(variant["patches"]), custom_plans(url, variant.get("custom_plans", False)):
            client = app_client(url, pendamping_phone(1), "pendamping")
            for path in pages.values():  # one pass first: caches refilled after the variant's index change
                client.get(path)
            for name, path in pages.items():
                result["pages"][name] = time_page(client, path)  # type: ignore[index]
                result["queries"][name] = profile(client, url, path)  # type: ignore[index]
                print(f"  {label}: {name} median {result['pages'][name]['median_ms']} ms", flush=True)  # type: ignore[index]
            if area:
                chief = app_client(url, KOORDINATOR_PHONE, "koordinator")
                result["pages"]["koordinator_area"] = time_page(chief, "/dasbor/", AREA_REPEAT, 1)  # type: ignore[index]
                result["queries"]["koordinator_area"] = profile(chief, url, "/dasbor/")  # type: ignore[index]
                print(f"  {label}: koordinator median {result['pages']['koordinator_area']['median_ms']} ms")  # type: ignore[index]
        return result


# ------------------------------------------------------------------ first contentful paint in Chromium


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(url: str, clock_file: Path) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-dashboard",
        "PUBLIC_BASE_URL": base,
        "CLOCK_FILE": str(clock_file),
        "PORT": str(port),
    }
    command = web_command(f"127.0.0.1:{port}")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


PAINT_JS = """() => new Promise(resolve => {
  const done = () => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    if (!fcp) { setTimeout(done, 20); return; }
    const nav = performance.getEntriesByType('navigation')[0];
    const css = performance.getEntriesByType('resource');
    resolve({fcp: fcp.startTime, ttfb: nav.responseStart, html_bytes: nav.transferSize,
             other_bytes: css.reduce((n, r) => n + r.transferSize, 0)});
  };
  done();
})"""


def first_paint(seed: Seed, clock_file: Path) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} is missing"}
    with fresh_copy(seed) as url, gunicorn(url, clock_file) as base:
        pages = {k: v for k, v in targets(url).items() if k in ("overview", "kelompok")}
        with session_scope(url) as session:
            token = links.issue(session, pendamping_phone(1), "pendamping", clock.utcnow()).token
        result: dict[str, object] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
            try:
                context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
                page = context.new_page()
                page.goto(base + links.PATH + token)
                page.click("#masuk")
                page.wait_for_url(base + "/dasbor/")
                result["first_visit_stylesheet_bytes"] = page.evaluate(
                    "performance.getEntriesByType('resource').reduce((n, r) => n + r.transferSize, 0)"
                )
                for name, path in pages.items():
                    before = load()
                    samples = []
                    first = None
                    for i in range(FCP_LOADS + 1):
                        page.goto(base + path, wait_until="load")
                        sample = page.evaluate(PAINT_JS)
                        if i:
                            samples.append(sample)
                        else:  # the first load of this page warms the server's statements and templates
                            first = sample
                    result[name] = {
                        "path": path,
                        "first_load": first,
                        "fcp": summary([s["fcp"] for s in samples]),
                        "ttfb": summary([s["ttfb"] for s in samples]),
                        "html_bytes": samples[-1]["html_bytes"],
                        "other_bytes": samples[-1]["other_bytes"],
                        "load_before": before,
                        "load_after": load(),
                    }
                    print(f"  FCP {name}: median {result[name]['fcp']['median_ms']} ms", flush=True)  # type: ignore[index]
                context.close()
            finally:
                browser.close()
        return result


# ------------------------------------------------------------------ main


LEDGER_RELATIONS = ("ledger_entry", "ix_ledger_kpm_date_amount", DATE_INDEX)


def relation_sizes(url: str) -> dict[str, float]:
    """What the ledger and its indexes take on disk: SQLite's dbstat, PostgreSQL's pg_relation_size."""
    with get_engine(url).connect() as conn:
        if url.startswith("sqlite"):
            rows = conn.execute(text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).all()
        else:
            rows = [
                (name, conn.execute(text("SELECT pg_relation_size(to_regclass(:n))"), {"n": name}).scalar())
                for name in LEDGER_RELATIONS
            ]
    return {name: round((size or 0) / 2**20, 1) for name, size in rows if name in LEDGER_RELATIONS and size}


def targets_met(label: str, after: dict[str, Any]) -> dict[str, bool]:
    """Issue 12: overview and kelompok under 300 ms for one pendamping, under 1 s in the city (p95 here)."""
    limit = TARGETS_MS["one pendamping" if label == "one pendamping" else "city"]
    chosen = ("overview", "kelompok", "koordinator_area")
    return {page: after["pages"][page]["p95_ms"] < limit for page in chosen if page in after["pages"]}


def main() -> None:
    started = load()
    seeds = {"one pendamping": Seed(1), "city": Seed(CITY)}
    data = {}
    for label, seed in seeds.items():
        print(f"seeding {label} ({seed.path.name})", flush=True)
        data[label] = build(seed)
    result: dict[str, object] = {
        "machine": machine(),
        "method": __doc__.strip(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": started,
        "now": NOW.isoformat(),
        "data": data,
        "targets_ms": TARGETS_MS,
        "server": {},
    }
    server: dict[str, dict[str, object]] = {}
    result["server"] = server
    with pinned_clock() as clock_file:
        for label, seed in seeds.items():
            for name, variant in VARIANTS.items():
                if variant.get("postgresql_only"):
                    continue
                server.setdefault(label, {})[name] = measure_server(
                    fresh_copy(seed), f"{label}/{name}", variant, area=seed.pendamping > 1
                )
        result["first_contentful_paint"] = {"city": first_paint(seeds["city"], clock_file)}
        admin = _pg_admin()
        if admin is None:
            result["postgresql"] = "not measured: no server at " + make_url(PG_URL).render_as_string()
        else:
            admin.close()
            t = time.perf_counter()
            with postgres_copy(seeds["city"]) as url:
                label = "city, PostgreSQL"
                result["postgresql"] = {
                    "version": admin_version(url),
                    "copy_seconds": round(time.perf_counter() - t, 1),
                }
                for name, variant in VARIANTS.items():
                    server.setdefault(label, {})[name] = measure_server(
                        contextlib.nullcontext(url), f"{label}/{name}", variant, area=True
                    )
    result["same_pages_across_variants"] = {
        label: all(
            len({measured["pages"][page]["sha256"] for measured in variants.values()}) == 1  # type: ignore[index]
            for page in next(iter(variants.values()))["pages"]  # type: ignore[index]
        )
        for label, variants in server.items()
    }
    result["targets_met"] = {label: targets_met(label, variants["after"]) for label, variants in server.items()}  # type: ignore[arg-type]
    result["load_average_at_end"] = load()
    out = save("dashboard", result)
    print(report(result), "->", out)


def report(result: dict[str, Any]) -> str:
    lines = []
    for label, variants in result["server"].items():
        for name, measured in variants.items():
            for page, m in measured["pages"].items():
                q = measured["queries"][page]
                lines.append(
                    f"{label:16} {name:31} {page:17} median {m['median_ms']:7.1f} ms  p95 {m['p95_ms']:7.1f} ms  "
                    f"cpu {m['cpu_median_ms']:7.1f} ms  {m['bytes']:>7} B  {q['statements']:>4} statements "
                    f"{q['sql_ms']:7.1f} ms sql"
                )
                for slow in q["slowest"][:2]:
                    server_side = f" (EXPLAIN ANALYZE {slow['execution_ms']} ms)" if "execution_ms" in slow else ""
                    lines.append(f"      {slow['ms']:7.1f} ms x{slow['runs']:<3}{server_side} {slow['sql'][:100]}")
                    lines.extend(f"                 {step}" for step in slow["plan"][:8])
    for label, loads in result.get("first_contentful_paint", {}).items():
        for page, m in loads.items():
            if isinstance(m, dict):
                lines.append(f"FCP {label} {page}: median {m['fcp']['median_ms']} ms, p95 {m['fcp']['p95_ms']} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
