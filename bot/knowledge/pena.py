"""PENA (Pahlawan Ekonomi Nusantara): does she look eligible, criterion by criterion.

Criteria as the field study and the 2022-2024 sources give them (shared domain
facts, section 4). Where sources disagree the stricter field-study reading is
used and the answer says the pendamping decides: this is never the ministry's
decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nlu.keywords import yes_no
from nlu.money import read_rupiah

AGE_MIN, AGE_MAX = 20, 40  # field study: pendamping direct KPM aged 20-40 to PENA
_NUMBER_WORDS = re.compile(
    r"\b(se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|hiji|tilu|opat|genep|"
    r"dalapan|salapan|sapuluh|sabelas)\b"
)


def parse_age(text: str) -> int | None:
    """'45 th', 'umur sy 38', 'empat puluh', 'opat puluh hiji' -> years; None if not a plausible age."""
    low = text.lower()
    digits = re.findall(r"(?<!\d)(\d{1,3})(?!\d)", low)
    if digits:
        age = int(digits[0])
    else:
        words = [m.group(0) for m in _NUMBER_WORDS.finditer(low)]
        age = read_rupiah(" ".join(words)) if words else None
    if age is None or not 15 <= age <= 90:
        return None
    return age


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def yes_or_no(text: str) -> bool | None:
    """A yes/no answer, tolerant of 'belum' / 'sudah' / 'ada' / 'tidak ada'."""
    low = text.lower().strip()
    if re.search(r"\b(tidak ada|ga ada|gak ada|nggak ada|teu aya|belum|blm|henteu|teu acan)\b", low):
        return False
    if re.search(r"\b(ada|sudah|udah|udh|aya|parantos|bersedia|siap|mau)\b", low):
        return True
    return yes_no(text)


@dataclass(frozen=True)
class Assessment:
    age_ok: bool
    business: bool
    willing: bool
    no_vulnerable_member: bool

    @property
    def looks_eligible(self) -> bool:
        # A business is "better but not required" (2023) or required (2024): not a blocker here.
        return self.age_ok and self.willing and self.no_vulnerable_member


def assess(age: int, has_business: bool, willing: bool, vulnerable_member: bool) -> Assessment:
    return Assessment(AGE_MIN <= age <= AGE_MAX, has_business, willing, not vulnerable_member)


def note_text(name: str, kelompok: str, age: int, business: str | None) -> str:
    """What the pendamping reads: short, the facts she gave, no decision."""
    usaha = business or "belum ada usaha"
    return (
        f"{name} ({kelompok}), umur {age}, {usaha}: tertarik PENA, bersedia graduasi mandiri, tanpa lansia/disabilitas."
    )
