"""The dashboard in the Flask test client: sign-in by link, pages, access, CSRF, downloads, audit."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from bot import clock, create_app
from bot.audit import AuditEntry
from bot.config import Settings
from bot.db import session_scope
from bot.knowledge.models import PenaAnswer
from bot.ledger import service
from bot.ledger.models import LedgerEntry
from bot.messaging.models import OutboxMessage
from bot.roster.identity import get_contact, identify, opt_out
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok, Kpm, PendampingNote
from bot.signin import links
from bot.signin.models import WebPreference

DATA = Path(__file__).parent.parent / "data"
RATNA, WULAN, SRI = "+6281340000001", "+6281340000002", "+6281340000003"
LILIS, NENENG = "+6281340000011", "+6281340000021"


@pytest.fixture()
def app_settings(settings: Settings) -> Settings:
    with session_scope(settings.database_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), date(2026, 12, 1)).ok
        lilis = session.scalar(select(Kpm.id).where(Kpm.phone == LILIS))
        assert lilis is not None
        service.record(session, lilis, "SMweb1", clock.local_today("Asia/Jakarta"), [service.NewItem("sale", 85_000)])
    return settings


@pytest.fixture()
def client(app_settings: Settings) -> FlaskClient:
    return create_app(app_settings).test_client()


def token_for(settings: Settings, phone: str) -> str:
    """Her "link dasbor" (she just wrote), and the token in the message that went out."""
    with session_scope(settings.database_url) as session:
        get_contact(session, phone).last_inbound_at = clock.utcnow()
        links.request_link(session, identify(session, phone), "https://pkh.example.org", clock.utcnow())
    with session_scope(settings.database_url) as session:
        body = session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
        assert body is not None
        return body.split(links.PATH, 1)[1].split()[0]


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def sign_in(client: FlaskClient, settings: Settings, phone: str) -> None:
    token = token_for(settings, phone)
    page = client.get(f"/dasbor/masuk/{token}")
    assert page.status_code == 200 and "Masuk" in page.text
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "same-origin"
    done = client.post(f"/dasbor/masuk/{token}", data={"csrf_token": csrf(page.text)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/dasbor/")


def ids(settings: Settings) -> dict[str, int]:
    with session_scope(settings.database_url) as session:
        found = {phone: kpm_id for phone, kpm_id in session.execute(select(Kpm.phone, Kpm.id))}
        found |= {name: kid for name, kid in session.execute(select(Kelompok.name, Kelompok.id))}
        return found


def test_signed_out_pages_send_her_to_the_sign_in_help(client: FlaskClient) -> None:
    for path in ("/dasbor/", "/dasbor/kpm/1", "/dasbor/kelompok/1/unduh.csv"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/dasbor/masuk")
    assert "link dasbor" in client.get("/dasbor/masuk").text


def test_sign_in_pages_and_the_session_cookie(client: FlaskClient, app_settings: Settings) -> None:
    token = token_for(app_settings, RATNA)
    page = client.get(f"/dasbor/masuk/{token}")
    done = client.post(f"/dasbor/masuk/{token}", data={"csrf_token": csrf(page.text)})
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie  # PUBLIC_BASE_URL is https
    overview = client.get("/dasbor/")
    assert overview.status_code == 200
    assert "Halo, Ratna Sari" in overview.text and "Rp85.000" in overview.text
    # Used once: the same link is refused, kindly, with 410.
    again = client.get(f"/dasbor/masuk/{token}")
    assert again.status_code == 410 and "sudah pernah dipakai" in again.text
    assert client.post(f"/dasbor/masuk/{token}", data={"csrf_token": csrf(again.text)}).status_code == 410
    assert client.get("/dasbor/masuk/nonsense").status_code == 404
    with session_scope(app_settings.database_url) as session:
        (login,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "login")).all()
        assert (login.actor, login.table_name) == (RATNA, "login_link")


def test_an_expired_link_is_refused(client: FlaskClient, app_settings: Settings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    token = token_for(app_settings, RATNA)
    clock_file = tmp_path / "clock"
    clock.set_offset(clock_file, 16 * 60)
    monkeypatch.setenv("CLOCK_FILE", str(clock_file))
    page = client.get(f"/dasbor/masuk/{token}")
    assert page.status_code == 410 and "kedaluwarsa" in page.text


def test_pages_of_her_own_kelompok_and_403_for_another_pendamping(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    known = ids(app_settings)
    table = client.get(f"/dasbor/kelompok/{known['Nusa Indah']}")
    assert table.status_code == 200 and "Lilis Suryani" in table.text and "<svg" in table.text
    kpm = client.get(f"/dasbor/kpm/{known[LILIS]}")
    assert kpm.status_code == 200 and kpm.text.count("<svg") >= 2 and "Rp85.000" in kpm.text
    assert client.get(f"/dasbor/kpm/{known[NENENG]}").status_code == 403
    assert client.get(f"/dasbor/kelompok/{known['Sri Rejeki']}").status_code == 403
    assert client.get("/dasbor/kpm/999999").status_code == 404
    sorted_page = client.get(f"/dasbor/kelompok/{known['Nusa Indah']}?urut=penjualan&arah=turun&tampil=aktif")
    assert sorted_page.status_code == 200 and "Lilis Suryani" in sorted_page.text
    assert "Cucu Sumarni" not in sorted_page.text  # she has not recorded


def test_downloads_hold_the_rows(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    group = ids(app_settings)["Nusa Indah"]
    text = client.get(f"/dasbor/kelompok/{group}/unduh.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["nama"] for r in rows] == ["Cucu Sumarni", "Imas Masitoh", "Lilis Suryani"]
    assert rows[2]["penjualan_bulan_ini"] == "85000" and rows[2]["no_hp"] == LILIS
    book = load_workbook(io.BytesIO(client.get(f"/dasbor/kelompok/{group}/unduh.xlsx").data))
    values = list(book.active.iter_rows(values_only=True))
    assert values[0][0] == "nama" and values[3][:2] == ("Lilis Suryani", LILIS) and values[3][4] == 85000


def test_a_note_is_written_with_csrf_and_audited_and_refused_without(
    client: FlaskClient, app_settings: Settings
) -> None:
    sign_in(client, app_settings, RATNA)
    lilis = ids(app_settings)[LILIS]
    page = client.get(f"/dasbor/kpm/{lilis}")
    refused = client.post(f"/dasbor/kpm/{lilis}/catatan", data={"catatan": "tanpa token"})
    assert refused.status_code == 400
    done = client.post(f"/dasbor/kpm/{lilis}/catatan", data={"catatan": "Mau ikut PENA", "csrf_token": csrf(page.text)})
    assert done.status_code == 302
    assert "Mau ikut PENA" in client.get(f"/dasbor/kpm/{lilis}").text
    with session_scope(app_settings.database_url) as session:
        note = session.scalars(select(PendampingNote)).one()
        entry = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "pendamping_note")).one()
        assert (entry.actor, entry.action, entry.row_id, entry.kpm_id) == (RATNA, "create", str(note.id), lilis)
        assert entry.before is None and json.loads(entry.after or "{}")["text"] == "Mau ikut PENA"


def test_a_koordinator_reads_her_area_and_changes_nothing(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, SRI)
    known = ids(app_settings)
    area = client.get("/dasbor/")
    assert area.status_code == 200 and "Ratna Sari" in area.text and "Wulan Purnama" not in area.text
    kpm = client.get(f"/dasbor/kpm/{known[LILIS]}")
    assert kpm.status_code == 200 and "Tambah catatan" not in kpm.text
    post = client.post(f"/dasbor/kpm/{known[LILIS]}/catatan", data={"catatan": "x", "csrf_token": csrf(kpm.text)})
    assert post.status_code == 403
    assert client.get(f"/dasbor/kpm/{known[NENENG]}").status_code == 403


def test_language_is_chosen_per_user_and_audited(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    page = client.get("/dasbor/")
    moved = client.post("/dasbor/bahasa", data={"bahasa": "en", "next": "/dasbor/", "csrf_token": csrf(page.text)})
    assert moved.status_code == 302 and moved.headers["Location"] == "/dasbor/"
    english = client.get("/dasbor/").text
    assert "Hello, Ratna Sari" in english and "IDR85,000" in english
    with session_scope(app_settings.database_url) as session:
        assert session.get(WebPreference, RATNA).language == "en"  # type: ignore[union-attr]
        assert session.scalars(select(AuditEntry.table_name).where(AuditEntry.action == "create")).all() == [
            "web_preference"
        ]
    outside = client.post(
        "/dasbor/bahasa", data={"bahasa": "su", "next": "https://evil.example", "csrf_token": csrf(english)}
    )
    assert outside.headers["Location"] == "/dasbor/"


def test_logout_ends_the_session_and_a_working_day_ends_it_too(
    client: FlaskClient, app_settings: Settings, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, app_settings, RATNA)
    page = client.get("/dasbor/")
    out = client.post("/dasbor/keluar", data={"csrf_token": csrf(page.text)})
    assert out.status_code == 302 and out.headers["Location"].endswith("/dasbor/keluar")
    assert client.get("/dasbor/").status_code == 302
    sign_in(client, app_settings, RATNA)
    assert client.get("/dasbor/").status_code == 200
    clock_file = tmp_path / "clock"
    clock.set_offset(clock_file, 10 * 3600 + 60)
    monkeypatch.setenv("CLOCK_FILE", str(clock_file))
    assert client.get("/dasbor/").status_code == 302


def test_the_webhook_and_the_nlg_endpoint_need_no_csrf_token(client: FlaskClient) -> None:
    # Refused for their own reasons (signature, token), never for a missing CSRF token.
    assert client.post("/webhooks/whatsapp", data={"Body": "halo"}).status_code == 403
    assert client.post("/webhooks/whatsapp/status", data={}).status_code == 403
    assert client.post("/nlg", json={}).status_code in (401, 403)


def test_charts_escape_their_labels_and_scale_to_round_numbers() -> None:
    from bot.dashboard.svg import nice_max, sparkline, weekly_chart

    assert [nice_max(v) for v in (0, 7, 10, 11, 180_000, 250_001, 999_999)] == [
        1,
        10,
        10,
        20,
        200_000,
        500_000,
        1_000_000,
    ]
    spark = str(sparkline([0, 5, 10], "<b>x</b>"))
    assert spark.startswith("<svg") and "<b>" not in spark and "&lt;b&gt;" in spark
    chart = str(weekly_chart([date(2026, 11, 30), date(2026, 12, 7)], [10, 20], [5, 0], "t", str, lambda d: "M"))
    assert chart.count("<rect") == 2 and "<polyline" in chart


def test_the_cli_writes_the_same_kelompok_table(app_settings: Settings, tmp_path: Path) -> None:
    runner = create_app(app_settings).test_cli_runner()
    out = tmp_path / "nusa.csv"
    result = runner.invoke(args=["roster", "report", "--kelompok", "Nusa Indah", "--out", str(out)])
    assert result.exit_code == 0 and "Wrote 3 rows" in result.output, result.output
    rows = {r["nama"]: r for r in csv.DictReader(out.open())}
    assert rows["Lilis Suryani"]["penjualan_bulan_ini"] == "85000"
    missing = runner.invoke(args=["roster", "report", "--kelompok", "Tidak Ada", "--out", str(out)])
    assert missing.exit_code != 0 and "no kelompok" in missing.output


def test_behind_https_the_sign_in_post_passes_the_referer_check(client: FlaskClient, app_settings: Settings) -> None:
    """Flask-WTF checks a secure POST's Referer: the confirm page lets the browser send it to us."""
    token = token_for(app_settings, RATNA)
    https = {"base_url": "https://pkh.example.org"}
    page = client.get(f"/dasbor/masuk/{token}", **https)
    assert page.headers["Referrer-Policy"] == "same-origin"
    data = {"csrf_token": csrf(page.text)}
    refused = client.post(f"/dasbor/masuk/{token}", data=data, **https)
    assert refused.status_code == 400  # no Referer at all: refused, as Flask-WTF does behind https
    referer = {"Referer": f"https://pkh.example.org/dasbor/masuk/{token}"}
    done = client.post(f"/dasbor/masuk/{token}", data=data, headers=referer, **https)
    assert done.status_code == 302 and client.get("/dasbor/", **https).status_code == 200


def test_the_table_shows_her_pena_check_and_whether_the_weekly_message_reaches_her(
    client: FlaskClient, app_settings: Settings
) -> None:
    known = ids(app_settings)
    answered = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    with session_scope(app_settings.database_url) as session:
        session.add(
            PenaAnswer(
                kpm_id=known[LILIS],
                age=30,
                business="gorengan",
                willing=True,
                vulnerable=False,
                eligible=True,
                answered_at=answered,
            )
        )
        opt_out(session, "+6281340000013", "test")  # Imas stopped our messages
    sign_in(client, app_settings, RATNA)
    text = client.get(f"/dasbor/kelompok/{known['Nusa Indah']}/unduh.csv").data.decode("utf-8-sig")
    rows = {r["nama"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["Lilis Suryani"]["pena"], rows["Lilis Suryani"]["pena_tanggal"]) == ("eligible_willing", "2026-11-20")
    assert rows["Cucu Sumarni"]["pena"] == "" and rows["Cucu Sumarni"]["pesan_mingguan"] == "on"
    assert rows["Imas Masitoh"]["pesan_mingguan"] == "stopped"
    page = client.get(f"/dasbor/kelompok/{known['Nusa Indah']}").text
    assert "memenuhi syarat, bersedia" in page and "ia berhenti menerima pesan" in page


def test_her_entries_download_with_their_corrections(client: FlaskClient, app_settings: Settings) -> None:
    known = ids(app_settings)
    with session_scope(app_settings.database_url) as session:
        entry = session.scalar(select(LedgerEntry).where(LedgerEntry.kpm_id == known[LILIS]))
        assert entry is not None
        service.correct(session, known[LILIS], entry.id, 90_000, "kpm", "SMfix1")
    sign_in(client, app_settings, RATNA)
    text = client.get(f"/dasbor/kpm/{known[LILIS]}/unduh.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["jenis"], r["jumlah"]) for r in rows] == [("sale", "90000")]
    assert rows[0]["koreksi"].startswith("update 85000->90000")
    book = load_workbook(io.BytesIO(client.get(f"/dasbor/kpm/{known[LILIS]}/unduh.xlsx").data))
    first = next(book.active.iter_rows(min_row=2, values_only=True))
    assert first[1:3] == ("sale", 90000)
    assert client.get(f"/dasbor/kpm/{known[NENENG]}/unduh.csv").status_code == 403


def test_the_overview_downloads_per_kelompok_for_her_and_for_her_koordinator(
    client: FlaskClient, app_settings: Settings
) -> None:
    sign_in(client, app_settings, RATNA)
    mine = list(csv.DictReader(io.StringIO(client.get("/dasbor/ringkasan/unduh.csv").data.decode("utf-8-sig"))))
    assert {r["pendamping"] for r in mine} == {"Ratna Sari"}
    nusa = next(r for r in mine if r["kelompok"] == "Nusa Indah")
    assert (nusa["anggota"], nusa["mencatat_minggu_ini"]) == ("3", "1")  # Lilis recorded today
    assert sum(int(r["penjualan_bulan_ini"] or 0) for r in mine) == 85_000
    client.post("/dasbor/keluar", data={"csrf_token": csrf(client.get("/dasbor/").text)})
    sign_in(client, app_settings, SRI)
    book = load_workbook(io.BytesIO(client.get("/dasbor/ringkasan/unduh.xlsx").data))
    names = {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert "Ratna Sari" in names and "Wulan Purnama" not in names
