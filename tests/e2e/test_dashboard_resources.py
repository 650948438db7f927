"""The resource map on the dashboard end to end, in Debian's Chromium on the real stack: a pendamping
signs in by the link from the outbox, adds a resource of her kecamatan through the form, and a KPM
of her kelompok asking on WhatsApp gets it at once (no retraining); her edit shows in the next
answer, and after she deactivates it it is gone. A refused form keeps what she typed and says why by
field; a koordinator's POST answers 403; a POST without its CSRF token 400.

Screenshots at 360x740 go to tests/artifacts/dashboard/ (sumber-*.png; not compared).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, select

from bot.config import ROOT
from bot.db import session_scope
from bot.resources.models import LocalResource
from bot.resources.service import add_resource
from bot.roster.importer import import_roster
from devtools.runner import Stack
from tests.e2e.chat import say
from tests.e2e.test_dashboard import PHONE_SIZE, base, shot, sign_in

pytestmark = pytest.mark.e2e

ROSTER = ROOT / "tests" / "data" / "roster_dashboard_resources.csv"
DEWI, EUIS, NINING = "+6281361000001", "+6281361000002", "+6281361000011"  # pendamping, koordinator, KPM (Sukajadi)
QUESTION = "mau pelatihan usaha kemana"
NAME = "Pelatihan Kue Basah Sukajadi"


@pytest.fixture(scope="module")
def seeded(stack: Stack) -> Iterator[Stack]:
    """Her roster; afterwards the resources this module added are deleted (test_resources.py expects an
    empty map; the audit entries stay, as they would)."""
    with session_scope(stack.settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
        before = set(session.scalars(select(LocalResource.id)))
    yield stack
    with session_scope(stack.settings.database_url) as session:
        session.execute(delete(LocalResource).where(LocalResource.id.not_in(before)))


@pytest.fixture()
def phone_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE_SIZE, locale="id-ID")
    yield context.new_page()
    context.close()


def resource_id(stack: Stack, name: str) -> int:
    with session_scope(stack.settings.database_url) as session:
        found = session.scalar(select(LocalResource.id).where(LocalResource.name == name))
        assert found is not None, name
        return found


def csrf_token(page) -> str:  # type: ignore[no-untyped-def]
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    assert token
    return token


def test_a_pendamping_keeps_the_map_and_the_assistant_answers_from_it(seeded: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = seeded, phone_page
    sign_in(stack, page, DEWI)
    page.click("nav >> text=Sumber daya")
    page.wait_for_url(base(stack) + "/dasbor/sumber")
    shot(page, "sumber-1-table")

    # A form with its required parts missing: refused kindly, by field, and nothing she typed is lost.
    page.click("#tambah")
    assert page.input_value("#f-kecamatan") == "Sukajadi" and page.input_value("#f-kota") == "Bandung"
    page.fill("#f-nama", NAME)
    page.fill("#f-kontak", "Bu Tati 0800-5555-0001")
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        page.click("button:has-text('Simpan')")
    assert refused.value.status == 422
    assert page.locator("[role=alert]").inner_text().startswith("Belum disimpan")
    assert page.locator("#err-menawarkan").inner_text() == "Wajib diisi"  # as she sees it (CSS capitalises)
    assert "paling sedikit satu jenis" in page.locator("#err-jenis").inner_text()
    assert page.input_value("#f-nama") == NAME and page.input_value("#f-kontak") == "Bu Tati 0800-5555-0001"
    assert page.input_value("#f-kecamatan") == "Sukajadi"
    shot(page, "sumber-2-form-errors")

    page.fill("#f-menawarkan", "Pelatihan kue basah dan pengemasan, gratis, tiap Sabtu.")
    page.check("input[name=jenis][value=pelatihan]")
    page.fill("#f-syarat", "KPM yang berjualan makanan")
    page.fill("#f-alamat", "Balai RW 03")
    page.click("button:has-text('Simpan')")
    page.wait_for_url(f"{base(stack)}/dasbor/sumber#sumber-*")
    new = resource_id(stack, NAME)
    row = page.locator(f"#sumber-{new}")
    assert "ditambahkan" in page.locator(".notice").inner_text()
    assert NAME in row.inner_text() and "Bu Tati 0800-5555-0001" in row.inner_text()
    shot(page, "sumber-3-added")

    # Her KPM asks on WhatsApp: the new resource is in the answer, with no retraining.
    reply = say(stack, NINING, QUESTION)
    assert NAME in reply.text and "Bu Tati 0800-5555-0001" in reply.text, reply.text

    # She changes the contact; the next answer has the new one.
    row.locator("a:has-text('Ubah')").click()
    page.wait_for_url(f"{base(stack)}/dasbor/sumber/{new}/ubah")
    page.fill("#f-kontak", "Pak Asep 0800-5555-0002")
    shot(page, "sumber-4-edit")
    page.click("button:has-text('Simpan')")
    page.wait_for_url(f"{base(stack)}/dasbor/sumber#sumber-*")
    assert "disimpan" in page.locator(".notice").inner_text()
    reply = say(stack, NINING, QUESTION)
    assert "Pak Asep 0800-5555-0002" in reply.text and "Bu Tati" not in reply.text, reply.text

    # A POST without its CSRF token, with her session: refused.
    assert page.request.post(f"{base(stack)}/dasbor/sumber/{new}/nonaktifkan", form={}).status == 400

    # She deactivates it: gone from the answer, still in her table as inactive.
    page.goto(f"{base(stack)}/dasbor/sumber/{new}/ubah")
    page.click("#nonaktifkan")
    page.wait_for_url(f"{base(stack)}/dasbor/sumber#sumber-*")
    assert "Nonaktif" in page.locator(f"#sumber-{new}").inner_text()
    reply = say(stack, NINING, QUESTION)
    assert reply.status == 200 and NAME not in reply.text, reply.text


def test_a_koordinator_reads_the_map_and_her_posts_answer_403(seeded: Stack, phone_page) -> None:  # type: ignore[no-untyped-def]
    stack, page = seeded, phone_page
    with session_scope(stack.settings.database_url) as session:
        values = {"name": "Koperasi Wanita Sukajadi", "offers": "Simpan pinjam untuk anggota.", "kinds": "koperasi",
                  "kecamatan": "Sukajadi", "kota": "Bandung"}  # fmt: skip
        rid = add_resource(session, values, by="e2e").id
    sign_in(stack, page, EUIS)
    page.goto(base(stack) + "/dasbor/sumber")
    assert page.locator(f"#sumber-{rid}").is_visible() and page.locator("#tambah").count() == 0
    assert page.locator(f"#sumber-{rid} a:has-text('Ubah')").count() == 0
    shot(page, "sumber-5-koordinator")
    token = csrf_token(page)
    new = {"csrf_token": token, "nama": "X", "menawarkan": "Y", "jenis": "pelatihan", "kecamatan": "Sukajadi"}
    assert page.request.post(base(stack) + "/dasbor/sumber/baru", form=new).status == 403
    assert page.request.post(f"{base(stack)}/dasbor/sumber/{rid}/nonaktifkan", form={"csrf_token": token}).status == 403
    assert page.goto(f"{base(stack)}/dasbor/sumber/{rid}/ubah").status == 403
    with session_scope(stack.settings.database_url) as session:
        row = session.get(LocalResource, rid)
        assert row is not None and row.active
        assert session.scalar(select(LocalResource).where(LocalResource.name == "X")) is None
