"""Questions about P2K2, PKH, PENA, resources and boundaries, answered from data/knowledge in her language."""

from __future__ import annotations

import pytest

from bot.knowledge.content import load
from devtools.runner import Stack
from tests.e2e.chat import say

pytestmark = pytest.mark.e2e

ASKER = "+6285799990010"  # an unknown number: knowledge is for everyone
SUNDANESE = "+6285799990011"


def first_line(key: str, lang: str = "id") -> str:
    return load()[key].text(lang).splitlines()[0]


# One question per area, asked the way a KPM writes and NOT taken from the entry's examples
# (test_paraphrases_are_not_training_examples keeps it so): the path from WhatsApp to the rendered
# entry must hold for new phrasings. Accuracy at scale is measured in bench/understanding.py.
PARAPHRASES = {
    "p2k2_s5_keuangan_keluarga": "bu gaji suami tiap bulan abis terus, gmn ngaturnya biar cukup sebulan",
    "p2k2_kebutuhan_vs_keinginan": "anak minta hp baru trs, itu termasuk perlu atau cuma pengen ya bu",
    "p2k2_mpasi_6_bulan": "dede bayi sy 5 bulan udh boleh dikasih bubur blm",
    "p2k2_cuci_tangan": "kapan aja sih anak hrs cuci tangan pake sabun",
    "pkh_komponen_anak_sekolah": "anak sy kls 2 SD dapet bantuan pkh brp setaun",
    "pkh_tahap_pencairan": "pkh tuh cairnya bulan apa aja dlm setaun",
    "pkh_tidak_hadir_p2k2": "kalo sy bolos pertemuan bulanan sama pendamping apa bantuannya bisa dicabut",
    "pkh_nama_tidak_ada_cekbansos": "sy cek di web cekbansos kok nama sy ga muncul ya bu",
    "pena_apa_itu": "pena itu program apaan sih bu, sy baru denger",
    "pena_besaran_bantuan": "kalo ikut pena dapet modal brp rupiah",
    "res_cek_lender_ojk": "ada koperasi nawarin pinjeman, cara tau itu resmi apa bodong gmn",
    "boundary_minta_pinjaman_uang": "bu boleh sy pinjem duit 200rb dulu, nanti sy balikin",
}


@pytest.mark.parametrize("key", sorted(PARAPHRASES))
def test_question_gets_the_entry_answer(stack: Stack, key: str) -> None:
    reply = say(stack, ASKER, PARAPHRASES[key])
    assert first_line(key) in reply.text, reply.text


def test_paraphrases_are_not_training_examples() -> None:
    examples = {q.lower() for entry in load().values() for q in entry.questions}
    assert not {q.lower() for q in PARAPHRASES.values()} & examples


def test_p2k2_answer_names_its_session(stack: Stack) -> None:
    reply = say(stack, ASKER, load()["p2k2_tips_menabung_warung"].questions[0])
    assert "📘 P2K2" in reply.text


def test_time_sensitive_figures_carry_the_caution(stack: Stack) -> None:
    reply = say(stack, ASKER, load()["pkh_komponen_anak_sekolah"].questions[1])
    assert "Rp2.000.000" in reply.text
    assert "bisa berubah, tanyakan ke pendamping" in reply.text


def test_sundanese_speaker_gets_sundanese_knowledge(stack: Stack) -> None:
    say(stack, SUNDANESE, "ganti basa sunda")
    reply = say(stack, SUNDANESE, "kumaha carana ngatur artos belanja sabulan supados cekap, bu?")
    assert first_line("p2k2_s5_keuangan_keluarga", "su") in reply.text


def test_more_gives_the_next_part(stack: Stack) -> None:
    phone = "+6285799990012"
    first = say(stack, phone, load()["p2k2_s5_keuangan_keluarga"].questions[0])
    assert first_line("p2k2_s5_keuangan_keluarga") in first.text
    assert "Mau tahu lebih? Balas *lagi*." in first.text
    more = say(stack, phone, "lagi")
    assert first_line("p2k2_s6_meminjam_menabung") in more.text
