"""The resource map's pages in the Flask test client: the table and its filters, downloads that the
import reads back, the add and edit forms (errors by field in her language, nothing she typed lost),
deactivate and reactivate, who may change what, CSRF, the audit, and the chat's answer at once."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from bot import create_app
from bot.audit import AuditEntry
from bot.config import Settings
from bot.db import session_scope
from bot.resources import chat, editors
from bot.resources.area import Area
from bot.resources.csvfile import COLUMNS, import_resources, parse_resources
from bot.resources.service import Resource, add_resource, get_resource, list_resources
from bot.roster.access import viewer_for_phone
from bot.roster.identity import identify
from bot.roster.importer import import_roster
from tests.unit.test_dashboard_web import csrf, sign_in

DATA = Path(__file__).parent.parent / "data"
RATNA, WULAN, SRI = "+6281340000001", "+6281340000002", "+6281340000003"  # Cibeunying Kaler, Coblong, koordinator
LILIS = "+6281340000011"  # KPM of Ratna's Nusa Indah


def form(page_text: str, **values: Any) -> dict[str, Any]:
    """A complete form as the browser posts it, with the page's CSRF token."""
    base = {
        "nama": "Pelatihan Kue Kering Cibeunying",
        "menawarkan": "Pelatihan kue kering dan pengemasan, gratis.",
        "jenis": ["pelatihan"],
        "syarat": "KPM yang punya usaha makanan",
        "kontak": "Bu Ani 0800-1234-5678",
        "alamat": "Jl. Contoh No. 1",
        "kelurahan": "",
        "kecamatan": "Cibeunying Kaler",
        "kota": "Bandung",
    }
    return base | values | {"csrf_token": csrf(page_text)}


@pytest.fixture()
def app_settings(settings: Settings) -> Settings:
    with session_scope(settings.database_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), date(2026, 12, 1)).ok
        values = {"offers": "Contoh.", "kota": "Bandung"}
        add_resource(
            session,
            values | {"name": "Koperasi Cibeunying", "kinds": "koperasi|modal", "kecamatan": "Cibeunying Kaler"},
            by="cli import",
        )
        add_resource(
            session, values | {"name": "Bazar Coblong", "kinds": "pemasaran", "kecamatan": "Coblong"}, by="cli import"
        )
        add_resource(session, values | {"name": "Dinas Koperasi Kota", "kinds": "pelatihan|pembinaan"}, by="cli import")
    return settings  # fmt: skip


@pytest.fixture()
def client(app_settings: Settings) -> FlaskClient:
    return create_app(app_settings).test_client()


def by_name(settings: Settings) -> dict[str, int]:
    with session_scope(settings.database_url) as session:
        return {r.name: r.id for r in list_resources(session, include_inactive=True)}


def key_of(settings: Settings, phone: str) -> str:
    """Her dashboard key (what the service stores as created_by/updated_by for her changes)."""
    with session_scope(settings.database_url) as session:
        viewer = viewer_for_phone(session, phone)
        assert viewer is not None
        return viewer.key


def audits(settings: Settings) -> list[AuditEntry]:
    with session_scope(settings.database_url) as session:
        found = list(session.scalars(select(AuditEntry).where(AuditEntry.table_name == "local_resource")))
        session.expunge_all()
        return found


def answer_for(settings: Settings, phone: str, text: str) -> str:
    with session_scope(settings.database_url) as session:
        outcome = chat.answer(session, identify(session, phone), text)
        return json.dumps([say.values for say in outcome.says], ensure_ascii=False)


# ---------------------------------------------------------------- who may change what (plain rule)


def test_the_rule_her_kecamatan_and_what_she_added() -> None:
    def make(**values: Any) -> Resource:
        base: dict[str, Any] = {
            "id": 1, "name": "x", "offers": "y", "kinds": ("pelatihan",), "eligibility": "", "contact": "",
            "address": "", "kelurahan": "", "kecamatan": "", "kota": "", "active": True, "created_by": "cli",
            "created_at": None, "updated_by": "cli", "updated_at": None,
        }  # fmt: skip
        return Resource(**(base | values))

    hers = Area(kecamatan="Cibeunying Kaler", kota="Bandung")
    me = "pendamping:1"
    assert editors.may_change(hers, me, make(kecamatan="Kec. cibeunying kaler", kota="Kota Bandung"))
    assert editors.may_change(hers, me, make(kecamatan="Cibeunying Kaler"))  # no city: still her kecamatan
    assert not editors.may_change(hers, me, make(kecamatan="Coblong", kota="Bandung"))
    assert not editors.may_change(hers, me, make(kecamatan="Cibeunying Kaler", kota="Cimahi"))
    assert not editors.may_change(hers, me, make(kota="Bandung"))  # a city office someone else added
    assert editors.may_change(hers, me, make(kota="Bandung", created_by=me))  # ...or one she added
    assert not editors.may_change(Area(), me, make(kecamatan="Coblong"))  # area unknown: only her own
    assert editors.may_change(Area(), me, make(kecamatan="Coblong", created_by=me))
    assert editors.outside(hers, Area(kecamatan="Coblong", kota="Cimahi")) == ["kecamatan", "kota"]
    assert editors.outside(hers, Area(kelurahan="Sukaluyu", kota="Bandung")) == []
    assert editors.outside(Area(), Area(kecamatan="Coblong")) == []


# ---------------------------------------------------------------- the table


def test_the_table_filters_and_marks_what_she_may_change(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    ids = by_name(app_settings)
    page = client.get("/dasbor/sumber")
    assert page.status_code == 200
    assert all(name in page.text for name in ids)
    assert 'aria-current="page">Sumber daya</a>' in page.text and 'id="tambah"' in page.text
    # Ubah only on her kecamatan's entry: Coblong is Wulan's, the city office is the dinas's.
    assert f"/dasbor/sumber/{ids['Koperasi Cibeunying']}/ubah" in page.text
    assert f"/dasbor/sumber/{ids['Bazar Coblong']}/ubah" not in page.text
    assert f"/dasbor/sumber/{ids['Dinas Koperasi Kota']}/ubah" not in page.text

    def names(query: str) -> set[str]:
        text = client.get("/dasbor/sumber" + query).text
        return {name for name in ids if name in text}

    assert names("?jenis=modal") == {"Koperasi Cibeunying"}
    assert names("?kecamatan=coblong") == {"Bazar Coblong"}
    assert names("?cari=dinas") == {"Dinas Koperasi Kota"}
    assert names("?jenis=pelatihan&kecamatan=Coblong") == set()
    assert names("?jenis=nonsense&tampil=nonsense") == set(ids)  # unknown values: no filter


def test_downloads_are_the_import_format_and_round_trip(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, SRI)  # a koordinator reads and downloads too
    response = client.get("/dasbor/sumber/unduh.csv?jenis=koperasi")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="sumber-daya-')
    data = response.data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["nama"] for r in rows] == ["Koperasi Cibeunying"] and rows[0]["jenis"] == "koperasi|modal"
    everything = client.get("/dasbor/sumber/unduh.csv").data
    parsed = parse_resources(everything)
    assert parsed.ok and len(parsed.rows) == 3
    with session_scope(app_settings.database_url) as session:
        again = import_resources(session, everything, by="test")
        assert again.ok and (again.created, again.updated) == (0, 0)  # unchanged
    book = load_workbook(io.BytesIO(client.get("/dasbor/sumber/unduh.xlsx?kecamatan=Coblong").data))
    values = list(book.active.iter_rows(values_only=True))
    assert list(values[0]) == list(COLUMNS) and values[1][0] == "Bazar Coblong" and values[1][-1] == "ya"


# ---------------------------------------------------------------- add, edit, deactivate


def test_she_adds_a_resource_audited_and_the_chat_answers_with_it(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    page = client.get("/dasbor/sumber/baru")
    assert page.status_code == 200
    assert 'value="Cibeunying Kaler"' in page.text and 'value="Bandung"' in page.text  # her area, prefilled
    done = client.post("/dasbor/sumber/baru", data=form(page.text, jenis=["pelatihan", "pemasaran"]))
    assert done.status_code == 302
    new_id = by_name(app_settings)["Pelatihan Kue Kering Cibeunying"]
    assert done.headers["Location"].endswith(f"/dasbor/sumber#sumber-{new_id}")
    table = client.get("/dasbor/sumber")
    assert "ditambahkan" in table.text and f"/dasbor/sumber/{new_id}/ubah" in table.text
    with session_scope(app_settings.database_url) as session:
        added = get_resource(session, new_id)
        assert added is not None and added.kinds == ("pelatihan", "pemasaran")
        assert added.created_by == key_of(app_settings, RATNA)
    (entry,) = audits(app_settings)
    assert (entry.actor, entry.actor_role, entry.action, entry.row_id) == (RATNA, "pendamping", "create", str(new_id))
    assert entry.before is None and json.loads(entry.after or "")["kinds"] == ["pelatihan", "pemasaran"]
    assert "Pelatihan Kue Kering Cibeunying" in answer_for(app_settings, LILIS, "mau pelatihan usaha kemana")


def test_a_refused_form_keeps_what_she_typed_and_says_why_by_field(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    page = client.get("/dasbor/sumber/baru")
    typed = form(page.text, menawarkan="  ", jenis=[], kontak="Pak Dedi <0812>", kecamatan="Coblong", syarat="y" * 1001)
    refused = client.post("/dasbor/sumber/baru", data=typed)
    assert refused.status_code == 422
    text = refused.text
    assert 'role="alert"' in text and "Belum disimpan" in text
    assert 'id="err-menawarkan">wajib diisi<' in text
    assert 'id="err-jenis">isi paling sedikit satu jenis' in text
    assert 'id="err-syarat">terlalu panjang (1001 huruf, paling banyak 1000)<' in text
    assert 'id="err-kecamatan">di luar wilayah Anda (Cibeunying Kaler, Bandung)' in text
    # What she typed is all there, escaped.
    assert 'value="Pelatihan Kue Kering Cibeunying"' in text and 'value="Pak Dedi &lt;0812&gt;"' in text
    assert 'value="Coblong"' in text and "y" * 1001 in text
    assert by_name(app_settings).keys() == {"Koperasi Cibeunying", "Bazar Coblong", "Dinas Koperasi Kota"}
    assert audits(app_settings) == []
    # The checkbox she ticked stays ticked; in English the reasons are English.
    client.post("/dasbor/bahasa", data={"bahasa": "en", "next": "/dasbor/sumber", "csrf_token": csrf(text)})
    english = client.post("/dasbor/sumber/baru", data=typed | {"menawarkan": "", "jenis": ["modal"]}).text
    assert 'id="err-menawarkan">required<' in english and "err-jenis" not in english
    assert 'value="modal" checked' in english
    assert "outside your area (Cibeunying Kaler, Bandung)" in english


def test_she_edits_deactivates_and_reactivates_each_audited(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    rid = by_name(app_settings)["Koperasi Cibeunying"]
    page = client.get(f"/dasbor/sumber/{rid}/ubah")
    assert page.status_code == 200 and 'value="Koperasi Cibeunying"' in page.text and "Nonaktifkan" in page.text
    values = form(page.text, nama="Koperasi Cibeunying", menawarkan="Contoh.", jenis=["koperasi", "modal"],
                  syarat="", kontak="Pak Ujang 0800-9", alamat="")  # fmt: skip
    assert client.post(f"/dasbor/sumber/{rid}/ubah", data=values).status_code == 302
    (edit,) = audits(app_settings)
    before, after = json.loads(edit.before or ""), json.loads(edit.after or "")
    assert (edit.action, before["contact"], after["contact"]) == ("update", "", "Pak Ujang 0800-9")
    assert before["kinds"] == after["kinds"] == ["koperasi", "modal"]
    assert after["updated_by"] == key_of(app_settings, RATNA)
    assert "Pak Ujang 0800-9" in answer_for(app_settings, LILIS, "pinjaman modal usaha dimana")
    # The same form again changes nothing and writes no audit entry.
    client.post(f"/dasbor/sumber/{rid}/ubah", data=values)
    assert len(audits(app_settings)) == 1 and "Tidak ada yang berubah" in client.get("/dasbor/sumber").text

    token = {"csrf_token": csrf(page.text)}
    assert client.post(f"/dasbor/sumber/{rid}/nonaktifkan", data=token).status_code == 302
    assert "dinonaktifkan" in client.get("/dasbor/sumber").text
    assert "Koperasi Cibeunying" not in answer_for(app_settings, LILIS, "pinjaman modal usaha dimana")
    assert "aktifkan" in client.get(f"/dasbor/sumber/{rid}/ubah").text
    assert client.post(f"/dasbor/sumber/{rid}/aktifkan", data=token).status_code == 302
    off, on = audits(app_settings)[1:]
    assert (json.loads(off.before or "")["active"], json.loads(off.after or "")["active"]) == (True, False)
    assert (json.loads(on.before or "")["active"], json.loads(on.after or "")["active"]) == (False, True)
    assert "Koperasi Cibeunying" in answer_for(app_settings, LILIS, "pinjaman modal usaha dimana")


def test_what_is_not_hers_to_change_answers_403_and_csrf_400(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, RATNA)
    ids = by_name(app_settings)
    page = client.get("/dasbor/sumber/baru")
    token = {"csrf_token": csrf(page.text)}
    for name in ("Bazar Coblong", "Dinas Koperasi Kota"):
        assert client.get(f"/dasbor/sumber/{ids[name]}/ubah").status_code == 403
        assert client.post(f"/dasbor/sumber/{ids[name]}/ubah", data=form(page.text)).status_code == 403
        assert client.post(f"/dasbor/sumber/{ids[name]}/nonaktifkan", data=token).status_code == 403
    assert client.get("/dasbor/sumber/999/ubah").status_code == 404
    # Without its CSRF token a form is refused before anything else.
    no_token = {k: v for k, v in form(page.text).items() if k != "csrf_token"}
    assert client.post("/dasbor/sumber/baru", data=no_token).status_code == 400
    own = ids["Koperasi Cibeunying"]
    assert client.post(f"/dasbor/sumber/{own}/nonaktifkan").status_code == 400
    # A city-wide entry she added herself is hers to change.
    client.post("/dasbor/sumber/baru", data=form(page.text, nama="Bazar Kota", kecamatan=""))
    mine = by_name(app_settings)["Bazar Kota"]
    assert client.get(f"/dasbor/sumber/{mine}/ubah").status_code == 200
    with session_scope(app_settings.database_url) as session:
        assert all(r.active for r in list_resources(session, include_inactive=True))


def test_a_koordinator_reads_the_map_and_changes_nothing(client: FlaskClient, app_settings: Settings) -> None:
    sign_in(client, app_settings, SRI)
    ids = by_name(app_settings)
    page = client.get("/dasbor/sumber")
    assert page.status_code == 200 and "Koperasi Cibeunying" in page.text and "Bazar Coblong" in page.text
    assert 'id="tambah"' not in page.text and "/ubah" not in page.text and "Hanya baca" in page.text
    token = {"csrf_token": csrf(page.text)}
    assert client.get("/dasbor/sumber/baru").status_code == 403
    assert client.post("/dasbor/sumber/baru", data=form(page.text)).status_code == 403
    rid = ids["Koperasi Cibeunying"]
    assert client.get(f"/dasbor/sumber/{rid}/ubah").status_code == 403
    assert client.post(f"/dasbor/sumber/{rid}/ubah", data=form(page.text)).status_code == 403
    assert client.post(f"/dasbor/sumber/{rid}/nonaktifkan", data=token).status_code == 403
    assert client.post(f"/dasbor/sumber/{rid}/aktifkan", data=token).status_code == 403
    assert audits(app_settings) == [] and len(by_name(app_settings)) == 3


def test_signed_out_the_map_sends_her_to_sign_in(client: FlaskClient) -> None:
    for path in ("/dasbor/sumber", "/dasbor/sumber/baru", "/dasbor/sumber/unduh.csv"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/dasbor/masuk")
