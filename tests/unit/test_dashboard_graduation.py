"""The graduation page (/dasbor/graduasi) in the Flask test client: candidates with their numbers,
those who almost qualify, decisions with CSRF and audit, access, the koordinator's counts, downloads.

The clock is fixed at Thursday 10 December 2026, 10:00 WIB, so November 2026 is the last month judged
and every number below is written by hand from the entries booked here.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock, create_app
from bot.audit import AuditEntry
from bot.config import Settings
from bot.db import session_scope
from bot.graduation.models import GraduationDecision
from bot.graduation.rules import load
from bot.knowledge import pena_chat
from bot.ledger import service as ledger
from bot.reports import graduation as report
from bot.roster.identity import identify
from bot.roster.importer import import_roster
from bot.roster.models import Kpm
from tests.unit.test_dashboard_web import csrf, sign_in

DATA = Path(__file__).parent.parent / "data"
RATNA, WULAN, SRI, YENI = "+6281340000001", "+6281340000002", "+6281340000003", "+6281340000004"
CUCU, IMAS, POPON, NENENG = "+6281340000012", "+6281340000013", "+6281340000014", "+6281340000021"
NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # 10:00 WIB
PENA_AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 20 November, 09:00 WIB
_sid = count(1)


def book(session: Session, phone: str, day: date, sales: int = 0, expenses: int = 0) -> None:
    kpm = session.scalar(select(Kpm.id).where(Kpm.phone == phone))
    assert kpm is not None
    items = [ledger.NewItem(kind, amount) for kind, amount in (("sale", sales), ("expense", expenses)) if amount]
    ledger.record(session, kpm, f"SMgrad{next(_sid)}", day, items)


@pytest.fixture()
def app_settings(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    clock_file = tmp_path / "clock"
    clock.set_offset(clock_file, (NOW - datetime.now(UTC)).total_seconds())
    monkeypatch.setenv("CLOCK_FILE", str(clock_file))
    with session_scope(settings.database_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), date(2026, 12, 1)).ok
        # Popon (35, Kembang Sepatu, Ratna's): sales 3.0M, 4.0M, 5.0M, 9.0M from August to November, November's
        # spending 2.0M (profit 7.0M), PENA answered eligible and willing: a candidate.
        book(session, POPON, date(2026, 8, 14), sales=3_000_000)
        book(session, POPON, date(2026, 9, 14), sales=4_000_000)
        book(session, POPON, date(2026, 10, 14), sales=5_000_000)
        book(session, POPON, date(2026, 11, 14), sales=9_000_000, expenses=2_000_000)
        pena_chat.result(session, identify(session, POPON), 35, "jahit", True, False, now=PENA_AT)
        # Cucu (Nusa Indah, Ratna's): 0.5M, 1.0M, 2.0M, 6.0M, profit 5.5M in November, never answered PENA:
        # she misses one rule only.
        book(session, CUCU, date(2026, 8, 3), sales=500_000)
        book(session, CUCU, date(2026, 9, 3), sales=1_000_000)
        book(session, CUCU, date(2026, 10, 3), sales=2_000_000)
        book(session, CUCU, date(2026, 11, 3), sales=6_000_000, expenses=500_000)
        # Imas sold once: not shown. Neneng (Wulan's) would be a candidate, but not on Ratna's page.
        book(session, IMAS, date(2026, 11, 5), sales=100_000)
        for month, amount in ((8, 2_000_000), (9, 3_000_000), (10, 4_000_000), (11, 8_000_000)):
            book(session, NENENG, date(2026, month, 20), sales=amount)
        pena_chat.result(session, identify(session, NENENG), 37, "seblak", True, False, now=PENA_AT)
    return settings


@pytest.fixture()
def client(app_settings: Settings) -> FlaskClient:
    return create_app(app_settings).test_client()


def kpm_ids(settings: Settings) -> dict[str, int]:
    with session_scope(settings.database_url) as session:
        return {phone: kpm_id for phone, kpm_id in session.execute(select(Kpm.phone, Kpm.id))}


def card(html: str, kpm_id: int) -> str:
    """The card of one KPM on the graduation page."""
    start = html.index(f'id="keputusan-{kpm_id}"')
    return html[start : html.index("</section>", start)]


def decide(client: FlaskClient, kpm_id: int, choice: str, note: str, token: str) -> int:
    data = {"keputusan": choice, "catatan": note, "csrf_token": token, "next": "/dasbor/graduasi"}
    return client.post(f"/dasbor/graduasi/kpm/{kpm_id}/keputusan", data=data).status_code


def test_the_pendamping_sees_her_candidates_with_the_numbers_behind_each_rule(
    client: FlaskClient, app_settings: Settings
) -> None:
    sign_in(client, app_settings, RATNA)
    known = kpm_ids(app_settings)
    page = client.get("/dasbor/graduasi")
    assert page.status_code == 200
    html = page.text
    assert "Kandidat (1)" in html and "Hampir memenuhi syarat (1)" in html
    popon = card(html, known[POPON])
    assert "Popon Rosita" in popon and "Kelompok Kembang Sepatu" in popon
    assert "Penjualan naik 3 bulan berturut-turut" in popon and "syarat: 3 bulan" in popon
    for month, amount in (("Agu 2026", "Rp3.000.000"), ("Sep 2026", "Rp4.000.000"), ("Okt 2026", "Rp5.000.000")):
        assert f'{month}: <span class="num">{amount}</span>' in popon
    assert 'Nov 2026: <span class="num">Rp9.000.000</span>' in popon
    assert "Laba November 2026: Rp7.000.000" in popon and "di atas UMK" in popon
    assert "penjualan Rp9.000.000 − belanja Rp2.000.000" in popon
    assert "UMK Kota Bandung 2026: Rp4.737.678" in popon  # her roster kota "Bandung" is the file's Kota Bandung
    assert "Cek PENA dijawab 20 Nov 2026" in popon and "layak" in popon and "umur 35" in popon
    assert popon.count('class="mark ok"') == 3 and '<svg class="chart months"' in popon
    assert "Agu 2026: Rp3.000.000" in popon  # the chart's bar titles read the exact amounts
    cucu = card(html, known[CUCU])
    assert "belum terpenuhi: 1 syarat" in cucu and "Belum pernah mengisi cek PENA" in cucu
    assert "Laba November 2026: Rp5.500.000" in cucu and cucu.count('class="mark no"') == 1
    assert "Imas Masitoh" not in html and "Neneng Hasanah" not in html  # not close; not hers
    # December's monthly counts are all zero so far.
    assert '<tr data-month="2026-12"><td>Desember 2026</td><td class="num"><span class="">0 / 2</span>' in html


def test_a_decision_is_recorded_through_the_service_audited_and_shown(
    client: FlaskClient, app_settings: Settings
) -> None:
    sign_in(client, app_settings, RATNA)
    popon = kpm_ids(app_settings)[POPON]
    token = csrf(client.get("/dasbor/graduasi").text)
    assert decide(client, popon, "discussed", "Sudah ngobrol di rumahnya", token) == 302
    response = client.post(
        f"/dasbor/graduasi/kpm/{popon}/keputusan",
        data={"keputusan": "graduated", "catatan": "  Usaha jahit  stabil ", "csrf_token": token},
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/dasbor/graduasi#keputusan-{popon}"
    with session_scope(app_settings.database_url) as session:
        rows = session.scalars(select(GraduationDecision).order_by(GraduationDecision.id)).all()
        assert [(r.decision, r.note, r.decided_by) for r in rows] == [
            ("discussed", "Sudah ngobrol di rumahnya", RATNA),
            ("graduated", "Usaha jahit stabil", RATNA),
        ]
        trail = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "graduation_decision")).all()
        assert [(e.actor, e.actor_role, e.action, e.kpm_id) for e in trail] == [
            (RATNA, "pendamping", "create", popon)
        ] * 2
        assert json.loads(trail[1].after or "{}")["decision"] == "graduated" and trail[1].before is None
    html = client.get("/dasbor/graduasi").text
    # Graduated: no longer a candidate; counted for December; the history names who decided and when.
    assert "Kandidat (0)" in html and f'id="keputusan-{popon}"' not in html
    assert '<tr data-month="2026-12"><td>Desember 2026</td><td class="num"><span class="">1 / 2</span>' in html
    recent = html[html.index('id="riwayat"') :]
    assert recent.index("graduasi") < recent.index("sudah dibahas")  # newest first
    assert "Popon Rosita" in recent and "Ratna Sari" in recent and "Kamis, 10 Desember, 10.00 WIB" in recent
    assert "Usaha jahit stabil" in recent
    kpm_page = client.get(f"/dasbor/kpm/{popon}").text
    section = kpm_page[kpm_page.index('id="graduasi"') :]
    assert "Sudah graduasi." in section and "Sudah ngobrol di rumahnya" in section and "Simpan keputusan" in section
    # Her koordinator reads the same history on the KPM page, without the form.
    sign_in(client, app_settings, SRI)
    read_only = client.get(f"/dasbor/kpm/{popon}").text
    assert "Usaha jahit stabil" in read_only and "Simpan keputusan" not in read_only


def test_decisions_are_refused_without_csrf_for_another_pendamping_for_a_koordinator_and_when_unknown(
    client: FlaskClient, app_settings: Settings
) -> None:
    known = kpm_ids(app_settings)
    sign_in(client, app_settings, WULAN)
    token = csrf(client.get("/dasbor/graduasi").text)
    assert decide(client, known[POPON], "graduated", "bukan KPM saya", token) == 403
    assert decide(client, known[NENENG], "graduated", "", "") == 400  # no CSRF token
    assert decide(client, known[NENENG], "lulus", "", token) == 400  # not a decision
    assert decide(client, 999_999, "graduated", "", token) == 404
    sign_in(client, app_settings, SRI)
    token = csrf(client.get("/dasbor/graduasi").text)
    assert decide(client, known[POPON], "graduated", "koordinator", token) == 403
    with session_scope(app_settings.database_url) as session:
        assert session.scalars(select(GraduationDecision)).all() == []
        assert session.scalars(select(AuditEntry).where(AuditEntry.table_name == "graduation_decision")).all() == []


def test_wulan_sees_only_her_own_kpm(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, WULAN)
    html = client.get("/dasbor/graduasi").text
    assert "Neneng Hasanah" in html and "Kandidat (1)" in html and "Popon Rosita" not in html
    assert "Cucu Sumarni" not in html


def test_the_koordinator_reads_graduations_per_pendamping_per_month(
    client: FlaskClient, app_settings: Settings
) -> None:
    known = kpm_ids(app_settings)
    sign_in(client, app_settings, RATNA)
    token = csrf(client.get("/dasbor/graduasi").text)
    assert decide(client, known[POPON], "graduated", "", token) == 302
    assert decide(client, known[CUCU], "graduated", "", token) == 302
    sign_in(client, app_settings, SRI)
    page = client.get("/dasbor/graduasi")
    assert page.status_code == 200
    html = page.text
    assert "Graduasi di wilayah Cibeunying Kaler, Bandung" in html and "Wulan Purnama" not in html
    ratna_row = html[html.index("Ratna Sari") :]
    assert (
        '<td class="num" data-label="Desember 2026" data-month="2026-12"><span class="met">2 / 2 ✓</span>' in ratna_row
    )
    assert '<td class="num" data-label="November 2026" data-month="2026-11"><span class="">0 / 2</span>' in ratna_row
    assert 'name="keputusan"' not in html and "Simpan keputusan" not in html
    for month in ("Jul", "Agu", "Sep", "Okt", "Nov", "Des"):
        assert f'<th class="num">{month} 2026</th>' in html
    # The candidates' downloads are the pendamping's; the counts are hers to download too.
    assert client.get("/dasbor/graduasi/kandidat.csv").status_code == 403
    rows = list(csv.DictReader(io.StringIO(client.get("/dasbor/graduasi/capaian.csv").data.decode("utf-8-sig"))))
    assert [r["bulan"] for r in rows] == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
    assert rows[-1] == {
        "pendamping": "Ratna Sari",
        "no_hp": RATNA,
        "bulan": "2026-12",
        "graduasi": "2",
        "target": "2",
        "tercapai": "ya",
        "kpm_graduasi": "Cucu Sumarni|Popon Rosita",
    }
    book = load_workbook(io.BytesIO(client.get("/dasbor/graduasi/capaian.xlsx").data))
    values = list(book.active.iter_rows(values_only=True))
    assert values[0] == report.COUNT_HEADER and values[6][:5] == ("Ratna Sari", RATNA, "2026-12", 2, 2)
    # A koordinator of the whole kota sees both pendamping.
    sign_in(client, app_settings, YENI)
    html = client.get("/dasbor/graduasi").text
    assert "Ratna Sari" in html and "Wulan Purnama" in html


def test_the_candidates_download_holds_the_numbers(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    text = client.get("/dasbor/graduasi/kandidat.csv").data.decode("utf-8-sig")
    rows = {r["nama"]: r for r in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"Popon Rosita", "Cucu Sumarni"}
    popon, cucu = rows["Popon Rosita"], rows["Cucu Sumarni"]
    assert (popon["status"], popon["syarat_belum_terpenuhi"], popon["bulan_naik_berturut"]) == ("kandidat", "", "3")
    assert popon["bulan_penjualan_naik"] == "2026-08|2026-09|2026-10|2026-11"
    assert popon["penjualan_bulan_itu"] == "3000000|4000000|5000000|9000000"
    assert (popon["bulan_laba"], popon["laba"], popon["umk"], popon["tahun_umk"]) == (
        "2026-11",
        "7000000",
        "4737678",
        "2026",
    )
    assert (popon["pena_dijawab"], popon["pena_layak"], popon["pena_bersedia"]) == ("2026-11-20", "ya", "ya")
    assert (cucu["status"], cucu["syarat_belum_terpenuhi"], cucu["pena_dijawab"]) == ("hampir", "pena_ready", "")
    sheet = list(load_workbook(io.BytesIO(client.get("/dasbor/graduasi/kandidat.xlsx").data)).active.values)
    assert sheet[0] == report.CANDIDATE_HEADER
    by_name = {r[0]: r for r in sheet[1:]}
    assert by_name["Popon Rosita"][11] == 7_000_000 and by_name["Cucu Sumarni"][3] == "hampir"


def test_the_page_in_english_and_sundanese(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    page = client.get("/dasbor/graduasi")
    client.post("/dasbor/bahasa", data={"bahasa": "en", "next": "/dasbor/graduasi", "csrf_token": csrf(page.text)})
    english = client.get("/dasbor/graduasi").text
    assert "Candidates (1)" in english and "Profit November 2026: IDR7,000,000" in english
    assert "graduated" in english and "Record a decision" in english
    client.post("/dasbor/bahasa", data={"bahasa": "su", "next": "/dasbor/graduasi", "csrf_token": csrf(english)})
    sundanese = client.get("/dasbor/graduasi").text
    assert "Rp7.000.000" in sundanese and "Catet kaputusan" in sundanese


def test_the_nav_has_a_graduation_tab(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    html = client.get("/dasbor/").text
    assert '<a href="/dasbor/graduasi">Graduasi</a>' in html
    assert '<a href="/dasbor/graduasi" aria-current="page">Graduasi</a>' in client.get("/dasbor/graduasi").text


def test_the_roster_kota_finds_its_umk() -> None:
    rules = load()
    assert report.umk_kota(rules, "Bandung") == ("Kota Bandung", True)
    assert report.umk_kota(rules, " kota  bandung ") == ("Kota Bandung", True)
    assert report.umk_kota(rules, "Kab. Bandung") == ("Kota Bandung", False)  # another place: the default
    assert report.umk_kota(rules, None) == ("Kota Bandung", False)
    assert report.month_keys(date(2026, 2, 27)) == ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]


def test_the_monthly_chart_marks_the_streak_and_escapes() -> None:
    from bot.dashboard.svg import monthly_bars

    months = [date(2026, m, 1) for m in (9, 10, 11)]
    chart = str(monthly_bars(months, [1, 2, 3], [False, True, True], "<x>", str, lambda d: f"<{d.month}>"))
    assert chart.count("<rect") == 3 and chart.count('fill="#1b7f5b"') == 2 and "<x>" not in chart
    assert "&lt;9&gt;" in chart and "&lt;x&gt;" in chart
