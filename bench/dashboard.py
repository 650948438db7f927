"""Issue 12, "Queries that stay fast": the pendamping's dashboard pages on a year of data.

Method:
- Data (bench/dashboard_seed.py): "one pendamping" is a database with her alone, 350 KPM in 13
  kelompok and a year of bookkeeping (about 30,000 ledger rows) with corrections, deletions,
  savings, monthly meetings with answers and attendance, contacts and notes; "city" holds 66
  pendamping made the same way (about 2 million ledger rows), pendamping 1 with the very same KPM
  and rows. Both are SQLite files migrated to head and ANALYZEd, cached in bench/.cache/ by seed
  parameters and copied to a temporary directory for each run. The shared clock (CLOCK_FILE) is
  moved to the seed's "now" (Thursday 10 December 2026, 10:00 in Jakarta).
- Server time: the Flask app in this process (app.test_client()), signed in as pendamping 1
  through her sign-in link (bot/signin/links.py: issue, GET the confirm page, POST it with its
  CSRF token). Per page WARMUP requests first, then REPEAT timed ones: wall-clock (median, p95)
  and this process's CPU time (steadier on a shared machine), and the response's bytes (as
  sent: the app does not compress; gzip size for what a compressing proxy would send). Pages:
  overview (/dasbor/), her largest kelompok's table, the KPM with most entries, the kelompok's
  CSV and XLSX, and, in the city, the koordinator's overview of all 66 pendamping (fewer requests).
- Queries: one more request per page with every SQL statement timed at the cursor
  (SQLAlchemy's before/after_cursor_execute); the statements that took longest, with SQLite's
  EXPLAIN QUERY PLAN run on the same statement and parameters.
- Variants (VARIANTS): the same rows and requests with main's indexes and queries ("before") and
  with this branch's ("after"), each on its own fresh copy of the database.
- First contentful paint: gunicorn (2 workers x 8 threads, as in production) on the city copy
  in a subprocess, Debian's Chromium (/usr/bin/chromium) headless through Playwright, a 360x740
  phone viewport, signed in through the link page; per page one warm-up load, then FCP_LOADS
  loads: performance.getEntriesByName('first-contentful-paint'), the navigation's responseStart
  (time to first byte) and the bytes transferred (document and stylesheet). Loopback network,
  no CPU or network throttling.
- The machine is shared (2 cores; other engineers run browser tests on it): the load average is
  recorded before and after every measurement, and CPU time beside wall-clock time.
- PostgreSQL: see postgres() (EXPLAIN ANALYZE of the same statements when DATABASE_URL_PG or the
  local server answers).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import event, select, text

from bench.common import machine, save, summary
from bench.dashboard_seed import KOORDINATOR_PHONE, NOW, Seed, build, pendamping_phone
from bot import clock, create_app
from bot.config import ROOT, load_settings
from bot.db import get_engine, session_scope
from bot.ledger.models import LedgerEntry
from bot.roster.models import Kelompok, Kpm
from bot.signin import links

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


def profile(client: FlaskClient, url: str, path: str, top: int = 4) -> dict[str, object]:
    """One request with its statements timed; the slowest statements (grouped by text) with their plans."""
    with statements(url) as found:
        t = time.perf_counter()
        response = client.get(path)
        total = (time.perf_counter() - t) * 1000
    assert response.status_code == 200
    grouped: dict[str, dict[str, Any]] = {}
    for sql, parameters, ms in found:
        key = _short(sql)
        slot = grouped.setdefault(key, {"sql": key, "runs": 0, "ms": 0.0, "example": (sql, parameters)})
        slot["runs"] += 1
        slot["ms"] += ms
    slowest = sorted(grouped.values(), key=lambda g: -g["ms"])[:top]
    for slot in slowest:
        sql, parameters = slot.pop("example")
        slot["ms"] = round(slot["ms"], 2)
        slot["plan"] = sqlite_plan(url, sql, parameters) if url.startswith("sqlite") else []
    for slot in grouped.values():
        slot.pop("example", None)
    return {
        "request_ms": round(total, 1),
        "statements": len(found),
        "sql_ms": round(sum(ms for *_, ms in found), 1),
        "slowest": slowest,
    }


# ------------------------------------------------------------------ variants: main's indexes and queries, and ours

VARIANTS: dict[str, dict[str, Any]] = {
    "after": {"sql": [], "patches": {}},
}


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


def measure_server(seed: Seed, label: str, variant: dict[str, Any]) -> dict[str, object]:
    with fresh_copy(seed) as url:
        if variant["sql"]:
            with get_engine(url).begin() as conn:
                for statement in variant["sql"]:
                    conn.execute(text(statement))
                conn.execute(text("ANALYZE"))
            get_engine(url).dispose()
        pages = targets(url)
        result: dict[str, object] = {"pages": {}, "queries": {}}
        with patched(variant["patches"]):
            client = app_client(url, pendamping_phone(1), "pendamping")
            for name, path in pages.items():
                result["pages"][name] = time_page(client, path)  # type: ignore[index]
                result["queries"][name] = profile(client, url, path)  # type: ignore[index]
                print(f"  {label}: {name} median {result['pages'][name]['median_ms']} ms", flush=True)  # type: ignore[index]
            if seed.pendamping > 1:
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
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn_bin),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "gthread",
        "--threads",
        "8",
        "--timeout",
        "60",
        "webhook:app",
    ]
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
                for name, path in pages.items():
                    before = load()
                    samples = []
                    for i in range(FCP_LOADS + 1):
                        page.goto(base + path, wait_until="load")
                        sample = page.evaluate(PAINT_JS)
                        if i:  # the first load warms the server and the browser's cache
                            samples.append(sample)
                    result[name] = {
                        "path": path,
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
    with pinned_clock() as clock_file:
        for label, seed in seeds.items():
            for name, variant in VARIANTS.items():
                result["server"].setdefault(label, {})[name] = measure_server(seed, f"{label}/{name}", variant)  # type: ignore[union-attr]
        result["first_contentful_paint"] = {"city": first_paint(seeds["city"], clock_file)}
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
                    f"{label:15} {name:7} {page:17} median {m['median_ms']:7.1f} ms  p95 {m['p95_ms']:7.1f} ms  "
                    f"cpu {m['cpu_median_ms']:7.1f} ms  {m['bytes']:>7} B  {q['statements']:>4} statements "
                    f"{q['sql_ms']:7.1f} ms sql"
                )
                for slow in q["slowest"][:2]:
                    lines.append(f"      {slow['ms']:7.1f} ms x{slow['runs']:<3} {slow['sql'][:110]}")
                    lines.extend(f"                 {step}" for step in slow["plan"])
    for label, pages in result.get("first_contentful_paint", {}).items():
        for page, m in pages.items():
            if isinstance(m, dict):
                lines.append(f"FCP {label} {page}: median {m['fcp']['median_ms']} ms, p95 {m['fcp']['p95_ms']} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
