"""One chat message -> the sales and spending it reports, with their day.

Read in the app (bot/ledger/chat.py), which re-reads the text so the numbers recorded
are exactly the numbers read back. Amounts come from nlu.money, the reader the Rasa
entity extractor (nlu/components.py) uses too; days from dates.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.understanding.dates import FutureDate, find_date
from nlu.cues import kind_marks
from nlu.money import Amount, AmountProblem, find_amounts

# The sale/spending words are shared with the Rasa money-first rule: one table (nlu/cues.py).
_FILLER = set(
    """alhamdulillah alhamdulilah alhamdullilah tadi td hari hr hri ini bu ibu teh yg yang ada dari buat untuk utk sy
    saya aku aja sih nih deh dong total semua jadi kemarin kmrn kemaren kamari lusa tgl tanggal jam pagi siang sore
    malam sudah udah udh dah ya yah lagi lg rp @ di ke the mah wae geus tos kang pak""".split()
)


@dataclass(frozen=True)
class Item:
    kind: str | None  # sale, expense, or None when she did not say
    amount: int
    certain: bool
    note: str
    text: str


@dataclass
class Parsed:
    items: list[Item] = field(default_factory=list)
    day: date | None = None
    # Why the assistant must ask instead of recording: no_amount, bad_amount, future_date.
    problem: str | None = None
    detail: str = ""

    @property
    def needs_question(self) -> bool:
        return self.problem is not None or any(i.kind is None or not i.certain for i in self.items)


def _note(region: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9é'-]+", region.lower()) if w not in _FILLER and not w.isdigit()]
    return " ".join(words)[:60]


def parse_transactions(text: str, today: date) -> Parsed:
    # "belanjaaa", "lakuuu": long runs of one letter are never real spelling here.
    low = re.sub(r"([a-z])\1{2,}", r"\1", text.lower())
    parsed = Parsed(day=today)
    try:
        said = find_date(low, today)
    except FutureDate as exc:
        return Parsed(day=None, problem="future_date", detail=str(exc))
    if said is not None:
        parsed.day = said.day
    try:
        amounts = find_amounts(low)
    except AmountProblem as exc:
        return Parsed(day=parsed.day, problem="bad_amount", detail=str(exc))
    if said is not None:
        amounts = [a for a in amounts if a.end <= said.start or a.start >= said.end]
    if not amounts:
        parsed.problem = "no_amount"
        return parsed
    marks = kind_marks(low)
    kinds = _assign_kinds(amounts, marks)
    previous: str | None = None
    for i, amount in enumerate(amounts):
        lo = amounts[i - 1].end if i else 0
        hi = amounts[i + 1].start if i + 1 < len(amounts) else len(low)
        # A list under one verb ("laku seblak 150rb, cireng 70rb") shares its kind.
        kind = kinds[i] or previous
        previous = kind
        # Her words for this item: what she wrote before its amount, or after it if it is the last.
        region = low[lo : amount.start] if low[lo : amount.start].strip(" ,.;") or i + 1 < len(amounts) else low[lo:hi]
        region = region.replace(amount.text.lower(), " ")
        if said is not None:
            region = region.replace(low[said.start : said.end], " ")
        for start, end, _ in marks:
            if lo <= start < hi:
                region = region.replace(low[start:end], " ")
        parsed.items.append(Item(kind, amount.value, amount.certain, _note(region), amount.text))
    return parsed


def _assign_kinds(amounts: list[Amount], marks: list[tuple[int, int, str]]) -> list[str | None]:
    """People write the kind before the amount ("laku 85rb"), sometimes after ("85rb dari jualan").

    A word between two amounts belongs to the one after it, unless it is the
    first of two words there ("150rb dari jualan, belanja 20rb") or nothing follows.
    """
    kinds: list[str | None] = []
    for i, amount in enumerate(amounts):
        lo = amounts[i - 1].end if i else 0
        hi = amounts[i + 1].start if i + 1 < len(amounts) else None
        before = [k for s, _, k in marks if lo <= s < amount.start]
        after = [k for s, _, k in marks if s >= amount.end and (hi is None or s < hi)]
        if before:
            kinds.append(before[-1])
        elif after and (hi is None or len(after) >= 2):
            kinds.append(after[0])
        else:
            kinds.append(None)
    return kinds
