"""The kinds of help a resource offers: canonical tags, the names staff may type for them,
and the kinds she asks for (the words, Indonesian, Sundanese and English, are in nlu/help_words.py).

Tags are stored canonical (Indonesian, lower case), so the dashboard, the CSV and the chat all
agree: "PIRT", "halal" and "izin usaha" are all `sertifikasi`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.i18n import N_
from nlu.help_words import kinds_asked

# Canonical tag -> its label in a reply (translated like every other text).
KINDS: dict[str, str] = {
    "pelatihan": N_("pelatihan"),
    "modal": N_("modal usaha"),
    "sertifikasi": N_("sertifikasi (PIRT/halal)"),
    "pemasaran": N_("pemasaran"),
    "koperasi": N_("koperasi"),
    "pembinaan": N_("pembinaan usaha"),
    "lainnya": N_("bantuan lain"),
}

# What staff may write in the `jenis` column or a form, besides the canonical tags.
ALIASES: dict[str, str] = {
    "training": "pelatihan",
    "kursus": "pelatihan",
    "bimtek": "pelatihan",
    "permodalan": "modal",
    "pinjaman": "modal",
    "kredit": "modal",
    "kur": "modal",
    "hibah": "modal",
    "capital": "modal",
    "sertifikat": "sertifikasi",
    "pirt": "sertifikasi",
    "p-irt": "sertifikasi",
    "halal": "sertifikasi",
    "nib": "sertifikasi",
    "izin": "sertifikasi",
    "bpom": "sertifikasi",
    "marketing": "pemasaran",
    "pasar": "pemasaran",
    "bazar": "pemasaran",
    "pameran": "pemasaran",
    "cooperative": "koperasi",
    "mentoring": "pembinaan",
    "pendampingan": "pembinaan",
    "konsultasi": "pembinaan",
    "other": "lainnya",
}


class UnknownKind(ValueError):
    """A tag that is neither canonical nor a known alias."""


def canonical(tag: str) -> str:
    """'PIRT' -> 'sertifikasi', 'Pelatihan' -> 'pelatihan'; UnknownKind otherwise."""
    low = tag.strip().lower()
    if low in KINDS:
        return low
    if low in ALIASES:
        return ALIASES[low]
    raise UnknownKind(tag)


def normalize_kinds(tags: Iterable[str] | str) -> tuple[str, ...]:
    """Tags as written ('pelatihan|PIRT', ['modal', 'kur'], 'sertifikasi/PIRT/halal') -> sorted canonical tags."""
    if isinstance(tags, str):
        tags = re.split(r"[|,;/]", tags)
    return tuple(sorted({canonical(t) for t in tags if t.strip()}))


def kinds_in(text: str) -> frozenset[str]:
    """The kinds her message asks for ("mau pelatihan/modal usaha kemana" -> pelatihan, modal); may be empty.
    The words are shared with the rule that keeps the intent for such messages (nlu/help_words.py)."""
    return kinds_asked(text)
