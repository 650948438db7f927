"""Rupiah amounts in chat Indonesian and Sundanese: find the span, then read it.

Reading a span ("1,5jt", "Rp150.000,-", "seratus lima puluh ribu", "goceng") is
delegated to lokal-id's parse_rupiah (pinned, wrapped here, tested in
tests/unit/test_money.py). lokal-id needs the span found first, so finding it is
ours: quantities ("5 kilo", "3kg", "12 bungkus"), dates ("tgl 5", "5/12"),
times ("jam 9") and signs are told apart from amounts here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lokal import parse_rupiah

# Above this a message is garbage, not a sale of a food stall.
MAX_AMOUNT = 100_000_000_000

UNIT_WORDS = (
    "kg|kilo|kilogram|gr|gram|ons|liter|ltr|l|bungkus|bks|porsi|biji|bh|buah|pcs|pc|gelas|cup|potong|tusuk|butir|"
    "ikat|lusin|kodi|karung|kotak|dus|box|botol|renteng|sachet|piring|mangkok|orang|org|kali|x|hari|minggu|bulan|"
    "tahun|thn|jam|menit|anak|tabung|pak|pack|pax|set|lembar|rim|bal|ekor|sisir|papan|ons|bks|"
    # What a market counts in: sacks, crates, bundles, trays; Sundanese (siki, iket, kantong) and English too.
    "krat|peti|ton|kuintal|kwintal|sak|zak|keranjang|karton|slop|plastik|kantong|kantung|kresek|toples|ember|"
    "galon|jeriken|jerigen|drum|loyang|nampan|tampah|baki|batang|lonjor|siung|tandan|pasang|gros|iket|siki|"
    "sikina|bungkusan|porsian|mangkuk|cangkir|gelas|bowls?|bottles?|packs?|sacks?|bags?|boxes|dozens?|kilos?|"
    "pieces|plates?|cups?|trays?|bundles?|crates?"
)
_SUFFIX = r"(?:rb|rbu|ribu|rebu|r[ée]bu|ribuan|k|jt|jta|juta|jutaan|jtan|m)"
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d+)?"
NUMERIC = re.compile(
    rf"(?<![\d.,])(?P<sign>-\s*)?(?P<rp>rp\.?\s*)?(?P<num>{_NUMBER})\s*(?P<suffix>{_SUFFIX})?(?:,-|\.-)?(?![\w])",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(rf"\s*(?:{UNIT_WORDS})\b", re.IGNORECASE)
_NOT_AMOUNT_BEFORE = re.compile(r"(?:\btgl|\btanggal|\bjam|\bpukul|\bno|\bnomor|\bke|/)\s*\.?\s*$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{2,4})?")
_UNIT_PRICE = re.compile(r"(?P<qty>\d+)\s*(?:[a-z]+\s*){0,3}[@x×]\s*$", re.IGNORECASE)

# Spelled numbers, Indonesian and Sundanese, and Jakarta street numerals.
_SUNDA = {
    "hiji": "satu",
    "tilu": "tiga",
    "opat": "empat",
    "genep": "enam",
    "dalapan": "delapan",
    "salapan": "sembilan",
    "sapuluh": "sepuluh",
    "sabelas": "sebelas",
    "saratus": "seratus",
    "sarebu": "seribu",
    "sarébu": "seribu",
    "rebu": "ribu",
    "rébu": "ribu",
    "rewu": "ribu",
    "sajuta": "sejuta",
}
_SLANG = {"cepekceng": "cepek ceng", "cepekrebu": "cepek ceng", "gocengan": "goceng"}
_DIGIT_WORDS = {
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "seratus",
    "seribu",
    "sejuta",
    "setengah",
}
_JOINERS = {"puluh", "belas", "ratus", "ribu", "juta"}
_STREET = {"gopek", "seceng", "goceng", "ceban", "goban", "cepek", "ceng", "cetiao", "jigo", "gocap"}
_MAGNITUDE = {"ribu", "juta", "seribu", "sejuta", "ratus", "seratus"}
_WORD = re.compile(r"[a-zé']+", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    value: int
    start: int
    end: int
    text: str
    # False when a person should confirm: a bare small number ("laku 85"), "gocap", "2jtan".
    certain: bool = True


class AmountProblem(ValueError):
    """Something that looks like an amount but must not be recorded (negative, absurd)."""


def read_rupiah(span: str) -> int | None:
    """One span -> whole rupiah, or None. Wraps lokal-id; Sundanese words are mapped first."""
    words = [_SUNDA.get(w, _SLANG.get(w, w)) for w in span.lower().split()]
    parsed = parse_rupiah(" ".join(words))
    if parsed is None:
        return None
    return int(parsed.amount)


def _numeric_amounts(text: str) -> list[Amount]:
    found: list[Amount] = []
    for match in NUMERIC.finditer(text):
        start, end = match.start("num") if not match["rp"] else match.start("rp"), match.end()
        before, after = text[: match.start()], text[match.end() :]
        num, suffix, rp = match["num"], match["suffix"], match["rp"]
        if not suffix and not rp:
            if before[-1:].isalpha():
                continue  # glued to a word: "1e9", "b2"
            if _UNIT_AFTER.match(after) or _NOT_AMOUNT_BEFORE.search(before):
                continue
            if _DATE_LIKE.fullmatch(text[max(0, match.start() - 3) : match.end() + 3].strip(" ,.")):
                continue
            if re.match(r"\s*[/:]\s*\d", after) or re.search(r"\d\s*[/:]\s*$", before):
                continue  # part of a date or a time
        if suffix and suffix.lower() == "m" and not rp:
            continue  # "5m" is metres here, not miliar
        digits = re.sub(r"\D", "", num)
        if len(digits) > 12:
            raise AmountProblem(f"angka terlalu panjang: {num}")
        value = read_rupiah(match.group(0).replace("-", "").strip()) if not match["sign"] else None
        if match["sign"]:
            raise AmountProblem(f"jumlah negatif: {match.group(0).strip()}")
        if value is None:
            continue
        certain = True
        if not suffix and not rp and "." not in num and "," not in num and value < 1000:
            # "laku 85" almost always means 85 ribu; ask rather than guess.
            value, certain = value * 1000, False
        if suffix and suffix.lower() in ("jtan", "jutaan", "ribuan"):
            certain = False
        found.append(Amount(value, start, end, text[start:end].strip(), certain))
    return _merge_compounds(text, found)


def _merge_compounds(text: str, amounts: list[Amount]) -> list[Amount]:
    """'1jt 200rb' and '3 juta 500 ribu' are one amount."""
    merged: list[Amount] = []
    for amount in amounts:
        if merged:
            prev = merged[-1]
            gap = text[prev.end : amount.start]
            big = re.search(r"(jt|juta)$", prev.text, re.IGNORECASE)
            small = re.search(r"(rb|ribu|rebu|k)$", amount.text, re.IGNORECASE) and amount.value < 1_000_000
            if gap.strip() in ("", "lebih", "an") and big and small and prev.value % 1_000_000 == 0:
                merged[-1] = Amount(prev.value + amount.value, prev.start, amount.end, text[prev.start : amount.end])
                continue
        merged.append(amount)
    return merged


def _canonical(word: str) -> str:
    low = word.lower()
    return _SUNDA.get(low, _SLANG.get(low, low))


def _word_amounts(text: str) -> list[Amount]:
    """Runs of number words: 'seratus lima puluh ribu', 'lima rebu', 'goceng', 'cepek ceng'."""
    found: list[Amount] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if not run:
            return
        words = [w for m in run for w in _canonical(m.group(0)).split()]
        # Trailing digit words are quantities ("... dua"); need a magnitude or street numeral.
        while words and words[-1] in _DIGIT_WORDS - _MAGNITUDE:
            words.pop()
            run.pop()
        if run and (set(words) & (_MAGNITUDE | _STREET)):
            start, end = run[0].start(), run[-1].end()
            value = read_rupiah(text[start:end])
            if value:
                uncertain = "gocap" in words or words == ["seratus"] or words == ["cepek"]
                found.append(Amount(value, start, end, text[start:end], not uncertain))
        run.clear()

    for match in _WORD.finditer(text):
        word = _canonical(match.group(0))
        is_number_word = all(w in _DIGIT_WORDS or w in _JOINERS or w in _STREET for w in word.split())
        contiguous = not run or text[run[-1].end() : match.start()].strip() == ""
        if is_number_word and contiguous:
            run.append(match)
        else:
            close()
            if is_number_word:
                run.append(match)
    close()
    return found


def _unit_priced(text: str, amounts: list[Amount]) -> list[Amount]:
    """'12 bungkus @7rb' is 12 x 7.000."""
    result = []
    for amount in amounts:
        qty = _UNIT_PRICE.search(text[: amount.start])
        if (qty and "@" in text[qty.start() : amount.start]) or (
            qty and re.search(r"\d\s*[x×]\s*$", text[: amount.start])
        ):
            count = int(qty["qty"])
            result.append(
                Amount(amount.value * count, qty.start(), amount.end, text[qty.start() : amount.end], amount.certain)
            )
        else:
            result.append(amount)
    return result


def find_amounts(text: str) -> list[Amount]:
    """Every rupiah amount in a message, in order. Raises AmountProblem for negative or absurd numbers."""
    amounts = _numeric_amounts(text)
    taken = [(a.start, a.end) for a in amounts]
    for word_amount in _word_amounts(text):
        if not any(s < word_amount.end and word_amount.start < e for s, e in taken):
            amounts.append(word_amount)
    amounts.sort(key=lambda a: a.start)
    amounts = _unit_priced(text, amounts)
    for amount in amounts:
        if amount.value <= 0 or amount.value > MAX_AMOUNT:
            raise AmountProblem(f"jumlah tidak masuk akal: {amount.text}")
    return amounts


def has_certain_amount(text: str) -> bool:
    """Does the message name rupiah for sure ("50rb", "Rp20.000"), not a count or an age? Absurd numbers count."""
    try:
        return any(a.certain for a in find_amounts(text.lower()))
    except AmountProblem:
        return True
