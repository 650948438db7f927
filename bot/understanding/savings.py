"""Savings talk from a KPM, read by rule: a goal (a plan), an entry, a withdrawal, a question.

"mau nabung buat seragam anak 300rb sampai Juli", "td nabung 10rb", "ambil tabungan 50rb",
"kurang berapa lagi": chat spelling, some Sundanese and English, little punctuation. As in
meetings.py, a message is cut into tokens (tokens.py) that remember where they stand in the
original (the purpose is read back as she wrote it) and carry a normalized spelling (nlu.normalize:
"brp" -> "berapa", "buat" -> "untuk", doubled letters collapsed) that the word lists below are
written in. Amounts come from nlu.money; a written day from meetings.read_future_day, since
a deadline, like a meeting, is never in the past.

A goal and an entry are told apart by what surrounds the amount: intent ("mau", "target"), a rate
("sehari", "tiap minggu") or a deadline ("sampai Juli") make a plan; otherwise "nabung 20rb" is money
put aside now.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.understanding.dates import MONTHS, WEEKDAYS
from bot.understanding.meetings import read_future_day
from bot.understanding.tokens import Tokens, token_pattern
from nlu.money import AmountProblem, find_amounts
from nlu.normalize import collapse, normalize_token

# ---------------------------------------------------------------- result


@dataclass(frozen=True)
class GoalText:
    purpose: str | None  # what for, as she wrote it: "seragam anak"; None if not said
    target: int | None  # total rupiah to reach
    deadline: date | None  # last day to reach it; None if not said or not a date ("sebelum lebaran")
    per_day: int | None  # "5rb sehari"
    per_week: int | None  # "tiap minggu 20rb"


# ---------------------------------------------------------------- spelling

# Chat spellings nlu.normalize does not expand; keys and values in its collapsed spelling.
_SLANG = {
    collapse(k): collapse(v)
    for k, v in {
        "bwt": "untuk",
        "smp": "sampai",
        "sampe": "sampai",
        "ampe": "sampai",
        "sblm": "sebelum",
        "sblum": "sebelum",
        "pgn": "pengen",
        "pngn": "pengen",
        "pgen": "pengen",
        "pingin": "pengen",
        "pengin": "pengen",
        "kepengen": "pengen",
        "kepingin": "pengen",
        "mw": "mau",
        "mo": "mau",
        "mao": "mau",
        "tiap2": "tiap",
        "stiap": "setiap",
        "nabug": "nabung",
        "nbung": "nabung",
        "nabng": "nabung",
        "tabngan": "tabungan",
        "tbngan": "tabungan",
        "bln": "bulan",
        "thn": "tahun",
        "mgg": "minggu",
        "krg": "kurang",
        "trgt": "target",
        "ntar": "nanti",
        "entar": "nanti",
        "ntr": "nanti",
        "jd": "jadi",
        "spy": "supaya",
        "ambl": "ambil",
        "pakek": "pake",
    }.items()
}


def _norm(token: str) -> str:
    word = normalize_token(token)
    return _SLANG.get(word, word)


def _words(text: str) -> frozenset[str]:
    return frozenset(_norm(w) for w in text.split())


def _phrase(text: str) -> str:
    return " ".join(_norm(w) for w in text.split())


def _alternatives(items: Iterable[str]) -> str:
    """A regex alternation of phrases (already in token spelling), longest first."""
    return "|".join(re.escape(p) for p in sorted(set(items), key=len, reverse=True))


def _phrases(*items: str) -> re.Pattern[str]:
    return token_pattern(_alternatives(_phrase(p) for p in items))


# ---------------------------------------------------------------- tokens

# Words keep inner apostrophes and hyphens (cita-cita, sehari-hari); digits keep the marks between
# them (1,5jt, 20/12, 1.500.000); any other mark is its own token.
_TOKEN = re.compile(r"\n|[^\W_]+(?:(?:['’\-]|(?<=\d)[.,/:](?=\d))[^\W_]+)*|[^\w\s]")
_CLAUSE_MARKS = frozenset(",.;!?")
# nlu.money reads Indonesian magnitudes only; padded to the same length so spans still index the text.
_MAGNITUDE = {"million": "juta", "thousand": "ribu"}
_ENGLISH_MAGNITUDE = re.compile(r"(?<=[\d\s])(?:million|thousand)\b")


@dataclass(frozen=True)
class _Amt:
    value: int
    i: int  # tokens [i, j)
    j: int
    certain: bool


class _Msg(Tokens):
    """A message as lower-cased tokens (their `text` too), with the amounts read in it."""

    def __init__(self, raw: str) -> None:
        # Cut from the text lower-cased letter by letter, so spans found in `scanned` index `raw`.
        super().__init__(raw, pattern=_TOKEN, spell=_norm, lower=True)
        self.amounts = self._amounts(self.scanned)

    def clauses(self, splitters: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
        """Token ranges between punctuation, line breaks and the `splitters` words."""
        found, start = [], 0
        for k, tok in enumerate(self.toks):
            if tok.word in _CLAUSE_MARKS and self._glued_to_number(k):
                continue  # "Rp.20.000"
            if tok.word in _CLAUSE_MARKS or tok.word == ";" or tok.word in splitters:
                found.append((start, k + 1))
                start = k + 1
        found.append((start, len(self.toks)))
        return [(i, j) for i, j in found if i < j]

    def _glued_to_number(self, k: int) -> bool:
        after = self.toks[k + 1] if k + 1 < len(self.toks) else None
        return after is not None and after.start == self.toks[k].end and after.text[:1].isdigit()

    def _amounts(self, low: str) -> list[_Amt]:
        try:
            said = find_amounts(_ENGLISH_MAGNITUDE.sub(lambda m: _MAGNITUDE[m.group()].ljust(len(m.group())), low))
        except AmountProblem:
            return []  # "-5rb", an absurd number: nothing to record
        starts = [t.start for t in self.toks]
        ends = [t.end for t in self.toks]
        found = []
        for a in said:
            i, j = bisect_right(ends, a.start), bisect_left(starts, a.end)
            if i < j:
                found.append(_Amt(a.value, i, j, a.certain))
        return found


# ---------------------------------------------------------------- vocabulary

# Money put aside; these need no object ("nabung 20rb").
_SAVE_VERBS = _words(
    """nabung menabung nabungin nabungkeun ditabung ditabungin ditabungkan tabungin tabungkan nabungnya
    nyelengin nyelengan nyeleng celengin dicelengin nyelengkeun sisihkan sisihin nyisihin nyisihkan menyisihkan
    disisihkan disisihin nyisihkeun saved save saving"""
)
# Verbs that save only with a savings noun: "simpan 50rb di tabungan", "masukin celengan 5rb".
_PUT_VERBS = _words(
    """simpan simpen nyimpen nyimpan menyimpan disimpan disimpen masukin masukan masukkan dimasukin dimasukkan
    masuk taruh naruh ditaruh isi ngisi diisi tambah nambah nambahin ditambah tambahin bertambah setor nyetor
    disetor lebetkeun asupkeun put added add deposit deposited"""
)
# Collecting toward an amount is a plan in itself: "ngumpulin 500rb buat modal".
_COLLECT = _words(
    "ngumpulin ngumpulkan mengumpulkan kumpulin ngumpulkeun ngempelkeun ngempel ngempelin nyimpen-nyimpen collect"
)
_SAVINGS_NOUNS = _words("savings piggy tabungan celengan")
_INTENT = _words(
    """mau pengen ingin target targetnya targetku rencana rencananya berencana niat niatnya cita-cita citacita
    hoyong palay bade want wanna plan planning goal"""
)
_TARGET_MARKS = (
    _words("target targetnya targetku terkumpul kekumpul kumpul total totalnya jadi mencapai capai goal sebanyak")
    | _COLLECT
)
_WITHDRAW_VERBS = _words(
    """ambil ngambil diambil mengambil ambilin ngambilin pake pakai dipake dipakai kepake kepakai kapake makai
    narik tarik ditarik menarik bongkar dibongkar bongkarin pecah mecahin dipecah pecahin nyandak dicandak candak
    ngangge dianggo kaanggo pinjam minjem dipinjam kurangi ngurangin dikurangi berkurang took take taken used use
    spent borrowed"""
)
# Withdrawal words that need no savings noun in a savings chat.
_WITHDRAW_ALONE = _words("withdrew withdraw withdrawn")
_NEGATION = _words("tidak belum teu henteu acan tacan moal ora not never batal lupa gagal didnt didn't don't dont")
_FUTURE = _words("besok lusa nanti akan bakal will tomorrow isukan mulai gonna")
_QUESTION_WORDS = _words(
    """berapa sabaraha gimana bagaimana kumaha apa apakah kapan iraha kenapa naon cara caranya boleh bolehkah
    bisakah how what when why should"""
)
# A trailing negation turns a sentence into a question: "nabung 20rb cukup ga", "bisa teu".
_TAG_NEGATION = _words("tidak teu henteu kah")
_POLITE = _words("ya yah nih dong deh sih aja saja nya mah atuh euy lho kok nanti ini itu kak please pls")
# Written "bu" ends a sentence politely; a purpose may end in a written-out "ibu" ("kado buat ibu").
_TRAILING_HONORIFIC = frozenset({"bu", "buk", "bun"})
# Words that may stand between an amount and its rate: "tiap hari nabung 5rb", "5rb aja sehari".
_GAP = (
    _SAVE_VERBS
    | _PUT_VERBS
    | _SAVINGS_NOUNS
    | _words("saja ya dulu minimal min paling sekitar kira kira-kira cuma hanya sekali uang duit artos sebesar")
    | _words("mau bisa ibu ke di i will rp")
)
_CONJUNCTIONS = _words("terus trus lalu tapi dan then but and")

# ---------------------------------------------------------------- deadlines

_BEFORE = _words("sebelum samemeh sateuacan sateuacanna before")
_MARKERS = _phrases(
    "sampai",
    "sampai dengan",
    "s / d",
    "hingga",
    "dugi",
    "dugi ka",
    "nepi",
    "nepi ka",
    "by",
    "until",
    "till",
    "menjelang",
    "jelang",
    "maksimal",
    "maks",
    "max",
    "paling lambat",
    "paling telat",
    "batas",
    "batasnya",
    "deadline",
    "deadlinenya",
    "sebelum",
    "samemeh",
    "sateuacan",
    "sateuacanna",
    "before",
)
# "mulai tgl 1 Desember": a day after these starts the plan, it is not its end.
_START_MARKS = _words("mulai dari sejak semenjak from starting since ti kawit start")
# Between a marker and its time: "sampai nanti lebaran", "by the end of the year".
_MARKER_FILLER = _words("nanti pas the ke")

_UNITS = {_norm(k): v for k, v in {
    "hari": "day", "poe": "day", "dinten": "day", "day": "day", "days": "day",
    "minggu": "week", "pekan": "week", "week": "week", "weeks": "week",
    "bulan": "month", "sasih": "month", "month": "month", "months": "month",
    "tahun": "year", "taun": "year", "year": "year", "years": "year",
}.items()}  # fmt: skip
_ONE_UNIT = {_norm(k): v for k, v in {
    "sehari": "day", "sapoe": "day", "sadinten": "day",
    "seminggu": "week", "sepekan": "week", "saminggu": "week",
    "sebulan": "month", "sabulan": "month", "sasasih": "month",
    "setahun": "year", "sataun": "year",
}.items()}  # fmt: skip
_NUMBER_WORDS = {_norm(k): v for k, v in {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
    "sepuluh": 10, "sebelas": 11, "hiji": 1, "tilu": 3, "opat": 4, "genep": 6, "dalapan": 8, "salapan": 9,
    "sapuluh": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}.items()}  # fmt: skip
# "3 bulan lagi", "dalam 2 minggu", "sebulan lagi", "in 3 months".
_DURATION = token_pattern(
    rf"(?:(?P<pre>dalam waktu|dalam|selama|salami|within|in|for) )?"
    rf"(?:(?P<n>\d{{1,3}}|{_alternatives(_NUMBER_WORDS)}) (?P<u>{_alternatives(_UNITS)})"
    rf"|(?P<one>{_alternatives(_ONE_UNIT)}))"
    rf"(?P<post> (?:lagi|deui|ke depan|kedepan|from now))?"
)
_MONTH_NAMES = {collapse(k): v for k, v in MONTHS.items()} | {
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
    "désémber": 12,
}
# Short names ("des", "jul", "may") name a month only after "bulan", "akhir" or a deadline marker.
_FULL_MONTHS = frozenset(m for m in _MONTH_NAMES if len(m) > 4 or m in ("mei", "juli", "juni", "june", "july"))
_DAY_DATE = token_pattern(
    rf"(?:(?P<tgl>tgl|tangal|tg)(?: [.:])? (?:ke )?)?(?P<d>\d{{1,2}})"
    rf"(?: (?P<mon>{_alternatives(_MONTH_NAMES)})(?: (?P<y>\d{{4}}))?)?"
    r"|(?P<dm>\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?)"
)
_MONTH = token_pattern(
    rf"(?:(?P<edge>akhir|ahir|awal|end of|early) )?(?:(?P<bulan>bulan|sasih) )?"
    rf"(?P<mon>{_alternatives(_MONTH_NAMES)})(?: (?P<y>\d{{4}}))?"
)
# (unit, periods ahead, edge): "end" is the period's last day, "start" its first, "" the last unless "sebelum".
_PERIODS = {_phrase(k): v for k, v in {
    "bulan depan": ("month", 1, ""), "sasih payun": ("month", 1, ""), "next month": ("month", 1, ""),
    "akhir bulan depan": ("month", 1, "end"), "end of next month": ("month", 1, "end"),
    "awal bulan depan": ("month", 1, "start"), "early next month": ("month", 1, "start"),
    "akhir bulan": ("month", 0, "end"), "akhir bulan ini": ("month", 0, "end"), "ahir sasih": ("month", 0, "end"),
    "end of the month": ("month", 0, "end"), "end of this month": ("month", 0, "end"), "bulan ini": ("month", 0, ""),
    "minggu depan": ("week", 1, ""), "pekan depan": ("week", 1, ""), "minggu payun": ("week", 1, ""),
    "next week": ("week", 1, ""), "akhir minggu depan": ("week", 1, "end"), "akhir pekan depan": ("week", 1, "end"),
    "akhir minggu": ("week", 0, "end"), "akhir minggu ini": ("week", 0, "end"), "akhir pekan": ("week", 0, "end"),
    "akhir pekan ini": ("week", 0, "end"), "end of the week": ("week", 0, "end"), "minggu ini": ("week", 0, ""),
    "tahun depan": ("year", 1, ""), "taun payun": ("year", 1, ""), "next year": ("year", 1, ""),
    "akhir tahun depan": ("year", 1, "end"), "end of next year": ("year", 1, "end"),
    "awal tahun depan": ("year", 1, "start"), "awal taun payun": ("year", 1, "start"),
    "early next year": ("year", 1, "start"),
    "akhir tahun": ("year", 0, "end"), "akhir tahun ini": ("year", 0, "end"), "akhir taun": ("year", 0, "end"),
    "ahir taun": ("year", 0, "end"), "end of the year": ("year", 0, "end"), "end of this year": ("year", 0, "end"),
    "end of year": ("year", 0, "end"), "year end": ("year", 0, "end"), "year-end": ("year", 0, "end"),
    "penghujung tahun": ("year", 0, "end"), "tahun ini": ("year", 0, ""),
}.items()}  # fmt: skip
_PERIOD = token_pattern(_alternatives(_PERIODS))
_EDGES = {"akhir": "end", "ahir": "end", "end of": "end", "awal": "start", "early": "start"}
_WEEKDAY_NAMES = {collapse(k): v for k, v in WEEKDAYS.items()}
# After a marker only: "sampai hari Jumat", "sampai besok".
_NAMED_DAY = token_pattern(
    rf"(?:(?:hari|poe|dinten) )?(?:{_alternatives(_WEEKDAY_NAMES)})|besok|lusa|isukan|pageto|tomorrow"
)
# Times without a calendar date; after a marker only, else "buat lebaran" is a purpose.
_EVENTS = _phrases(
    "lebaran",
    "idul fitri",
    "idulfitri",
    "hari raya",
    "puasa",
    "ramadhan",
    "ramadan",
    "natal",
    "tahun baru",
    "imlek",
    "tahun ajaran baru",
    "masuk sekolah",
    "anak masuk sekolah",
    "kenaikan kelas",
    "agustusan",
    "17an",
    "panen",
    "nikahan",
    "hajatan",
    "sunatan",
    "khitanan",
    "lahiran",
    "melahirkan",
    "christmas",
    "eid",
    "new year",
)


@dataclass(frozen=True)
class _When:
    i: int
    j: int
    kind: str  # span (duration), date, period, month, day (weekday, besok), event
    marker: str | None = None  # "until" or "before" when a deadline word stands just before
    starts: bool = False  # after "mulai/dari": the plan's start, not its end
    unit: str = ""
    n: int = 0
    edge: str = ""
    month: int = 0
    year: int | None = None
    text: str = ""  # the span as written, for read_future_day


def _find_whens(msg: _Msg) -> list[_When]:
    taken: set[int] = set()
    found: list[_When] = []

    def add(when: _When) -> None:
        if not taken.intersection(range(when.i, when.j)):
            taken.update(range(when.i, when.j))
            found.append(when)

    for m, i, j in msg.find(_DURATION):
        if m["pre"] or m["post"]:
            n = int(m["n"]) if m["n"] and m["n"].isdigit() else _NUMBER_WORDS.get(m["n"] or "", 1)
            unit = _UNITS.get(m["u"] or "") or _ONE_UNIT[m["one"]]
            add(_When(i, j, "span", marker="until" if m["pre"] else None, unit=unit, n=n))
    for m, i, j in msg.find(_DAY_DATE):
        if m["tgl"] or m["mon"] or m["dm"]:
            add(_When(i, j, "date", text=msg.original(i, j)))
    for m, i, j in msg.find(_PERIOD):
        unit, ahead, edge = _PERIODS[m.group()]
        add(_When(i, j, "period", unit=unit, n=ahead, edge=edge))
    markers = _marker_ends(msg)
    for m, i, j in msg.find(_MONTH):
        context = m["edge"] or m["bulan"] or i - 1 in markers
        if m["mon"] in _FULL_MONTHS or context:
            year = int(m["y"]) if m["y"] else None
            add(_When(i, j, "month", month=_MONTH_NAMES[m["mon"]], year=year, edge=_EDGES.get(m["edge"] or "", "")))
    for _, i, j in msg.find(_NAMED_DAY):
        if i - 1 in markers:
            add(_When(i, j, "day", text=msg.original(i, j)))
    for _, i, j in msg.find(_EVENTS):
        if i - 1 in markers:
            add(_When(i, j, "event"))
    return sorted((_with_context(msg, w, markers) for w in found), key=lambda w: w.i)


def _marker_ends(msg: _Msg) -> dict[int, str]:
    """Token index a time may follow -> "until" or "before"; filler words after a marker extend it."""
    ends: dict[int, str] = {}
    for m, _, j in msg.find(_MARKERS):
        kind = "before" if m.group() in _BEFORE else "until"
        k = j - 1
        ends[k] = kind
        while msg.word(k + 1) in _MARKER_FILLER:
            k += 1
            ends[k] = kind
    return ends


def _with_context(msg: _Msg, w: _When, markers: dict[int, str]) -> _When:
    marker = w.marker or markers.get(w.i - 1)
    starts = msg.word(w.i - 1) in _START_MARKS
    return replace(w, marker=marker, starts=starts)


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _period_bounds(today: date, unit: str, ahead: int) -> tuple[date, date]:
    if unit == "week":  # Monday to Sunday
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=ahead)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        first = _add_months(today.replace(day=1), ahead)
        return first, _add_months(first, 1) - timedelta(days=1)
    return date(today.year + ahead, 1, 1), date(today.year + ahead, 12, 31)


def _in_period(first: date, last: date, edge: str, before: bool) -> date:
    """The day a period stands for: "sebelum Juli" is the day before it starts, "awal" its first day."""
    if before and edge != "end":
        return first - timedelta(days=1)
    return first if edge == "start" else last


def _resolve(w: _When, today: date) -> date | None:
    day = _day_of(w, today)
    return day if day is not None and day >= today else None  # "sebelum minggu ini" has passed


def _day_of(w: _When, today: date) -> date | None:
    before = w.marker == "before"
    try:
        if w.kind == "span":
            if w.unit in ("day", "week"):
                return today + timedelta(days=w.n * (7 if w.unit == "week" else 1))
            return _add_months(today, w.n * (12 if w.unit == "year" else 1))
        if w.kind in ("date", "day"):
            day, _ = read_future_day(w.text, today)
            if day is not None and before and day > today:
                return day - timedelta(days=1)
            return day
        if w.kind == "period":
            return _in_period(*_period_bounds(today, w.unit, w.n), w.edge, before)
        if w.kind == "month":
            for year in [w.year] if w.year else [today.year, today.year + 1]:
                first = date(year, w.month, 1)
                found = _in_period(first, _add_months(first, 1) - timedelta(days=1), w.edge, before)
                if found >= today:
                    return found
    except (ValueError, OverflowError):
        pass  # past year 9999
    return None


def _deadline(whens: list[_When], today: date) -> date | None:
    """The first time after a deadline word, else the first time said that does not start the plan."""
    candidates = [w for w in whens if w.marker] or [w for w in whens if not w.starts]
    return _resolve(candidates[0], today) if candidates else None


# ---------------------------------------------------------------- rates

_RATE_PHRASES: dict[str, list[str]] = {
    "day": [
        "sehari", "sehari sekali", "per hari", "perhari", "/ hari", "tiap hari", "setiap hari", "unggal dinten",
        "unggal poe", "unggal hari", "saban hari", "saban poe", "sapoe", "sadinten", "a day", "per day",
        "every day", "everyday", "each day", "daily",
    ],
    "week": [
        "seminggu", "seminggu sekali", "per minggu", "perminggu", "/ minggu", "tiap minggu", "setiap minggu",
        "sepekan", "per pekan", "tiap pekan", "setiap pekan", "saminggu", "unggal minggu", "saban minggu",
        "a week", "per week", "every week", "each week", "weekly",
    ],
    "month": [
        "sebulan", "sebulan sekali", "per bulan", "perbulan", "/ bulan", "tiap bulan", "setiap bulan", "sabulan",
        "sasasih", "unggal bulan", "unggal sasih", "saban bulan", "a month", "per month", "every month",
        "each month", "monthly",
    ],
    "year": [
        "setahun", "per tahun", "pertahun", "/ tahun", "tiap tahun", "setiap tahun", "sataun", "unggal taun",
        "a year", "per year", "every year", "yearly",
    ],
}  # fmt: skip
_RATE_UNIT = {_phrase(p): unit for unit, phrases in _RATE_PHRASES.items() for p in phrases}
_EVERY = _words("tiap setiap unggal saban every each")
_RATE = token_pattern(
    rf"(?P<every>{_alternatives(_EVERY)}) (?:(?:hari|poe|dinten) )?(?P<wd>{_alternatives(_WEEKDAY_NAMES)})"
    rf"|{_alternatives(_RATE_UNIT)}"
)
_MAX_GAP = 3


@dataclass(frozen=True)
class _Rate:
    i: int
    j: int
    unit: str  # day, week, month, year
    leads: bool  # "tiap hari 2rb": the amount usually follows


def _find_rates(msg: _Msg, taken: set[int]) -> list[_Rate]:
    """Rates such as "5rb sehari", "tiap minggu 20rb", "tiap hari Minggu" (weekly); none inside a duration."""
    found = []
    for m, i, j in msg.find(_RATE):
        if taken.intersection(range(i, j)):
            continue
        unit = "week" if m["wd"] else _RATE_UNIT[m.group()]
        found.append(_Rate(i, j, unit, msg.word(i) in _EVERY))
    return found


def _is_target_marked(msg: _Msg, a: _Amt) -> bool:
    """An amount named as the total to reach: "target 1jt", "target tabungan 1jt", "sampai terkumpul 300rb"."""
    k = a.i - 1
    if msg.word(k) in (":", "=", "-", "saya", "nya") or _is_noun(msg.word(k)):
        k -= 1
    return msg.word(k) in _TARGET_MARKS


def _gap_ok(msg: _Msg, i: int, j: int) -> bool:
    return j - i <= _MAX_GAP and all(msg.word(k) in _GAP or _is_noun(msg.word(k)) for k in range(i, j))


def _rate_amounts(msg: _Msg, rates: list[_Rate], amounts: list[_Amt]) -> tuple[dict[str, int], set[_Amt]]:
    """Each rate takes the amount next to it: before it ("5rb sehari") or, after "tiap", after it."""
    per: dict[str, int] = {}
    used: set[_Amt] = set()
    free = [a for a in amounts if not _is_target_marked(msg, a)]
    for rate in rates:
        before = [a for a in free if a.j <= rate.i and a not in used and _gap_ok(msg, a.j, rate.i)][-1:]
        after = [a for a in free if a.i >= rate.j and a not in used and _gap_ok(msg, rate.j, a.i)][:1]
        chosen = (after + before) if rate.leads else (before + after)
        if chosen:
            used.add(chosen[0])
            per.setdefault(rate.unit, chosen[0].value)
    return per, used


# ---------------------------------------------------------------- purpose

_PURPOSE_MARKS = _words("untuk for kanggo kangge pikeun keur kagem")
_SO_THAT = _words("biar supaya agar ambeh meh")
_ABLE = _words("bisa tiasa can")
_PURPOSE_STOPS = (
    _words("sampai hingga sebelum paling maksimal maks max batas deadline dugi nepi samemeh sateuacan menjelang")
    | _words("by until till before jelang s")  # "s" starts "s/d" (sampai dengan)
    | _START_MARKS
    | _INTENT
    | _TARGET_MARKS
    | _SAVE_VERBS
    # "modal tambah gerobak", "anak masuk sekolah": these put-words are often part of what she saves for.
    | (_PUT_VERBS - _words("tambah nambah tambahin bertambah isi masuk add"))
    | _COLLECT
    | _EVERY
    | _SO_THAT
    | _CONJUNCTIONS
    | _words("per dengan kalau")
)


def _is_noun(word: str) -> bool:
    """A savings noun, possessives included: "tabungan", "tabunganku", "celengannya"."""
    return word in _SAVINGS_NOUNS or word.startswith(("tabungan", "celengan"))


def _purpose(msg: _Msg, taken: set[int]) -> str | None:
    """What she saves for: after "buat/untuk/for/kanggo", or "biar bisa ...", to the next field."""
    for k in range(len(msg)):
        word = msg.word(k)
        if k in taken or not (word in _PURPOSE_MARKS or (word in _SO_THAT and msg.word(k + 1) in _ABLE)):
            continue
        start = k + 1 if word in _PURPOSE_MARKS else k + 2
        end = start
        while end < len(msg) and end not in taken and not _stops_purpose(msg, end):
            end += 1
        value = _trimmed(msg, start, end)
        if value:
            return value
    return None


def _stops_purpose(msg: _Msg, k: int) -> bool:
    word = msg.word(k)
    return word in _PURPOSE_STOPS or word == ";" or word in _CLAUSE_MARKS or _is_noun(word) or word in _PURPOSE_MARKS


def _trimmed(msg: _Msg, i: int, j: int) -> str | None:
    """Tokens [i, j) as written, without edge marks or a trailing "ya bu"."""
    while i < j and msg.is_mark(i):
        i += 1
    while j > i and (msg.is_mark(j - 1) or msg.word(j - 1) in _POLITE or msg.toks[j - 1].text in _TRAILING_HONORIFIC):
        j -= 1
    value = msg.original(i, j).strip()
    return value if any(c.isalpha() for c in value) else None


# ---------------------------------------------------------------- clauses


def _is_question(msg: _Msg, i: int, j: int) -> bool:
    words = [msg.word(k) for k in range(i, j)]
    if "?" in words or any(w in _QUESTION_WORDS for w in words):
        return True
    content = [msg.word(k) for k in range(i, j) if not msg.is_mark(k) and msg.word(k) not in _POLITE]
    return len(content) > 1 and content[-1] in _TAG_NEGATION


def _negated(msg: _Msg, k: int, i: int) -> bool:
    """A negation one or two words before token k, within its clause: "ga nabung", "ga jadi nabung"."""
    return any(msg.word(x) in _NEGATION for x in range(max(i, k - 2), k))


def _clause_of(clauses: list[tuple[int, int]], k: int) -> tuple[int, int]:
    return next((c for c in clauses if c[0] <= k < c[1]), (0, 0))


def _is_put(msg: _Msg, k: int, i: int, j: int) -> bool:
    """Money put aside at token k: "nabung", or "simpan"/"masukin" with a savings noun in the clause."""
    word = msg.word(k)
    if word in _SAVE_VERBS:
        return True
    return word in _PUT_VERBS and any(_is_noun(msg.word(x)) for x in range(i, j))


def _withdraw_at(msg: _Msg, i: int, j: int) -> int | None:
    """The withdrawal verb of a clause: "ambil tabungan", "tabungan kepake", "withdrew"."""
    has_noun = any(_is_noun(msg.word(x)) for x in range(i, j))
    return next(
        (k for k in range(i, j) if msg.word(k) in _WITHDRAW_ALONE or (has_noun and msg.word(k) in _WITHDRAW_VERBS)),
        None,
    )


def _amount_near(msg: _Msg, k: int, i: int, j: int) -> int | None:
    """The first amount after token k in its clause, else the last before it ("10rb ditabung")."""
    inside = [a for a in msg.amounts if i <= a.i and a.j <= j]
    certain = [a for a in inside if a.certain] or inside
    after = [a for a in certain if a.i > k]
    before = [a for a in certain if a.j <= k]
    chosen = after[:1] or before[-1:]
    return chosen[0].value if chosen else None


def _is_act(msg: _Msg, k: int, i: int, j: int) -> bool:
    """Something done, not planned, asked or denied: no question, negation, intent or future word."""
    words = {msg.word(x) for x in range(i, j)}
    return not (
        _is_question(msg, i, j) or _negated(msg, k, i) or words & _INTENT or words & _FUTURE or words & _COLLECT
    )


# ---------------------------------------------------------------- goals


@dataclass(frozen=True)
class _Reading:
    """A message read once for a goal: where its times, rates and goal signals are."""

    msg: _Msg
    whens: list[_When]
    rates: list[_Rate]
    signals: list[int]  # tokens that make it a plan: intent, collecting, a rate, a deadline word


def _reading(msg: _Msg) -> _Reading:
    whens = _find_whens(msg)
    taken = {k for w in whens for k in range(w.i, w.j)}
    rates = _find_rates(msg, taken)
    # "mau" counts in a clause about saving: in "td nabung 10rb, besok mau beli beras" it plans the shopping.
    clauses = [(i, j) for i, j in msg.clauses(_CONJUNCTIONS) if _about_saving({msg.word(k) for k in range(i, j)})]
    signals = [k for i, j in clauses for k in range(i, j) if msg.word(k) in _INTENT | _COLLECT]
    signals += [r.i for r in rates] + [w.i for w in whens if w.marker]
    return _Reading(msg, whens, rates, sorted(signals))


def _about_saving(words: set[str]) -> bool:
    return bool(words & (_SAVE_VERBS | _COLLECT | _TARGET_WORDS)) or any(_is_noun(w) for w in words)


def _is_goal(r: _Reading) -> bool:
    msg = r.msg
    if not r.signals or _question_kind(msg) is not None:
        return False
    words = set(msg.norm.split())
    if not _about_saving(words):
        return False
    clauses = msg.clauses()
    if words & _WITHDRAW_VERBS and not words & (_SAVE_VERBS | _COLLECT) and _withdraws(msg, clauses):
        return False  # "mau ambil tabungan 50rb"
    # Negated intent or saving: "ga mau nabung", "belum ada target".
    for k in range(len(msg)):
        if msg.word(k) in _INTENT | _SAVE_VERBS | _COLLECT and _negated(msg, k, _clause_of(clauses, k)[0]):
            return False
    # A plan followed by "cukup ga?" asks something: answer it rather than set a goal.
    return not any(_is_question(msg, i, j) for i, j in clauses)


def _withdraws(msg: _Msg, clauses: list[tuple[int, int]]) -> bool:
    return any(_withdraw_at(msg, i, j) is not None for i, j in clauses)


def read_goal(text: str, today: date) -> GoalText | None:
    """A savings plan: "mau nabung buat seragam anak 300rb sampai Juli", "nabung 5rb sehari"; None otherwise."""
    r = _reading(_Msg(text))
    if not _is_goal(r):
        return None
    msg = r.msg
    in_times = {k for w in r.whens for k in range(w.i, w.j)}
    amounts = [a for a in msg.amounts if not in_times.intersection(range(a.i, a.j))]
    if any(a.certain for a in amounts):
        amounts = [a for a in amounts if a.certain]  # "seragam kelas 1 300rb": the 1 is not money
    per, used = _rate_amounts(msg, r.rates, amounts)
    rest = [a for a in amounts if a not in used]
    marked = [a for a in rest if _is_target_marked(msg, a)]
    # Of several amounts the total to reach is the marked one, else the largest.
    target = (marked or sorted(rest, key=lambda a: a.value))[-1 if not marked else 0].value if rest else None
    taken = in_times | {k for a in amounts for k in range(a.i, a.j)} | {k for x in r.rates for k in range(x.i, x.j)}
    return GoalText(
        purpose=_purpose(msg, taken),
        target=target,
        deadline=_deadline(r.whens, today),
        per_day=per.get("day"),
        per_week=per.get("week"),
    )


# ---------------------------------------------------------------- entries and withdrawals


def read_saving(text: str) -> int | None:
    """Money put aside now: "nabung 20rb", "td nabung 10rb", "masukin celengan 5rb" -> rupiah; None otherwise."""
    msg = _Msg(text)
    r = _reading(msg)
    # A rate or a deadline anywhere makes a plan, even one asked about ("nabung 5rb sehari, sebulan jadi berapa?").
    if _is_goal(r) or r.rates or any(w.marker for w in r.whens):
        return None
    for i, j in msg.clauses(_CONJUNCTIONS):
        if _withdraw_at(msg, i, j) is not None:
            continue
        k = next((x for x in range(i, j) if _is_put(msg, x, i, j)), None)
        if k is not None and _is_act(msg, k, i, j) and not _future_time(r.whens, i, j):
            amount = _amount_near(msg, k, i, j)
            if amount is not None:
                return amount
    return None


def _future_time(whens: list[_When], i: int, j: int) -> bool:
    """A time ahead in the clause ("bulan depan nabung 50rb", "3 bulan lagi"): a plan, not an entry."""
    return any(i <= w.i < j and (w.kind == "span" or (w.kind == "period" and w.n > 0)) for w in whens)


def read_withdrawal(text: str) -> int | None:
    """Money taken out of savings: "ambil tabungan 50rb", "tabungan kepake 20rb" -> rupiah; None otherwise."""
    msg = _Msg(text)
    for i, j in msg.clauses(_CONJUNCTIONS):
        k = _withdraw_at(msg, i, j)
        if k is not None and _is_act(msg, k, i, j):
            amount = _amount_near(msg, k, i, j)
            if amount is not None:
                return amount
    return None


# ---------------------------------------------------------------- questions

_HOW_MUCH = _phrases("berapa", "sabaraha", "how much", "how many")
_LOOKUP = _words("cek check lihat liat tingali info total totalnya jumlah jumlahnya saldo saldonya rekap balance")
_SHORT = _words("kurang kurangnya kekurangan kirang kirangna short")
_STILL_TO_GO = _phrases("berapa lagi", "lagi berapa", "sabaraha deui", "how much more", "left to", "to go")
_LEFT = _words("tinggal sisa sisanya tinggalnya left")
_TARGET_WORDS = _words("target targetnya targetku goal")
_BALANCE_WORDS = _SAVE_VERBS | _words("saldo saldonya savings balance")
# Questions about other money: "bunga tabungan berapa", "saldo KKS berapa", "berapa kali nabung".
_NOT_ABOUT_SAVINGS = _words(
    """bunga biaya admin potongan harga kembalian kembaliannya ongkos ongkir utang hutang cicilan kredit pinjaman
    kks pkh bansos bpnt bantuan pulsa kuota kali caranya cara arisan"""
)


def savings_question(text: str) -> str | None:
    """What she asks about her savings: "tabungan saya berapa" -> "balance", "kurang berapa lagi" -> "remaining"."""
    return _question_kind(_Msg(text))


def _question_kind(msg: _Msg) -> str | None:
    words = set(msg.norm.split())
    if words & _NOT_ABOUT_SAVINGS:
        return None
    how_much = bool(msg.find(_HOW_MUCH))
    if how_much or "?" in words:
        if words & _SHORT or msg.find(_STILL_TO_GO):
            return "remaining"
        about_balance = words & _BALANCE_WORDS or any(_is_noun(w) for w in words)
        if words & _LEFT and (words & _TARGET_WORDS or not about_balance):
            return "remaining"  # "target saya tinggal berapa"; "tabungan tinggal berapa" is the balance
    about_balance = words & _BALANCE_WORDS or any(_is_noun(w) for w in words)
    if not about_balance or words & _TARGET_WORDS or not (how_much or words & _LOOKUP):
        return None
    # "nabung 5rb sehari, sebulan jadi berapa" asks for a projection, not what she has.
    if _find_rates(msg, set()):
        return None
    # "td nabung 10rb, total jadi brp?" asks after an entry; "total tabungan 200rb" states, asks nothing.
    asking = [c for c in msg.clauses() if _asks(msg, *c)]
    if any(i <= a.i < j for a in msg.amounts for i, j in asking):
        return None
    return "balance"


def _asks(msg: _Msg, i: int, j: int) -> bool:
    words = {msg.word(k) for k in range(i, j)}
    return bool(words & _LOOKUP or words & _words("berapa sabaraha much ?"))
