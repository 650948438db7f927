"""The graduation page end to end in Debian's Chromium on the real stack.

Popon's sales are booked in her ledger with explicit dates (the four complete months before this one:
Rp3.000.000, Rp4.000.000, Rp5.000.000, then Rp9.000.000 with Rp2.000.000 spending, so her profit
Rp7.000.000 is above the UMK) and she answers the PENA check by signed WhatsApp chat. Her pendamping
signs in by the link from the outbox, finds her listed with those numbers, records "graduasi" with a
note; the koordinator of that kecamatan then reads the graduation counted for that pendamping this
month; a pendamping of another area gets 403 on Popon's decision, a POST without CSRF token 400.

Screenshots at 360x740 go to tests/artifacts/dashboard/ (not compared).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from sqlalchemy import select

from bot import clock
from bot.audit import AuditEntry
from bot.db import session_scope
from bot.graduation.models import GraduationDecision
from bot.ledger import service as ledger
from bot.ledger.periods import add_months
from bot.roster.importer import import_roster
from bot.roster.models import Kpm
from devtools.runner import Stack
from tests.e2e.chat import say
from tests.e2e.test_dashboard import (
    ARTIFACTS,
    PHONE_SIZE,
    ROSTER,
    base,
    ids,
    shot,
    sign_in,
)

pytestmark = pytest.mark.e2e

RATNA, WULAN, SRI = "+6281340000001", "+6281340000002", "+6281340000003"
POPON = "+6281340000014"  # Kembang Sepatu (Ratna's), born 1991-03-03, sews: the PENA check asks no age or business
# UMK Kota Bandung per year (data/graduation.yml, from the governor's decrees); later years use 2026's.
UMK = {2024: "Rp4.209.309", 2025: "Rp4.482.914", 2026: "Rp4.737.678"}
# Her four months, oldest first: (sales, spending).
MONTHS = ((3_000_000, 0), (4_000_000, 0), (5_000_000, 0), (9_000_000, 2_000_000))
SALES_TEXT = ("Rp3.000.000", "Rp4.000.000", "Rp5.000.000", "Rp9.000.000")


def shot_path(name: str) -> Path:
    """A screenshot of the visible 360x740 screen only (shot() takes the whole page)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def today() -> date:
    return clock.local_today("Asia/Jakarta")  # Ratna's zone (the roster's default)


@pytest.fixture(scope="module")
def seeded(stack: Stack) -> Stack:
    with session_scope(stack.settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
        popon = session.scalar(select(Kpm.id).where(Kpm.phone == POPON))
        assert popon is not None
        for back, (sales, spending) in zip((4, 3, 2, 1), MONTHS, strict=True):
            day = add_months(today(), -back).replace(day=14)
            items = [ledger.NewItem("sale", sales)] + ([ledger.NewItem("expense", spending)] if spending else [])
            ledger.record(session, popon, f"SMgradweb{back}", day, items)
    first = say(stack, POPON, "apakah saya bisa ikut PENA?")
    assert "cek syarat *PENA*" in first.text and "umur" not in first.text.lower()
    assert "lansia" in say(stack, POPON, "iya bersedia").text
    result = say(stack, POPON, "tidak ada")
    assert "✅ Umur 20-40 tahun (umur Ibu: 35)" in result.text and "✅ Bersedia graduasi mandiri" in result.text
    return stack


def test_a_pendamping_records_a_graduation_and_her_koordinator_counts_it(seeded: Stack, browser) -> None:  # type: ignore[no-untyped-def]
    stack = seeded
    popon = ids(stack)[POPON]
    last = add_months(today(), -1)
    streak_months = [add_months(today(), -n) for n in (4, 3, 2, 1)]
    ratna = browser.new_context(viewport=PHONE_SIZE, locale="id-ID")
    try:
        page = ratna.new_page()
        sign_in(stack, page, RATNA)
        page.click("nav.nav a:has-text('Graduasi')")
        page.wait_for_url(base(stack) + "/dasbor/graduasi")
        card = page.locator(f"#keputusan-{popon}")
        assert card.locator("h3").inner_text().startswith("Popon Rosita")
        text = card.inner_text()
        assert "Penjualan naik 3 bulan berturut-turut" in text
        for month, amount in zip(streak_months, SALES_TEXT, strict=True):
            assert f"{format_date(month, 'LLL y', locale='id')}: {amount}" in text
        assert f"Laba {format_date(last, 'LLLL y', locale='id')}: Rp7.000.000 di atas UMK" in text
        assert "penjualan Rp9.000.000 − belanja Rp2.000.000" in text
        assert f"UMK Kota Bandung {min(last.year, 2026)}: {UMK[min(last.year, 2026)]}" in text
        assert f"Cek PENA dijawab {format_date(today(), 'd MMM y', locale='id')}" in text
        assert card.locator(".mark.ok").count() == 3 and card.locator("svg.chart.months rect").count() == 12
        page.screenshot(path=str(shot_path("8-graduasi-360x740")))  # the first screen, as her phone shows it
        card.scroll_into_view_if_needed()
        shot(page, "9-graduasi")

        # The candidates' download holds the same numbers.
        text_csv = page.request.get(base(stack) + "/dasbor/graduasi/kandidat.csv").body().decode("utf-8-sig")
        row = {r["nama"]: r for r in csv.DictReader(io.StringIO(text_csv))}["Popon Rosita"]
        assert (row["status"], row["laba"], row["penjualan_bulan_itu"]) == (
            "kandidat",
            "7000000",
            "3000000|4000000|5000000|9000000",
        )

        # A POST without its CSRF token, with her session cookie: refused.
        refused = page.request.post(
            base(stack) + f"/dasbor/graduasi/kpm/{popon}/keputusan", form={"keputusan": "graduated"}
        )
        assert refused.status == 400

        card.locator("label:has-text('graduasi')").click()
        card.locator("textarea").fill("Usaha jahit stabil, siap mandiri")
        with page.expect_navigation():
            card.locator("button:has-text('Simpan keputusan')").click()
        assert page.url == base(stack) + f"/dasbor/graduasi#keputusan-{popon}"
        assert page.locator(f"#keputusan-{popon}").count() == 0  # graduated: no longer a candidate
        history = page.locator("#riwayat").inner_text()
        assert "Popon Rosita: graduasi · Ratna Sari" in history and "Usaha jahit stabil, siap mandiri" in history
        this_month = today().strftime("%Y-%m")
        assert page.locator(f"#capaian tr[data-month='{this_month}'] td.num").inner_text() == "1 / 2"
        page.goto(base(stack) + f"/dasbor/kpm/{popon}")
        assert "Sudah graduasi." in page.locator("#graduasi").inner_text()
        assert "Usaha jahit stabil, siap mandiri" in page.locator("#graduasi").inner_text()
    finally:
        ratna.close()
    with session_scope(stack.settings.database_url) as session:
        (decision,) = session.scalars(select(GraduationDecision).where(GraduationDecision.kpm_id == popon)).all()
        assert (decision.decision, decision.decided_by, decision.note) == (
            "graduated",
            RATNA,
            "Usaha jahit stabil, siap mandiri",
        )
        entry = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "graduation_decision")).one()
        assert (entry.actor, entry.actor_role, entry.kpm_id, entry.row_id) == (
            RATNA,
            "pendamping",
            popon,
            str(decision.id),
        )

    # Her koordinator (Cibeunying Kaler, Bandung) reads the graduation counted for Ratna this month.
    sri = browser.new_context(viewport=PHONE_SIZE, locale="id-ID")
    try:
        page = sri.new_page()
        sign_in(stack, page, SRI)
        page.goto(base(stack) + "/dasbor/graduasi")
        assert "Wulan Purnama" not in page.content()
        row = page.locator("table.counts-grid tbody tr", has_text="Ratna Sari")
        assert row.locator(f"td[data-month='{this_month}']").inner_text() == "1 / 2"
        assert page.locator("form.decide").count() == 0
        page.screenshot(path=str(shot_path("10-graduasi-koordinator-360x740")))
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        refused = page.request.post(
            base(stack) + f"/dasbor/graduasi/kpm/{popon}/keputusan",
            form={"keputusan": "not_now", "csrf_token": token or ""},
        )
        assert refused.status == 403  # read-only
    finally:
        sri.close()

    # A pendamping of another area (Coblong) may not decide about Popon.
    wulan = browser.new_context(viewport=PHONE_SIZE, locale="id-ID")
    try:
        page = wulan.new_page()
        sign_in(stack, page, WULAN)
        page.goto(base(stack) + "/dasbor/graduasi")
        assert "Popon Rosita" not in page.content()
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        refused = page.request.post(
            base(stack) + f"/dasbor/graduasi/kpm/{popon}/keputusan",
            form={"keputusan": "not_now", "csrf_token": token or ""},
        )
        assert refused.status == 403
    finally:
        wulan.close()
    with session_scope(stack.settings.database_url) as session:
        assert len(session.scalars(select(GraduationDecision).where(GraduationDecision.kpm_id == popon)).all()) == 1
