"""Chat Indonesian to plain words, one token at a time.

Users write "yg", "brp", "gmn", "makasiiih", "halooo". Each token is lower-cased,
runs of a repeated letter are collapsed to one, and known abbreviations are
expanded. Collapsing every double letter ("maaf" -> "maf") is deliberate: the
same rule runs at training and at prediction, so the classifier sees one spelling
for all elongations, and no word list of legitimate doubles is needed.
"""

from __future__ import annotations

import re

_REPEAT = re.compile(r"([a-z])\1+")
_EDGE_PUNCT = re.compile(r"^[^\w@]+|[^\w@]+$")

# Abbreviation -> word. Keys and values are in collapsed form (see collapse()).
_SLANG_RAW: dict[str, str] = {
    "yg": "yang",
    "brp": "berapa",
    "brapa": "berapa",
    "berape": "berapa",
    "gmn": "gimana",
    "gmna": "gimana",
    "gimn": "gimana",
    "bgmn": "bagaimana",
    "hr": "hari",
    "hri": "hari",
    "kmrn": "kemarin",
    "kmarin": "kemarin",
    "kemaren": "kemarin",
    "td": "tadi",
    "tdi": "tadi",
    "dpt": "dapat",
    "dapet": "dapat",
    "blm": "belum",
    "blom": "belum",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "dah": "sudah",
    "ga": "tidak",
    "gak": "tidak",
    "ngga": "tidak",
    "nggak": "tidak",
    "gk": "tidak",
    "tdk": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "kagak": "tidak",
    "ndak": "tidak",
    "sy": "saya",
    "aku": "saya",
    "ak": "saya",
    "sya": "saya",
    "bs": "bisa",
    "bsa": "bisa",
    "bisa2": "bisa",
    "gimana2": "gimana",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "buat": "untuk",
    "jg": "juga",
    "aja": "saja",
    "aj": "saja",
    "sj": "saja",
    "tp": "tapi",
    "tpi": "tapi",
    "krn": "karena",
    "karna": "karena",
    "klo": "kalau",
    "kalo": "kalau",
    "kl": "kalau",
    "sm": "sama",
    "ama": "sama",
    "org": "orang",
    "bgt": "banget",
    "mksh": "makasih",
    "makasih": "makasih",
    "mkasih": "makasih",
    "maksih": "makasih",
    "makaci": "makasih",
    "trims": "terima kasih",
    "trimakasih": "terima kasih",
    "tks": "terima kasih",
    "thx": "thanks",
    "tq": "thanks",
    "ty": "thanks",
    "nuhun": "nuhun",
    "asw": "assalamualaikum",
    "askum": "assalamualaikum",
    "asslmkm": "assalamualaikum",
    "aslkm": "assalamualaikum",
    "assalamualaikum": "assalamualaikum",
    "asalamualaikum": "assalamualaikum",
    "assalamu'alaikum": "assalamualaikum",
    "asalamu'alaikum": "assalamualaikum",
    "slmt": "selamat",
    "met": "selamat",
    "pgi": "pagi",
    "mlm": "malam",
    "bu": "ibu",
    "buk": "ibu",
    "bun": "ibu",
    "mba": "mbak",
    "pak": "bapak",
    "apa2": "apa",
    "ap": "apa",
    "pa": "apa",
    "knp": "kenapa",
    "knapa": "kenapa",
    "gt": "gitu",
    "gtu": "gitu",
    "sgt": "sangat",
    "lg": "lagi",
    "lgi": "lagi",
    "dr": "dari",
    "dri": "dari",
    "pd": "pada",
    "sdg": "sedang",
    "lgsg": "langsung",
    "ok": "oke",
    "okey": "oke",
    "okay": "oke",
    "okeh": "oke",
    "sip": "oke",
    "rb": "ribu",
    "rebu": "ribu",
    "jt": "juta",
    "jta": "juta",
}


def collapse(token: str) -> str:
    """Lower-case and collapse runs of one letter: 'Makasiiih' -> 'makasih', 'halooo' -> 'halo'."""
    return _REPEAT.sub(r"\1", token.lower())


SLANG: dict[str, str] = {collapse(k): " ".join(collapse(w) for w in v.split()) for k, v in _SLANG_RAW.items()}


def normalize_token(token: str) -> str:
    """One chat token in its canonical spelling (may be two words, e.g. 'trims')."""
    word = collapse(token)
    bare = _EDGE_PUNCT.sub("", word)
    if not bare:
        return word
    return SLANG.get(bare, bare)


def normalize_text(text: str) -> str:
    return " ".join(normalize_token(t) for t in text.split())
