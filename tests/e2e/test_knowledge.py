"""Questions about P2K2, PKH, PENA, resources and boundaries, answered from data/knowledge in her language."""

from __future__ import annotations

import pytest

from bot.knowledge.content import load
from bot.runner import Stack
from tests.e2e.chat import say

pytestmark = pytest.mark.e2e

ASKER = "+6285799990010"  # an unknown number: knowledge is for everyone
SUNDANESE = "+6285799990011"


def first_line(key: str, lang: str = "id") -> str:
    return load()[key].text(lang).splitlines()[0]


# One question per area, taken from the entry's own examples: these tests check the path from
# WhatsApp to the rendered entry; accuracy on new phrasings is measured in bench/understanding.py.
AREAS = [
    "p2k2_s5_keuangan_keluarga",
    "p2k2_kebutuhan_vs_keinginan",
    "p2k2_mpasi_6_bulan",
    "p2k2_cuci_tangan",
    "pkh_komponen_anak_sekolah",
    "pkh_tahap_pencairan",
    "pkh_tidak_hadir_p2k2",
    "pkh_nama_tidak_ada_cekbansos",
    "pena_apa_itu",
    "pena_besaran_bantuan",
    "res_cek_lender_ojk",
    "boundary_minta_pinjaman_uang",
]


@pytest.mark.parametrize("key", AREAS)
def test_question_gets_the_entry_answer(stack: Stack, key: str) -> None:
    reply = say(stack, ASKER, load()[key].questions[0])
    assert first_line(key) in reply.text, reply.text


def test_p2k2_answer_names_its_session(stack: Stack) -> None:
    reply = say(stack, ASKER, load()["p2k2_tips_menabung_warung"].questions[0])
    assert "📘 P2K2" in reply.text


def test_time_sensitive_figures_carry_the_caution(stack: Stack) -> None:
    reply = say(stack, ASKER, load()["pkh_komponen_anak_sekolah"].questions[1])
    assert "Rp2.000.000" in reply.text
    assert "bisa berubah, tanyakan ke pendamping" in reply.text


def test_sundanese_speaker_gets_sundanese_knowledge(stack: Stack) -> None:
    say(stack, SUNDANESE, "ganti basa sunda")
    sundanese_question = next(q for q in load()["p2k2_s5_keuangan_keluarga"].questions if "kumaha" in q)
    reply = say(stack, SUNDANESE, sundanese_question)
    assert first_line("p2k2_s5_keuangan_keluarga", "su") in reply.text


def test_more_gives_the_next_part(stack: Stack) -> None:
    phone = "+6285799990012"
    first = say(stack, phone, load()["p2k2_s5_keuangan_keluarga"].questions[0])
    assert first_line("p2k2_s5_keuangan_keluarga") in first.text
    assert "Mau tahu lebih? Balas *lagi*." in first.text
    more = say(stack, phone, "lagi")
    assert first_line("p2k2_s6_meminjam_menabung") in more.text
