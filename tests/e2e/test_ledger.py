"""Bookkeeping by chat through the signed webhook and the real model; numbers checked in the database."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import select

from bot.db import session_scope
from bot.ledger import service
from bot.ledger.chart import SIZE_PX
from bot.ledger.models import LedgerChange, LedgerEntry
from bot.roster.importer import import_roster
from devtools.runner import Stack
from devtools.simulator import inbound_form, post_signed, twiml_media
from tests.e2e.chat import flask_cli, say

pytestmark = pytest.mark.e2e

EUIS = "+6281220000003"  # Melati, nasi uduk
DEWI = "+6281220000004"  # Mawar
NINING = "+6281220000005"  # Melati, seblak
YATI = "+6281220000006"  # Mawar, lotek
AI = "+6281220000007"  # Mawar, es teh
TUTI = "+6281220000011"  # kelompok Melinjo, registered by the summary test alone


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def live_entries(stack: Stack, phone: str) -> list[tuple[str, int, date]]:
    with session_scope(stack.settings.database_url) as session:
        kpm_id = service.kpm_id_for(session, phone)
        rows = session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.kpm_id == kpm_id, LedgerEntry.deleted_at.is_(None))
            .order_by(LedgerEntry.id)
        ).all()
        return [(r.kind, r.amount, r.entry_date) for r in rows]


def test_sale_is_recorded_and_read_back_in_full_digits(stack: Stack) -> None:
    reply = say(stack, EUIS, "laku gorengan 85rb")
    assert "Sudah dicatat" in reply.text
    assert "Penjualan (gorengan) Rp85.000, hari ini" in reply.text
    assert live_entries(stack, EUIS) == [("sale", 85000, today())]
    # Twilio repeats the same message: still one entry.
    again = say(stack, EUIS, "laku gorengan 85rb", sid=reply.sid)
    assert again.texts == reply.texts
    assert live_entries(stack, EUIS) == [("sale", 85000, today())]


def test_two_items_and_a_named_day(stack: Stack) -> None:
    reply = say(stack, DEWI, "kmrn laku 200rb, belanja bahan 75rb")
    yesterday = today() - timedelta(days=1)
    assert "Penjualan Rp200.000, kemarin" in reply.text and "Belanja (bahan) Rp75.000, kemarin" in reply.text
    assert live_entries(stack, DEWI) == [("sale", 200000, yesterday), ("expense", 75000, yesterday)]


def test_unsure_amount_is_asked_then_confirmed(stack: Stack) -> None:
    ask = say(stack, NINING, "laku seblak 85")
    assert "Rp85.000" in ask.text and "Betul" in ask.text
    assert live_entries(stack, NINING) == []
    done = say(stack, NINING, "iya betul")
    assert "Sudah dicatat" in done.text
    assert live_entries(stack, NINING) == [("sale", 85000, today())]


def test_implausible_sale_is_asked_and_can_be_refused(stack: Stack) -> None:
    ask = say(stack, NINING, "alhamdulillah laku 9jt")
    assert "Rp9.000.000" in ask.text and "Betul" in ask.text
    refused = say(stack, NINING, "bukan")
    assert "tidak saya catat" in refused.text
    assert [e for e in live_entries(stack, NINING) if e[1] == 9_000_000] == []


def test_unknown_kind_is_asked_with_numbers(stack: Stack) -> None:
    ask = say(stack, YATI, "tadi 50 ribu")
    assert "*penjualan* atau *belanja*" in ask.text
    done = say(stack, YATI, "2")
    assert "Belanja Rp50.000" in done.text
    assert live_entries(stack, YATI) == [("expense", 50000, today())]


def test_correct_and_undo_keep_an_audit_trail(stack: Stack) -> None:
    say(stack, AI, "laku es teh 15rb")
    fixed = say(stack, AI, "salah, bukan 15rb tapi 25rb")
    assert "Rp15.000 → *Rp25.000*" in fixed.text
    assert live_entries(stack, AI) == [("sale", 25000, today())]
    removed = say(stack, AI, "hapus yang tadi")
    assert "Sudah dihapus" in removed.text and "Rp25.000" in removed.text
    assert live_entries(stack, AI) == []
    with session_scope(stack.settings.database_url) as session:
        changes = session.scalars(select(LedgerChange).order_by(LedgerChange.id)).all()
        mine = [(c.action, c.old_amount, c.new_amount, c.changed_by) for c in changes if c.changed_by == AI]
    assert mine == [("update", 15000, 25000, AI), ("delete", 25000, None, AI)]


def test_correction_naming_the_old_amount_changes_that_entry(stack: Stack) -> None:
    say(stack, YATI, "laku lotek 350rb")
    say(stack, YATI, "belanja sayur 85rb")
    fixed = say(stack, YATI, "salah, bukan 350rb tapi 300rb")
    assert "Rp350.000 → *Rp300.000*" in fixed.text
    assert [e[:2] for e in live_entries(stack, YATI)][-2:] == [("sale", 300000), ("expense", 85000)]


@pytest.mark.parametrize("text", ["laku -50rb", "laku 1234567890123456789012345678901234567890"])
def test_garbage_amounts_get_a_question_never_an_entry(stack: Stack, text: str) -> None:
    phone = "+6281220000002"  # Siti, who records nothing elsewhere
    reply = say(stack, phone, text)
    assert "tidak bisa saya catat" in reply.text or "Berapa jumlahnya" in reply.text
    assert live_entries(stack, phone) == []


def test_unknown_number_is_told_to_register_and_nothing_is_stored(stack: Stack) -> None:
    reply = say(stack, "+6285700000301", "laku gorengan 85rb")
    assert "hanya untuk Ibu peserta PKH yang sudah terdaftar" in reply.text
    with session_scope(stack.settings.database_url) as session:
        assert session.scalar(select(LedgerEntry).where(LedgerEntry.source_sid == reply.sid)) is None


def test_summary_numbers_match_the_database(stack: Stack) -> None:
    phone = "+6281220000001"  # a pendamping has no ledger: refused
    assert "hanya untuk Ibu peserta PKH" in say(stack, phone, "rekap hari ini").text
    # A KPM in a kelompok of her own, registered here: every entry she has is one this test made.
    roster = "nama,no_hp,peran,kelompok,tanggal_lahir,usaha\nTuti Handayani,081220000011,kpm,Melinjo,,warung\n"
    with session_scope(stack.settings.database_url) as session:
        assert service.kpm_id_for(session, TUTI) is None
        assert import_roster(session, roster.encode()).ok
    day = today()
    month_start = day.replace(day=1)
    last_month_start = (month_start - timedelta(days=1)).replace(day=1)
    with session_scope(stack.settings.database_url) as session:
        kpm_id = service.kpm_id_for(session, TUTI)
        assert kpm_id is not None
        service.record(session, kpm_id, "SMseed-tuti-1", last_month_start, [service.NewItem("sale", 60000)])
        service.record(session, kpm_id, "SMseed-tuti-2", month_start, [service.NewItem("sale", 40000)])
    assert "Sudah dicatat" in say(stack, TUTI, "laku gorengan 85rb").text
    assert "Sudah dicatat" in say(stack, TUTI, "belanja bahan 30rb").text
    assert live_entries(stack, TUTI) == [
        ("sale", 60000, last_month_start),
        ("sale", 40000, month_start),
        ("sale", 85000, day),
        ("expense", 30000, day),
    ]
    reply = say(stack, TUTI, "untung bulan ini brp")
    assert "Rekap bulan ini" in reply.text
    # This month: sold 40.000 + 85.000, spent 30.000. Last month's 60.000 is only compared with.
    assert "Penjualan: Rp125.000\n" in reply.text
    assert "Belanja: Rp30.000\n" in reply.text
    assert "Sisa: *Rp95.000*" in reply.text
    # Up 125.000 - 60.000 = 65.000 on the first days of last month, 65/60 = 108%.
    assert "Dibanding bulan lalu, penjualan *naik* Rp65.000 (108%)" in reply.text


def test_chart_is_a_phone_sized_png_behind_an_unguessable_url(stack: Stack) -> None:
    reply = say(stack, EUIS, "kirim grafik jualan dong")
    assert "Grafik penjualan dan belanja 7 hari terakhir" in reply.text
    form = inbound_form(stack.settings, EUIS, "grafik")
    resp = post_signed(stack.settings, f"http://127.0.0.1:{stack.settings.port}", "/webhooks/whatsapp", form)
    (url,) = twiml_media(resp.text)
    assert url.startswith(stack.settings.public_base_url + "/media/")
    token_path = url.removeprefix(stack.settings.public_base_url)
    image = requests.get(f"http://127.0.0.1:{stack.settings.port}{token_path}", timeout=10)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(image.content))
    assert picture.format == "PNG" and picture.size == SIZE_PX
    guessed = requests.get(f"http://127.0.0.1:{stack.settings.port}/media/not-a-token.png", timeout=10)
    assert guessed.status_code == 404


def test_transactions_api_needs_the_admin_token(stack: Stack) -> None:
    say(stack, DEWI, "belanja gas 3kg 22.000")
    base = f"http://127.0.0.1:{stack.settings.port}/api/v1/kpm/081220000004/transactions"
    day = today()
    params = {"from": (day - timedelta(days=2)).isoformat(), "to": day.isoformat()}
    assert requests.get(base, params=params, timeout=10).status_code == 401
    assert requests.get(base, params=params, headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 401
    resp = requests.get(
        base, params=params, headers={"Authorization": f"Bearer {stack.settings.admin_token}"}, timeout=10
    )
    assert resp.status_code == 200
    body = resp.json()
    assert {"id", "date", "kind", "amount", "note"} == set(body[0])
    assert [(e["kind"], e["amount"]) for e in body] == [(k, a) for k, a, _ in live_entries(stack, DEWI)]
    bad = requests.get(
        base,
        params={"from": "kemarin", "to": day.isoformat()},
        headers={"Authorization": f"Bearer {stack.settings.admin_token}"},
        timeout=10,
    )
    assert bad.status_code == 400


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_kelompok_export_matches_the_database_cell_by_cell(stack: Stack, tmp_path: Path, suffix: str) -> None:
    day = today()
    out = tmp_path / f"mawar.{suffix}"
    result = flask_cli(
        stack,
        "ledger",
        "export",
        "--kelompok",
        "Mawar",
        "--from",
        (day - timedelta(days=40)).isoformat(),
        "--to",
        day.isoformat(),
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    if suffix == "csv":
        rows = list(csv.reader(out.open(encoding="utf-8")))
    else:
        rows = [[("" if c is None else c) for c in r] for r in load_workbook(out).active.iter_rows(values_only=True)]
    header, data = rows[0], rows[1:]
    assert header == ["id", "tanggal", "nama", "no_hp", "kelompok", "jenis", "jumlah", "catatan"]
    with session_scope(stack.settings.database_url) as session:
        expected = []
        for phone, name in ((DEWI, "Dewi Lestari"), (AI, "Ai Nurhayati"), (YATI, "Yati Rohayati")):
            kpm_id = service.kpm_id_for(session, phone)
            for _, e in service.entries(session, [kpm_id], day - timedelta(days=40), day):
                kind = {"sale": "penjualan", "expense": "belanja"}[e.kind]
                expected.append([e.id, e.date.isoformat(), name, phone, "Mawar", kind, e.amount, e.note])
    expected.sort(key=lambda r: (r[2], r[1], r[0]))
    got = [[int(r[0]), str(r[1])[:10], r[2], r[3], r[4], r[5], int(r[6]), r[7]] for r in data]
    assert got == expected and len(got) >= 3
    assert f"{len(expected)} entries written" in result.stdout
