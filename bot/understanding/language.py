"""Which language she writes in, and whether she asks to switch.

Pure keyword rules: the first messages of a new contact are short, and a few
marker words tell Sundanese, English and Indonesian apart well enough to pick
the reply language; she can always switch by writing it.
"""

from __future__ import annotations

import re

from nlu.normalize import collapse, normalize_text

_REQUEST = [
    (re.compile(r"\b(basa|bahasa|bhs|ganti|nganggo|pake|pakai)\b.*\bsunda\b|^sunda( wae| aja| saja)?$"), "su"),
    (re.compile(r"\benglish\b|\b(bahasa|bhs|basa)\s+inggris\b|^inggris( aja| saja)?$"), "en"),
    (re.compile(r"\b(bahasa|bhs|basa)\s+indonesia\b|^indonesia( aja| saja)?$"), "id"),
]
_MARKERS = {
    "su": set(
        """punten mangga hatur nuhun abdi naon kumaha sabaraha muhun henteu teu badé bade ieu eta éta atuh wae
              kamari dinten enjing sareng kanggo parantos tos geus sanes leres wilujeng sampurasun nu mah kedah
              hoyong palay bumi ngiring""".split()
    ),
    "en": set(
        """the is are what how please hello hi thanks thank you my can i much sold bought today yesterday week
              month good morning evening help where when who why does do sales spending money""".split()
    ),
    "id": set(
        """apa bagaimana gimana berapa saya aku yang tidak hari ini bisa dong terima kasih makasih laku jualan
              belanja kapan dimana siapa kenapa mau tolong selamat pagi siang sore malam sudah belum""".split()
    ),
}
_MARKERS = {lang: {collapse(w) for w in words} for lang, words in _MARKERS.items()}


def language_request(text: str) -> str | None:
    """'ganti bahasa sunda', 'english please', 'bahasa indonesia aja' (a short message that asks for it)."""
    low = " ".join(text.lower().split())
    if len(low.split()) > 6:
        return None
    for pattern, lang in _REQUEST:
        if pattern.search(low):
            return lang
    return None


def guess_language(text: str) -> str | None:
    """The language with at least two marker words and more than any other; None when unclear."""
    words = [w for w in re.split(r"[^\w']+", normalize_text(text)) if w]
    counts = {lang: sum(w in markers for w in words) for lang, markers in _MARKERS.items()}
    best = max(counts, key=lambda k: counts[k])
    others = [v for k, v in counts.items() if k != best]
    if counts[best] >= 2 and counts[best] > max(others):
        return best
    return None
