"""The dashboard end to end in a real browser (Debian's Chromium driven by Playwright) on the real
stack: data seeded by signed WhatsApp chat, sign-in by the link taken from the outbox row the
gate queued, pages, access, CSRF, downloads, expired and reused links, logout.

Screenshots of the main pages at 360x740 go to tests/artifacts/dashboard/ (not compared).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot import clock
from bot.config import ROOT
from bot.db import session_scope
from bot.messaging.models import OutboxMessage
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok, Kpm
from bot.signin.links import PATH
from devtools.runner import Stack
from tests.e2e.chat import say
from tests.helpers import eventually

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / "tests" / "artifacts" / "dashboard"
ROSTER = ROOT / "tests" / "data" / "roster_dashboard.csv"
PHONE_SIZE = {"width": 360, "height": 740}
RATNA, SRI = "+6281340000001", "+6281340000003"  # pendamping of Nusa Indah; koordinator of her kecamatan
LILIS, CUCU, NENENG = "+6281340000011", "+6281340000012", "+6281340000021"  # Nusa Indah, Nusa Indah, Wulan's


@pytest.fixture(scope="module")
def seeded(stack: Stack) -> Stack:
    """The dashboard roster, and a few days' bookkeeping written by chat."""
    with session_scope(stack.settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
    for phone, message in (
        (LILIS, "laku gorengan 85rb"),
        (LILIS, "belanja minyak 30rb"),
        (CUCU, "laku 120rb"),
        (NENENG, "laku seblak 50rb"),
    ):
        assert "Sudah dicatat" in say(stack, phone, message).text, message
    return stack


@pytest.fixture()
def phone_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE_SIZE, locale="id-ID")
    yield context.new_page()
    context.close()


def base(stack: Stack) -> str:
    return f"http://localhost:{stack.settings.port}"


def ids(stack: Stack) -> dict[str, int]:
    with session_scope(stack.settings.database_url) as session:
        found = {phone: kpm_id for phone, kpm_id in session.execute(select(Kpm.phone, Kpm.id))}
        return found | {name: kid for name, kid in session.execute(select(Kelompok.name, Kelompok.id))}


def ask_link(stack: Stack, phone: str) -> str:
    """She writes "link dasbor"; the path of the link in the message the gate queued for her."""
    before = {r.id for r in link_rows(stack, phone)}
    reply = say(stack, phone, "link dasbor")
    assert "Link masuk dasbor sudah dikirim, berlaku 15 menit" in reply.text
    row = eventually(lambda: next((r for r in link_rows(stack, phone) if r.id not in before), None), what="the link")
    assert row.body is not None and stack.settings.public_base_url
    url = next(word for word in row.body.split() if PATH in word)
    assert url.startswith(stack.settings.public_base_url + PATH)
    return url.removeprefix(stack.settings.public_base_url)


def link_rows(stack: Stack, phone: str) -> list[OutboxMessage]:
    with session_scope(stack.settings.database_url) as session:
        return list(
            session.scalars(
                select(OutboxMessage).where(OutboxMessage.phone == phone, OutboxMessage.purpose == "dashboard_link")
            )
        )


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(stack: Stack, page, phone: str, screenshot: str | None = None) -> str:  # type: ignore[no-untyped-def]
    path = ask_link(stack, phone)
    response = page.goto(base(stack) + path)
    assert response.status == 200 and page.locator("#masuk").is_visible()
    if screenshot:
        shot(page, screenshot)
    page.click("#masuk")
    page.wait_for_url(base(stack) + "/dasbor/")
    return path


def test_a_pendamping_signs_in_by_link_and_reads_her_kelompok(seeded: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = seeded, phone_page
    known = ids(stack)
    path = sign_in(stack, page, RATNA, screenshot="1-sign-in")
    assert "Halo, Ratna Sari" in page.content()
    # Lilis 85.000 + Cucu 120.000 this month; Neneng's 50.000 belongs to another pendamping.
    assert page.get_by_test_id("sales-this-month").inner_text() == "Rp205.000"
    shot(page, "2-overview")

    page.click("a:has-text('Nusa Indah')")
    assert page.locator("table.members").is_visible()
    assert page.locator("a:has-text('Lilis Suryani')").is_visible() and page.locator("svg.spark").count() == 3
    shot(page, "3-kelompok")
    page.goto(base(stack) + f"/dasbor/kelompok/{known['Nusa Indah']}?urut=penjualan&arah=turun")
    names = page.locator("table.members tbody td:first-child a").all_inner_texts()
    assert names[:2] == ["Cucu Sumarni", "Lilis Suryani"]

    page.click("a:has-text('Lilis Suryani')")
    assert page.locator("svg.chart").count() == 2
    assert "Rp85.000" in page.content() and "Rp30.000" in page.content()
    page.fill("#catatan-baru", "Sudah rutin mencatat, ajak bicara soal PENA")
    page.click("text=Simpan catatan")
    assert page.locator("text=Sudah rutin mencatat, ajak bicara soal PENA").is_visible()
    shot(page, "4-kpm")

    # Another pendamping's KPM and kelompok: refused.
    assert page.goto(base(stack) + f"/dasbor/kpm/{known[NENENG]}").status == 403
    assert page.goto(base(stack) + f"/dasbor/kelompok/{known['Sri Rejeki']}").status == 403
    # A form posted without its CSRF token, with her session cookie: refused.
    refused = page.request.post(base(stack) + f"/dasbor/kpm/{known[LILIS]}/catatan", form={"catatan": "x"})
    assert refused.status == 400

    # The downloads hold the seeded rows.
    downloads = f"/dasbor/kelompok/{known['Nusa Indah']}/unduh"
    text = page.request.get(base(stack) + downloads + ".csv").body().decode("utf-8-sig")
    rows = {r["nama"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (
        rows["Lilis Suryani"]["penjualan_bulan_ini"] == "85000"
        and rows["Cucu Sumarni"]["penjualan_bulan_ini"] == "120000"
    )
    assert rows["Lilis Suryani"]["no_hp"] == LILIS and "Neneng Hasanah" not in rows
    book = load_workbook(io.BytesIO(page.request.get(base(stack) + downloads + ".xlsx").body()))
    sheet = {r[0]: r for r in book.active.iter_rows(values_only=True)}
    assert sheet["Lilis Suryani"][4] == 85000 and sheet["Cucu Sumarni"][4] == 120000

    # Signed out, the pages send her to the sign-in help; the used link stays used.
    page.goto(base(stack) + "/dasbor/")
    page.click("text=Keluar")
    page.wait_for_url(base(stack) + "/dasbor/keluar")
    shot(page, "5-signed-out")
    page.goto(base(stack) + "/dasbor/")
    assert page.url == base(stack) + "/dasbor/masuk"
    reused = page.goto(base(stack) + path)
    assert reused.status == 410 and "sudah pernah dipakai" in page.content()


def test_a_link_opened_twice_signs_in_once(seeded: Stack, browser) -> None:  # type: ignore[no-untyped-def]
    stack = seeded
    path = ask_link(stack, RATNA)
    first, second = browser.new_context(viewport=PHONE_SIZE), browser.new_context(viewport=PHONE_SIZE)
    try:
        a, b = first.new_page(), second.new_page()
        a.goto(base(stack) + path)
        b.goto(base(stack) + path)  # a link preview, or a second tap: looking does not use it
        a.click("#masuk")
        a.wait_for_url(base(stack) + "/dasbor/")
        with b.expect_response(lambda r: r.request.method == "POST") as answer:
            b.click("#masuk")
        assert answer.value.status == 410 and "sudah pernah dipakai" in b.content()
    finally:
        first.close()
        second.close()


def test_an_expired_link_is_refused(seeded: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = seeded, phone_page
    path = ask_link(stack, RATNA)
    clock_file = Path(stack.extra_env["CLOCK_FILE"])
    clock.set_offset(clock_file, 16 * 60)  # every process of the stack reads this clock
    try:
        response = page.goto(base(stack) + path)
        assert response.status == 410 and "kedaluwarsa" in page.content()
        shot(page, "6-expired-link")
    finally:
        clock.set_offset(clock_file, 0)


def test_a_koordinator_reads_her_area_without_changing_anything(seeded: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = seeded, phone_page
    known = ids(stack)
    sign_in(stack, page, SRI)
    assert "Ratna Sari" in page.content() and "Wulan Purnama" not in page.content()
    shot(page, "7-koordinator")
    page.goto(base(stack) + f"/dasbor/kpm/{known[LILIS]}")
    assert page.locator("svg.chart").count() == 2 and page.locator("#catatan-baru").count() == 0
    assert page.goto(base(stack) + f"/dasbor/kpm/{known[NENENG]}").status == 403


def test_a_kpm_asking_for_the_link_is_refused_kindly(seeded: Stack) -> None:
    reply = say(seeded, LILIS, "link dasbor")
    assert "dasbor hanya untuk pendamping dan koordinator" in reply.text
    assert link_rows(seeded, LILIS) == []
