"""Words that say money came in (a sale) or went out (spending), in chat Indonesian, Sundanese and English.

One table for both readers: the Rasa rule that puts money first (nlu/overrides.py)
and the app's transaction parser, which assigns each amount its kind. Written
from the languages: Sundanese lemes and loma forms (meser/meuli, icalan/jualan,
kajual/payu), market slang (borong, kulakan, narik), and plain English.
"""

from __future__ import annotations

import re

from nlu.money import has_certain_amount

SALE, EXPENSE = "sale", "expense"

_BUY = r"(?:beli|bli|meuli|meser|m[ée]s[ée]r|ngagaleuh|galeuh|mesen|pesen|mesan|pesan|borong|ngeborong|mborong|order)"
# Order matters: "ada yang beli" (someone bought from her) is a sale although it contains "beli".
KIND_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"\b(?:ada|aya)\s+(?:(?:yang|yg|nu|org|orang|urang)\s+)?{_BUY}\b|"
            rf"\b(?:yang|yg|nu|org|orang|pada|anak|kecil|bocah|budak|tetangga|tatangga|pelanggan|langganan|"
            rf"pembeli|customer|customers|someone|people|tamu|ibu2|ibu-ibu)\s+(?:\w+\s+)?{_BUY}\b|"
            r"\b(?:dibeli|dipeser|dipésér|dipesen|dipesan|diborong|digaleuh|kagaleuh|pembeli|pesanan|orderan|"
            r"borongan|bought\s+from\s+me|ordered\s+from\s+me)\b"
        ),
        SALE,
    ),
    (
        re.compile(
            r"\b(?:laku|lakunya|lakuu+|terjual|kejual|kajual|dijual|jual|jualan|ngajual|dagangan|dagang|icalan|"
            r"ngical|kaical|diical|omzet|omset|dapat|dapet|dpt|meunang|pemasukan|pemasukkan|masuk|pendapatan|"
            r"penjualan|hasil|payu|narik|sold|sell|selling|sales|sale|earned|earn|income|revenue|made)\b"
        ),
        SALE,
    ),
    (
        re.compile(
            r"\b(?:belanja|blanja|balanja|belanjaan|balanjaan|beli|bli|meuli|meser|m[ée]s[ée]r|ngagaleuh|"
            r"kulakan|kulak|bayar|byr|mayar|modal|ongkos|ongkir|biaya|pengeluaran|keluar|kaluar|nyicil|cicilan|"
            r"sewa|setor|restock|spent|spend|spending|bought|buy|paid|pay|purchase|purchased|cost|costs|expense|"
            r"expenses)\b"
        ),
        EXPENSE,
    ),
]


def kind_marks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every cue in lower-cased text; an earlier pattern's span wins an overlap."""
    marks: list[tuple[int, int, str]] = []
    for pattern, kind in KIND_PATTERNS:
        for match in pattern.finditer(text):
            if not any(s <= match.start() < e for s, e, _ in marks):
                marks.append((match.start(), match.end(), kind))
    return sorted(marks)


# Cues too common outside bookkeeping ("dapet bansos 600rb", "modal 500rb cukup ga") to override
# the classifier on their own; the parser still uses them to give an amount its kind.
WEAK = frozenset(
    "dapat dapet dpt meunang masuk hasil made earn earned modal biaya cost costs keluar kaluar cicilan nyicil setor "
    "sewa".split()
)


def strong_kind(text: str) -> str | None:
    """The kind of the first cue that is clearly about her own buying or selling, if any."""
    low = text.lower()
    for start, end, kind in kind_marks(low):
        if low[start:end] not in WEAK:
            return kind
    return None


def money_intent(text: str) -> str | None:
    """record_sale / record_expense when a certain amount comes with a clear sale or spending word."""
    kind = strong_kind(text) if has_certain_amount(text) else None
    if kind is None:
        return None
    return "record_expense" if kind == EXPENSE else "record_sale"
