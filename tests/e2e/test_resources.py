"""The resource map through the signed webhook: a resource added through the service is answered at
once (no retraining), an inactive one never; "what is PENA" stays with the knowledge entries."""

from __future__ import annotations

import pytest
import yaml

from bot.config import ROOT
from bot.db import session_scope
from bot.knowledge.content import load
from bot.resources.service import add_resource, deactivate_resource, list_resources
from devtools.runner import Stack
from tests.e2e.chat import say

pytestmark = pytest.mark.e2e

KPM_LIKE = "+6285799991201"  # unknown numbers: the map is for anyone who asks
SUNDANESE = "+6285799991202"
ENGLISH = "+6285799991203"
NOTHING_YET = "+6285799991204"

# Asked the way people write, and NOT training examples (test_questions_are_not_training_examples).
INDONESIAN = ["mau pelatihan/modal usaha kemana", "ada pelatihan usaha di dekat sini?", "pinjaman modal usaha dimana"]
SUNDANESE_Q = "upami bade ngiring palatihan usaha di caket dieu, ka mana nya?"
ENGLISH_Q = "where could I find a training course for my small business around here?"
PENA_Q = "bu, PENA teh program naon sih? baru denger"


def add(stack: Stack, **values: object) -> int:
    with session_scope(stack.settings.database_url) as session:
        return add_resource(session, values, by="e2e").id


@pytest.fixture(scope="module")
def resources(stack: Stack) -> dict[str, int]:
    with session_scope(stack.settings.database_url) as session:
        assert list_resources(session, include_inactive=True) == [], "another test left resources behind"
    ids = {
        "training": add(
            stack,
            name="Rumah Pelatihan Usaha Uji",
            offers="Pelatihan olahan makanan dan pengemasan, gratis.",
            kinds="pelatihan",
            eligibility="KPM yang punya usaha",
            contact="Bu Uji 0800-1111-2222",
            kecamatan="Kiaracondong",
            kota="Bandung",
        ),
        "capital": add(stack, name="Koperasi Modal Uji", offers="Pinjaman modal bunga rendah.", kinds="modal|koperasi"),
        "closed": add(stack, name="Program Lama Tutup", offers="Pelatihan yang sudah selesai.", kinds="pelatihan"),
    }
    with session_scope(stack.settings.database_url) as session:
        deactivate_resource(session, ids["closed"], by="e2e")
    return ids


def test_questions_are_not_training_examples() -> None:
    data = yaml.safe_load((ROOT / "data" / "nlu" / "resources.yml").read_text())
    examples = {line[2:].strip().lower() for line in data["nlu"][0]["examples"].splitlines() if line.strip()}
    examples |= {q.lower() for entry in load().values() for q in entry.questions}
    assert not {q.lower() for q in [*INDONESIAN, SUNDANESE_Q, ENGLISH_Q, PENA_Q]} & examples


@pytest.mark.parametrize("question", INDONESIAN)
def test_added_resource_is_answered_without_retraining(stack: Stack, resources: dict[str, int], question: str) -> None:
    reply = say(stack, KPM_LIKE, question)
    assert reply.status == 200
    assert "Program Lama Tutup" not in reply.text
    if "modal" in question and "pelatihan" not in question:
        assert "Koperasi Modal Uji" in reply.text and "Rumah Pelatihan Usaha Uji" not in reply.text, reply.text
    else:
        assert "Rumah Pelatihan Usaha Uji" in reply.text, reply.text
        assert "☎️ Kontak: Bu Uji 0800-1111-2222" in reply.text


def test_a_resource_added_later_appears_and_a_deactivated_one_disappears(
    stack: Stack, resources: dict[str, int]
) -> None:
    new = add(stack, name="Sertifikasi Halal Uji", offers="Pendampingan sertifikat halal.", kinds="halal")
    reply = say(stack, KPM_LIKE, "ngurus sertifikat halal buat keripik di daerah sini kemana ya")
    assert "Sertifikasi Halal Uji" in reply.text, reply.text
    with session_scope(stack.settings.database_url) as session:
        deactivate_resource(session, new, by="e2e")
    reply = say(stack, KPM_LIKE, "ngurus sertifikat halal buat keripik di daerah sini kemana ya")
    assert "Sertifikasi Halal Uji" not in reply.text
    assert "belum punya catatan tempat sertifikasi (PIRT/halal)" in reply.text, reply.text
    assert "Tanyakan ke pendamping PKH" in reply.text


def test_sundanese_and_english(stack: Stack, resources: dict[str, int]) -> None:
    say(stack, SUNDANESE, "ganti basa sunda")
    reply = say(stack, SUNDANESE, SUNDANESE_Q)
    assert "Tempat palatihan anu kacatet" in reply.text and "Rumah Pelatihan Usaha Uji" in reply.text, reply.text
    say(stack, ENGLISH, "english please")
    reply = say(stack, ENGLISH, ENGLISH_Q)
    assert "Places for training" in reply.text and "Rumah Pelatihan Usaha Uji" in reply.text, reply.text
    assert "Program Lama Tutup" not in reply.text


def test_what_pena_is_stays_with_knowledge(stack: Stack, resources: dict[str, int]) -> None:
    reply = say(stack, NOTHING_YET, PENA_Q)
    assert load()["pena_apa_itu"].text("id").splitlines()[0] in reply.text, reply.text
    assert "Rumah Pelatihan Usaha Uji" not in reply.text
