"""Words that ask for help with a business: training, capital, certification, markets, cooperatives.

One table for both readers: the rule after the classifier that keeps the resource map's intent only
for messages naming some help for a business (nlu/overrides.py, ResourceNeedsAHelpWord), and the
app's answer, which lists the kinds she named (bot/resources/kinds.py). Written from the languages:
chat Indonesian, Sundanese (palatihan, nambut, diajar usaha) and English.
"""

from __future__ import annotations

import re

# Kind of help -> the words that ask for it. The keys are the resource map's canonical kind tags.
KIND_WORDS: dict[str, str] = {
    "pelatihan": r"pelatihan|latihan|palatihan|kursus|bimtek|diklat|workshop|trainings?|courses?|belajar usaha|"
    r"diajar usaha",
    "modal": r"modal|permodalan|pinjaman|pinjam|pinjem|minjem|minjam|kredit|kur|hibah|dana usaha|nambut|injeuman|"
    r"capital|loans?|funding|grants?",
    "sertifikasi": r"sertifikat|sertifikasi|sertipikat|pirt|p-irt|halal|izin usaha|izin edar|nib|bpom|certificates?|"
    r"certification|permits?|licen[cs]es?",
    "pemasaran": r"pemasaran|pasarkan|masarkeun|bazar|bazaar|pameran|expo|marketing|markets?|promosi|jualan online|"
    r"jual online|(?:mem)?perluas pasar|pasar (?:yang |yg )?lebih luas",
    "koperasi": r"koperasi|kooperasi|cooperatives?|co-op",
    "pembinaan": r"pembinaan|dibina|binaan|mentoring|mentor|konsultasi usaha|coaching",
}
# Help for a business in general, without naming a kind ("tempat bantuan usaha di sekitar sini").
GENERAL_WORDS = (
    r"umkm|ukm|wirausaha|bantuan usaha|bantosan usaha|bantuan modal|sumber bantuan|peta bantuan|program bantuan|"
    r"lembaga|small business(?:es)?|business (?:help|support)|usaha kecil|usaha alit"
)

_KINDS = {kind: re.compile(rf"(?<![\w-])(?:{words})(?![\w-])") for kind, words in KIND_WORDS.items()}
_GENERAL = re.compile(rf"(?<![\w-])(?:{GENERAL_WORDS})(?![\w-])")


def _plain(text: str) -> str:
    return text.lower().replace("é", "e")


def kinds_asked(text: str) -> frozenset[str]:
    """The kinds of help a message names: "mau pelatihan/modal usaha kemana" -> pelatihan, modal."""
    low = _plain(text)
    return frozenset(kind for kind, pattern in _KINDS.items() if pattern.search(low))


def asks_for_help(text: str) -> bool:
    """Does the message name some help for a business at all (a kind, or help in general)?"""
    return bool(kinds_asked(text)) or bool(_GENERAL.search(_plain(text)))
