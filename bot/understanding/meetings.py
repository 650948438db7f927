"""Meeting commands from a pendamping and invitation answers from a KPM, read by rule.

"undang kelompok Melati Senin 7 Desember jam 9 di Balai RW 05, materi ...": the fields
come in any order, in chat spelling, sometimes in Sundanese, with little punctuation.
A message is cut into tokens (tokens.py) that remember where they stand in the original text
(the place and topic are read back as she wrote them) and carry a normalized spelling
(nlu.normalize: "yg" -> "yang", "bu" -> "ibu", doubled letters collapsed) that the
patterns below match. Days are resolved forward: a meeting is never in the past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from bot.understanding.dates import MONTHS, WEEKDAYS, make_date
from bot.understanding.tokens import Tokens, token_pattern
from nlu.keywords import yes_no
from nlu.normalize import collapse, normalize_token

# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class MeetingText:
    groups: tuple[str, ...]  # lowercased names or numbers as written; ("*",) = all her kelompok
    day: date | None
    at: time | None
    vague_time: str | None  # "ba'da dzuhur", "pagi": a time of day without a clock time
    place: str | None
    topic: str | None
    label: str | None  # "P2K2", "FDS", "pertemuan rutin", ...
    weekday_mismatch: bool  # the weekday written is not the date's weekday


@dataclass(frozen=True)
class AttendanceText:
    absent: tuple[int, ...]
    present: tuple[int, ...]
    everyone: bool
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Rsvp:
    coming: bool | None  # None: not an answer ("belum tau", a question)
    reason: str | None  # why not, as she wrote it


# ---------------------------------------------------------------- tokens


def _words(text: str) -> frozenset[str]:
    """A word list in the spelling tokens are matched in (normalize_token collapses doubled letters)."""
    return frozenset(normalize_token(w) for w in text.split())


# A word keeps inner apostrophes and hyphens (ba'da, Al-Ikhlas, 7-12-2026); digits keep the
# dots, colons and slashes between them (09.00, 9:30, 7/12); any other mark is its own token.
_TOKEN = re.compile(r"\n|[^\W_]+(?:(?:['’\-]|(?<=\d)[./:](?=\d))[^\W_]+)*|[^\w\s]")
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_CLAUSE_END = frozenset(",.;!?")


def _tokens(text: str) -> Tokens:
    return Tokens(text, pattern=_TOKEN, spell=normalize_token)


def _alternatives(words: set[str] | frozenset[str] | dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# ---------------------------------------------------------------- days

# dates.py's tables, in the collapsed spelling of tokens ("minggu" -> "mingu", "jumaah" -> "jumah").
_MONTH = {collapse(k): v for k, v in MONTHS.items()}
_WEEKDAY = {collapse(k): v for k, v in WEEKDAYS.items()}
_SUNDAY = collapse("minggu")
_RELATIVE = {"besok": 1, "bsk": 1, "besuk": 1, "isukan": 1, "enjing": 1, "lusa": 2, "pageto": 2}
_TODAY = ("hari ini", "dinten ieu", "poe ieu")
_RELATIVE_DAY = token_pattern(_alternatives({*_RELATIVE, *_TODAY}))
_DATE = token_pattern(
    r"(?:(?P<tgl>tgl|tangal|tanggal|tang|tg)(?: [.:])? ?(?:ke ?)?)?(?P<d>\d{1,2})"
    r"(?:[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{4}|\d{2}))?"
    rf"| (?P<mon>{_alternatives(_MONTH)})(?: (?P<y2>\d{{4}}))?)?"
)
_WEEKDAY_NAME = token_pattern(rf"(?:(?P<pre>hari|dinten|poe) )?(?P<wd>{_alternatives(_WEEKDAY)})")
# "minggu depan" is next week, "2 minggu" two weeks: Sunday is "minggu" otherwise.
_WEEK_AFTER = _words("depan ini lalu kemarin ke besok deui payun kamari ka lagi")
_WEEK_BEFORE = _words("tiap setiap per satu dua tiga empat beberapa")
# A number after these is an address, a member or a clock, not a day: "RT 02/05", "kelompok 3 mei".
_NOT_A_DAY_AFTER = _words("rt rw no nomor nomer nmr kelompok kel klp jam jm pukul pkl gang gg blok jl jalan")
# Latest year a date may name: further ahead is a typo, not a meeting.
_YEARS_AHEAD = 2


@dataclass(frozen=True)
class _Day:
    start: int
    end: int
    offset: int | None = None  # days from today
    weekday: int | None = None
    day: int = 0
    month: int | None = None
    year: int | None = None


def _find_days(t: Tokens) -> list[_Day]:
    found: list[_Day] = []
    for m, i, j in t.find(_RELATIVE_DAY):
        found.append(_Day(i, j, offset=_RELATIVE.get(m.group(), 0)))
    for m, i, j in t.find(_DATE):
        said = _date_span(t, m, i, j)
        if said:
            found.append(said)
    for m, i, j in t.find(_WEEKDAY_NAME):
        if m["wd"] == _SUNDAY and not m["pre"] and (t.word(j) in _WEEK_AFTER or _is_number_word(t, i - 1)):
            continue
        found.append(_Day(i, j, weekday=_WEEKDAY[m["wd"]]))
    return sorted(found, key=lambda d: d.start)


def _is_number_word(t: Tokens, k: int) -> bool:
    return t.word(k).isdigit() or t.word(k) in _WEEK_BEFORE


def _date_span(t: Tokens, m: re.Match[str], i: int, j: int) -> _Day | None:
    if not (m["tgl"] or m["m"] or m["mon"]):
        return None
    if not m["tgl"] and t.word(i - 1) in _NOT_A_DAY_AFTER:
        return None
    month = int(m["m"]) if m["m"] else _MONTH.get(m["mon"] or "")
    year_text = m["y"] or m["y2"]
    year = int(year_text) if year_text else None
    if year is not None and year < 100:
        year += 2000
    return _Day(i, j, day=int(m["d"]), month=month, year=year)


def _next_weekday(today: date, weekday: int) -> date:
    """The next such day strictly after today: "Senin" said on a Monday is next week's."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _date_of(said: _Day, today: date) -> date | None:
    if said.offset is not None:
        return today + timedelta(days=said.offset)
    if said.month is None:
        # "tgl 7": this month if the 7th has not passed, else the next month that has a 7th.
        for step in range(13):
            year, month = divmod(today.month - 1 + step, 12)
            found = make_date(day=said.day, month=month + 1, year=today.year + year)
            if found and found >= today:
                return found
        return None
    years = [said.year] if said.year else [today.year, today.year + 1]
    for year in years:
        found = make_date(day=said.day, month=said.month, year=year) if year <= today.year + _YEARS_AHEAD else None
        if found and found >= today:
            return found
    return None


def _resolve_day(days: list[_Day], today: date) -> tuple[date | None, bool]:
    written = next((d for d in days if d.weekday is None), None)
    weekday = next((d.weekday for d in days if d.weekday is not None), None)
    if written is None:
        return (None if weekday is None else _next_weekday(today, weekday)), False
    found = _date_of(written, today)
    if found is None:
        return None, False
    return found, weekday is not None and found.weekday() != weekday


# ---------------------------------------------------------------- clock and time of day

_DAY_PARTS = _words("pagi siang sore malam malem")
_CLOCK = token_pattern(
    r"(?:(?P<kw>jam|jm|pukul|pkl|pk|tabuh)(?: [.:])? ?(?:ke )?)?(?P<half>setengah )?"
    r"(?P<h>\d{1,2})(?:[.:](?P<min>\d{2}))?(?:an)?(?:-[\d.:]+)?"
    r"(?: (?:lewat|lebih) (?P<plus>\d{1,2})(?: menit)?)?"
    r"(?: (?P<q>pagi|siang|sore|malam|malem|wib|wita|wit))?"
)
_PRAYERS = "subuh|shubuh|dzuhur|zuhur|duhur|dhuhur|lohor|luhur|ashar|asar|ashr|maghrib|magrib|magreb|isya|isya'"
_AFTER = "ba'da|bada|ba'do|bakda|habis|abis|sehabis|setelah|stlh|sesudah|selesai|beres|sabada|saatos|sebelum|jelang"
_VAGUE = token_pattern(
    rf"(?:(?:{_AFTER}) )?(?:(?:sholat|shalat|solat|salat) )?(?:{_PRAYERS})|pagi|siang|sore|malam|malem"
)
_GREETING = _words("selamat wilujeng")


@dataclass(frozen=True)
class _Clock:
    start: int
    end: int
    at: time


def _find_clocks(t: Tokens, taken: set[int]) -> list[_Clock]:
    found: list[_Clock] = []
    for m, i, j in t.find(_CLOCK):
        if taken.intersection(range(i, j)) or not (m["kw"] or m["min"] or m["q"]):
            continue
        if not m["kw"] and t.word(i - 1) in _NOT_A_DAY_AFTER:
            continue
        # "malam jam 7": a time of day just before the clock says which half of the day.
        qualifier = m["q"] or (t.word(i - 1) if t.word(i - 1) in _DAY_PARTS else None)
        at = _clock_time(int(m["h"]), int(m["min"] or 0) + int(m["plus"] or 0), bool(m["half"]), qualifier)
        if at:
            found.append(_Clock(i, j, at))
    return found


def _clock_time(hour: int, minute: int, half: bool, qualifier: str | None) -> time | None:
    if half:  # "setengah 10" is half way to ten
        hour, minute = (hour - 1) or 12, 30
    if hour > 23 or minute > 59:
        return None
    return time(_afternoon(hour, qualifier), minute)


def _afternoon(hour: int, qualifier: str | None) -> int:
    """A 12-hour clock to 24 hours; without a word, 1 to 6 are afternoon: nobody meets at 1 a.m."""
    if hour == 0 or hour >= 12:
        return hour
    if qualifier == "pagi":
        return hour
    if qualifier == "siang":
        return hour + 12 if hour <= 5 else hour
    if qualifier == "sore":
        return hour + 12 if hour <= 7 else hour
    if qualifier in ("malam", "malem"):
        return hour + 12 if hour >= 5 else hour
    return hour + 12 if hour <= 6 else hour


@dataclass(frozen=True)
class _Vague:
    start: int
    end: int


def _find_vague(t: Tokens, clocks: list[_Clock]) -> list[_Vague]:
    taken = {k for c in clocks for k in range(c.start, c.end)}
    return [
        _Vague(i, j)
        for _, i, j in t.find(_VAGUE)
        if not taken.intersection(range(i, j)) and t.word(i - 1) not in _GREETING
    ]


# ---------------------------------------------------------------- label, place, topic

_LABEL = token_pattern(
    r"p2k2|fds|family development session|pertemuan (?:kelompok|rutin|bulanan)|arisan|rapat|penyuluhan|sosialisasi"
)
_LABEL_NAMES = {"p2k2": "P2K2", "fds": "FDS", "family development session": "FDS"}
_TOPIC_MARKERS = _words("materi materinya tema temanya topik topiknya membahas bahas bahasan pembahasan ngabahas")
_AFTER_TOPIC_MARKER = _words(": - nya tentang mengenai yaitu yakni adalah yang akan di dibahas bahas")
_PLACE_WORDS = _words("bertempat tempat tempatnya lokasi lokasinya")
_AFTER_PLACE_MARKER = _words(": - = di ke ka nya yaitu adalah")
# "di undur", "di bahas": "di" written apart from its verb is not a place.
_DI_VERBS = _words(
    "undur undurkan mundurkan majukan majuin pindah pindahkan pindahin ganti ubah rubah geser tunda undang "
    "bahas batalkan absen kirim adakan laksanakan jadwalkan"
)
# "dirumah bu RT", "dibalai desa": chat glues "di" to the place.
_GLUED_PLACE = re.compile(
    r"di(?:balai|bale|rumah|masjid|mesjid|musholla|mushola|musola|aula|posyandu|kantor|gedung|sekolah|paud|lapangan"
    r"|pendopo|saung|madrasah|kelurahan|desa|rw|rt|kediaman|halaman|pos|majelis|gor)(?:nya)?"
)
# Words that may stand between two fields: "di balai desa mulai jam 9", "... untuk P2K2".
_CONNECTORS = _words("untuk mulai pada acara acaranya sekitar tepat waktu waktunya dimulai dengan serta")
_POLITE = _words("ya yah nggih ngih nya oke ok sip makasih terima kasih thanks nuhun hatur tks trims deh dong saja aja")
_HONORIFIC = _words("ibu bapak pak mbak kak teh")
_SPLIT = frozenset(",;!?")
_TOPIC_SPLIT = _SPLIT | {"."}


@dataclass
class _Layout:
    """Where each field of a message stands (token ranges), before values are resolved."""

    t: Tokens
    days: list[_Day]
    clocks: list[_Clock]
    vague: list[_Vague]
    labels: list[tuple[int, int, str]]
    topic: str | None = None
    place: str | None = None
    groups: list[str] = field(default_factory=list)
    group_tokens: set[int] = field(default_factory=set)
    # First tokens of the day, clock and time-of-day phrases; of labels; of the P2K2/FDS labels.
    time_starts: set[int] = field(init=False)
    label_starts: set[int] = field(init=False)
    strong_starts: set[int] = field(init=False)

    def __post_init__(self) -> None:
        self.time_starts = {s.start for s in (*self.days, *self.clocks, *self.vague)}
        self.label_starts = {i for i, _, _ in self.labels}
        self.strong_starts = {i for i, _, name in self.labels if name in ("P2K2", "FDS")}

    def label(self) -> str | None:
        names = [name for _, _, name in self.labels]
        return next((n for n in names if n in ("P2K2", "FDS")), names[0] if names else None)


def _layout(text: str) -> _Layout:
    t = _tokens(text)
    days = _find_days(t)
    clocks = _find_clocks(t, {k for d in days for k in range(d.start, d.end)})
    labels = [(i, j, _LABEL_NAMES.get(m.group(), m.group())) for m, i, j in t.find(_LABEL)]
    lay = _Layout(t, days, clocks, _find_vague(t, clocks), labels)
    topic = _find_topic(lay)
    masked = set(range(topic[0], topic[1])) if topic else set()
    place = _find_place(lay, masked)
    if place:
        masked.update(range(place[0], place[1]))
    # What was read inside the place or topic belongs to them ("materi persiapan hari raya").
    lay.days = [d for d in days if d.start not in masked]
    lay.clocks = [c for c in clocks if c.start not in masked]
    lay.vague = [v for v in lay.vague if v.start not in masked]
    lay.labels = [x for x in labels if x[0] not in masked]
    lay.topic = topic[2] if topic else None
    lay.place = place[2] if place else None
    _find_groups(lay, masked)
    return lay


def _starts_field(lay: _Layout, k: int, depth: int = 0) -> bool:
    t = lay.t
    if k >= len(t):
        return False
    word = t.word(k)
    return (
        k in lay.time_starts
        or k in lay.label_starts
        or word in _TOPIC_MARKERS
        or word in _GROUP_WORDS
        or _place_marker(t, k) is not None
        or (word in _CONNECTORS and depth < 2 and _starts_field(lay, k + 1, depth + 1))
    )


def _find_topic(lay: _Layout) -> tuple[int, int, str] | None:
    """After "materi"/"tema"/"bahas" to the end, or to a comma followed by another field."""
    t = lay.t
    for k in range(len(t)):
        if t.word(k) not in _TOPIC_MARKERS or (t.word(k - 1) == "di" and t.word(k) in _DI_VERBS):
            continue
        if t.word(k + 1) in _INTRO | _GROUP_WORDS:  # "materi pertemuan Melati diganti": which meeting's topic
            continue
        start = k + 1
        while start < len(t) and t.word(start) in _AFTER_TOPIC_MARKER:
            start += 1
        end = start
        while end < len(t) and not (t.word(end) in _TOPIC_SPLIT and _starts_field(lay, end + 1)):
            end += 1
        value = _trimmed(t, start, end)
        if value:
            return k, end, value
    return None


def _place_marker(t: Tokens, k: int) -> tuple[int, int, int] | None:
    """(first token of the place, its first character, where to look for its end) if a place starts at k."""
    word = t.word(k)
    if word == "di" and t.word(k + 1) not in _DI_VERBS:
        return k + 1, -1, k + 1
    if word in _PLACE_WORDS and t.word(k + 1) not in _INTRO | _GROUP_WORDS:
        start = k + 1
        while start < len(t) and t.word(start) in _AFTER_PLACE_MARKER:
            start += 1
        return start, -1, start
    if 0 <= k < len(t) and _GLUED_PLACE.fullmatch(word):
        return k, t.toks[k].start + 2, k + 1
    return None


def _find_place(lay: _Layout, masked: set[int]) -> tuple[int, int, str] | None:
    t = lay.t
    for k in range(len(t)):
        marker = _place_marker(t, k) if k not in masked else None
        if marker is None:
            continue
        first, from_char, end = marker
        end = _place_end(lay, end, masked)
        value = _trimmed(t, first, end, None if from_char < 0 else from_char)
        if value:
            return k, end, value
    return None


def _place_end(lay: _Layout, k: int, masked: set[int], bare: bool = False) -> int:
    """The place runs to a comma, the next day/time/topic, "untuk P2K2", or the end."""
    t = lay.t
    stops = lay.time_starts | lay.strong_starts
    first = k
    while k < len(t) and k not in masked:
        word = t.word(k)
        if word in _SPLIT or word == ";" or k in stops or word in _TOPIC_MARKERS:
            break
        if word == "." and (k + 1 == len(t) or _starts_field(lay, k + 1)):
            break
        if word in _CONNECTORS and _starts_field(lay, k + 1):
            break
        # "ke Balai Desa jam 9 di aula" in a change: a second place marker ends a bare place.
        if bare and k > first and _place_marker(t, k) is not None:
            break
        k += 1
    return k


def _trimmed(t: Tokens, i: int, j: int, from_char: int | None = None) -> str | None:
    """The original text of tokens [i, j) without edge punctuation or a trailing "ya bu"."""
    while i < j and from_char is None and _is_mark(t, i):
        i += 1
    while j > i and (
        _is_mark(t, j - 1)
        or t.word(j - 1) in _POLITE
        or (t.word(j - 1) in _HONORIFIC and j - 2 >= i and (_is_mark(t, j - 2) or t.word(j - 2) in _POLITE))
    ):
        j -= 1
    value = t.original(i, j, from_char).strip()
    return value or None


def _is_mark(t: Tokens, k: int) -> bool:
    """A punctuation or emoji token (a closing bracket belongs to what it closes)."""
    return t.is_mark(k) and t.toks[k].text not in (")", "]")


# ---------------------------------------------------------------- kelompok

_GROUP_WORDS = _words("kelompok kel klp kelp klpk klmpk kelompk kelmpok grup group")
_ALL_WORDS = _words("semua seluruh smua semuanya sadaya sadayana sakabeh all")
# Words a kelompok name follows without "kelompok": "absen Melati", "pertemuan Mawar", "hadir Melati?".
_INTRO = _words(
    "pertemuan pasamoan meeting p2k2 fds rapat arisan jadwal absen absensi kehadiran hadir datang dtg dateng "
    "sumping rsvp undangan undang ngundang ulem invite batalkan batalin batal bolaykeun cancel"
)
_CHANGE_VERBS = _words(
    "diundur dimundurkan diundurkan diundurin undur mundur mundurkan dimajukan dimajuin majukan maju dipindah "
    "dipindahkan dipindahin pindah pindahkan diganti ganti gantikan diubah ubah dirubah rubah digeser geser "
    "reschedule ditunda tunda"
)
_JOIN = _words(", & + / dan sama serta jeung sareng and")
_NOT_NAME = (
    _words(
        """di ke ka dari pada untuk dengan yang dan atau sama serta jeung sareng ini itu nya ya yah ada akan mau bakal
        sudah belum tidak teu jadi juga saja lagi dong deh sih kok nih tuh mah teh atuh wae oge ibu bapak mbak kak
        teteh anggota warga kpm peserta kader pendamping para nu saha siapa apa kapan gimana bagaimana berapa mana
        dimana naon iraha kumaha tgl tanggal tang jam jm pukul pkl tabuh waktu hari dinten poe kemarin tadi sekarang
        nanti depan materi materinya tema temanya topik topiknya bahas membahas tentang tempat tempatnya bertempat
        lokasi lokasinya rutin bulanan kelompok acara acaranya kegiatan jadwalnya undangannya pertemuannya jawab
        jawaban rekap daftar list dibatalkan tolong mohon kirim kabari catat isi lihat cek kecuali no nomor nomer nmr
        tepat wajib harap jangan lupa makasih terima kasih oke siap ok semua seluruh lengkap full bikin buat buatkan
        jadwalkan penyuluhan sosialisasi modul sesi to a the on at for in of is who coming udah anak ibu-ibu bu"""
    )
    | _DAY_PARTS
    | _TOPIC_MARKERS
    | _PLACE_WORDS
    | _INTRO
    | _CHANGE_VERBS
    | _GROUP_WORDS
    | _ALL_WORDS
    | frozenset(_WEEKDAY)
    | frozenset(_RELATIVE)
    | frozenset(p for p in _PRAYERS.split("|"))
    | frozenset(a for a in _AFTER.split("|"))
    | _words("jamnya harinya tanggalnya waktunya tempatnya lokasinya materinya temanya topiknya")
)
# "Melati 2 minggu lagi": a number before these counts time, it is not part of the name.
_DURATION = _words("minggu hari bulan pekan jam menit tahun kali orang")
_GROUP_NUMBER = re.compile(r"(?:ke-)?0*(\d{1,2})")


def _find_groups(lay: _Layout, masked: set[int]) -> None:
    """Kelompok after "kelompok", after a meeting word, or before a change verb ("Melati diundur")."""
    t = lay.t
    # Label words stay usable: "P2K2 Melati" names Melati after the label.
    stops = masked | {k for s in (*lay.days, *lay.clocks, *lay.vague) for k in range(s.start, s.end)}
    found: list[tuple[str, int, int]] = []
    everyone = False
    for k in range(len(t)):
        if k in stops:
            continue
        word = t.word(k)
        if (word in _ALL_WORDS and t.word(k + 1) in _GROUP_WORDS) or (
            word in _GROUP_WORDS and t.word(k + 1) in _ALL_WORDS
        ):
            everyone = True
        elif word in _GROUP_WORDS and t.word(k - 1) not in _ALL_WORDS:
            found += _group_list(t, k, True, stops)
        elif word in _INTRO:
            found += _group_list(t, k + 1, False, stops)
    if not found and _is_name(t, 0, stops):
        end = _name_end(t, 0, stops)
        if t.word(end) in _CHANGE_VERBS or (t.word(end) == "di" and t.word(end + 1) in _DI_VERBS):
            found.append((_name_of(t, 0, end), 0, end))
    names = list(dict.fromkeys(name for name, _, _ in found))
    lay.groups = ["*"] if everyone else names
    lay.group_tokens = {k for _, i, j in found for k in range(i, j)}


def _group_list(t: Tokens, k: int, numbers: bool, stops: set[int]) -> list[tuple[str, int, int]]:
    """Names (and, after "kelompok", numbers) from token k: "Melati, Mawar", "3 & 5", "Melati dan kelompok 2"."""
    found: list[tuple[str, int, int]] = []
    while k < len(t) and k not in stops:
        if t.word(k) in _GROUP_WORDS:
            numbers = True
            k += 1
            while t.word(k) in {".", ":", "no", "nomor", "nomer", "nmr"}:
                k += 1
            continue
        number = _GROUP_NUMBER.fullmatch(t.toks[k].text) if numbers else None
        if number:
            found.append((str(int(number.group(1))), k, k + 1))
            k += 1
        elif _is_name(t, k, stops):
            end = _name_end(t, k, stops)
            # "Melati 2" is a name: kelompok are often numbered within a village.
            if (
                numbers
                and end < len(t)
                and end not in stops
                and re.fullmatch(r"\d{1,2}", t.toks[end].text)
                and t.word(end + 1) not in _DURATION
            ):
                end += 1
            found.append((_name_of(t, k, end), k, end))
            k = end
        else:
            break
        if t.word(k) not in _JOIN:
            break
        k += 1
    return found


def _is_name(t: Tokens, k: int, stops: set[int]) -> bool:
    if k >= len(t) or k in stops:
        return False
    text = t.toks[k].text
    return len(text) > 1 and bool(_NAME_TOKEN.fullmatch(text)) and t.word(k) not in _NOT_NAME


def _name_end(t: Tokens, k: int, stops: set[int]) -> int:
    while _is_name(t, k, stops):
        k += 1
    return k


def _name_of(t: Tokens, i: int, j: int) -> str:
    return " ".join(tok.text.lower() for tok in t.toks[i:j])


# ---------------------------------------------------------------- invitations and changes


def read_time(text: str) -> tuple[time | None, str | None]:
    """(clock time, time of day said without a clock): "jam 2 siang" -> 14:00; "ba'da dzuhur" -> vague."""
    return _time_of(_layout(text))


def _time_of(lay: _Layout) -> tuple[time | None, str | None]:
    if lay.clocks:
        return lay.clocks[0].at, None
    if lay.vague:
        v = lay.vague[0]
        return None, " ".join(lay.t.original(v.start, v.end).lower().split())
    return None, None


def read_future_day(text: str, today: date) -> tuple[date | None, bool]:
    """(the day meant, today or later; whether the weekday written disagrees with the date written)."""
    return _resolve_day(_layout(text).days, today)


def read_groups(text: str) -> tuple[str, ...]:
    return tuple(_layout(text).groups)


def read_meeting(text: str, today: date) -> MeetingText:
    return _meeting(_layout(text), today)


def _meeting(lay: _Layout, today: date) -> MeetingText:
    day, mismatch = _resolve_day(lay.days, today)
    at, vague = _time_of(lay)
    return MeetingText(
        groups=tuple(lay.groups),
        day=day,
        at=at,
        vague_time=vague,
        place=lay.place,
        topic=lay.topic,
        label=lay.label(),
        weekday_mismatch=mismatch,
    )


_NEW_VALUE = _words("ke ka jadi menjadi mjd jd : = >")
_CHANGE_HINTS = {
    "place": _words("tempat tempatnya lokasi lokasinya"),
    "topic": _words("materi materinya tema temanya topik topiknya"),
    "time": _words("jam jamnya waktu waktunya pukul"),
    "day": _words("hari harinya tanggal tanggalnya tgl"),
}
# A bare "ke ..." that is about time, not a place: "diundur ke minggu depan".
_NOT_A_PLACE = _words("minggu bulan pekan tahun depan nanti lain kapan waktu jam hari tgl tanggal")


def read_change(text: str, today: date) -> MeetingText:
    """What a change sets: the words after "diundur/dipindah/diganti ... ke/jadi"; the kelompok from all of it.

    Words before the verb name the meeting being changed ("P2K2 Melati besok diundur ke Senin").
    """
    whole = _layout(text)
    t = whole.t
    verb = next((k for k in range(len(t)) if _is_change_verb(t, k)), None)
    if verb is None:
        verb = next((k for k in range(len(t)) if t.word(k) in ("jadi", "menjadi")), None)
    if verb is None:
        said = _meeting(whole, today)
    else:
        after = verb + (2 if t.word(verb) == "di" else 1)
        tail = after
        for k in range(after, len(t)):
            if k in whole.time_starts:  # "diundur jam 1 siang": the new value follows the verb
                break
            if t.word(k) in _NEW_VALUE:
                tail = k + 1
                break
        hint = next((h for k in reversed(range(tail)) for h, ws in _CHANGE_HINTS.items() if t.word(k) in ws), None)
        said = _read_new_values(text[t.toks[tail].start :] if tail < len(t) else "", today, hint)
    # The label names the meeting; a change never sets it.
    return _replace(said, groups=tuple(whole.groups), label=None)


_CHANGED_FIELDS = ("day", "at", "vague_time", "place", "topic", "label", "weekday_mismatch")


def _is_change_verb(t: Tokens, k: int) -> bool:
    return t.word(k) in _CHANGE_VERBS or (t.word(k) == "di" and t.word(k + 1) in _DI_VERBS - {"undang", "bahas"})


def _read_new_values(tail: str, today: date, hint: str | None) -> MeetingText:
    """The new values after "ke"/"jadi": a day and time, a place, or (after "materi ... diganti") a topic."""
    lay = _layout(tail)
    said = _meeting(lay, today)
    t = lay.t
    if not len(t):
        return said
    # "jamnya diganti jadi 10", "tanggalnya diganti jadi 9": the number alone is the clock or the date.
    if hint == "time" and said.at is None and said.vague_time is None:
        return _read_new_values(f"jam {tail}", today, None)
    if hint == "day" and said.day is None:
        return _read_new_values(f"tgl {tail}", today, None)
    if hint == "topic" and said.topic is None:
        end = next((k for k in range(len(t)) if t.word(k) in _SPLIT and _starts_field(lay, k + 1)), len(t))
        return _replace(said, topic=_trimmed(t, 0, end))
    if said.place is None and not _starts_field(lay, 0) and (hint == "place" or t.word(0) not in _NOT_A_PLACE):
        return _replace(said, place=_trimmed(t, 0, _place_end(lay, 0, set(), bare=True)))
    return said


def _replace(said: MeetingText, **values: object) -> MeetingText:
    fields = {f: getattr(said, f) for f in ("groups", *_CHANGED_FIELDS)}
    return MeetingText(**{**fields, **values})


# ---------------------------------------------------------------- attendance

_ATTEND = "hadir|datang|dtg|dateng|sumping|masuk|ikut"
_ALL_OF_THEM = "semua|semuanya|sadaya|sadayana|lengkap|full"
_EVERYONE = token_pattern(rf"(?:{_ALL_OF_THEM}) (?:{_ATTEND})|(?:{_ATTEND}) (?:{_ALL_OF_THEM})")
_EXCEPT = token_pattern(r"kecuali|kec|selain|iwal")
_ABSENT = token_pattern(
    rf"(?:yang )?(?:tidak|teu|henteu|belum|ora|mboten)(?: (?:bisa|sempat|tiasa))? (?:{_ATTEND})"
    r"|(?:yang )?(?:berhalangan|absen|izin|ijin|alpa|alfa|bolos)"
)
_PRESENT = token_pattern(rf"(?:yang )?(?:{_ATTEND})")
# Words between a list and what it is: "tidak hadir: no 3", "yang absen tadi nomor 4".
_LIST_FILLER = _words(": - no nomor nomer nmr yaitu yakni adalah tadi cuma hanya anggota urutan nya yang ada .")
_LIST_JOIN = _words(", & + / dan sama serta jeung sareng")
_MEMBER = re.compile(r"(\d{1,3})(?:-(\d{1,3}))?")
_RANGE_WORDS = _words("- sampai sampe hingga sd")
_MAX_RANGE = 60


def read_attendance(text: str) -> AttendanceText | None:
    """Who came to a meeting, by the member numbers of the list she was sent; None if the text says nothing."""
    lay = _layout(text)
    t = lay.t
    taken = set(lay.group_tokens)
    everyone = bool(t.find(_EVERYONE))
    for _, i, j in t.find(_EVERYONE):
        taken.update(range(i, j))
    absent: set[int] = set()
    for _, _, j in t.find(_EXCEPT):
        absent |= _members(t, j, 1, taken)
    if everyone and _EXCEPT.search(t.norm):
        if not absent:  # "semua hadir kecuali bu Siti": names we cannot count
            return None
        everyone = False
    for _, i, j in t.find(_ABSENT):
        absent |= _members(t, j, 1, taken) or _members(t, i - 1, -1, taken)
        taken.update(range(i, j))
    present: set[int] = set()
    for _, i, j in t.find(_PRESENT):
        if not taken.intersection(range(i, j)):
            present |= _members(t, j, 1, taken) or _members(t, i - 1, -1, taken)
    if not (everyone or absent or present):
        return None
    return AttendanceText(tuple(sorted(absent)), tuple(sorted(present - absent)), everyone, tuple(lay.groups))


def _members(t: Tokens, k: int, step: int, taken: set[int]) -> set[int]:
    """Member numbers listed from token k on, walking forward (step 1) or back (step -1).

    A list starts with a number (words like "no" may come first): a comma before any number
    ends it, so in "1-5 hadir, 6 tidak datang" the 6 is not one of those who came.
    """
    items: list[int | str] = []  # in reading order; "-" stands for "sampai"
    while 0 <= k < len(t) and k not in taken:
        word = t.word(k)
        number = _MEMBER.fullmatch(word)
        chunk: list[int | str] = []
        if number:
            chunk = [int(number.group(1))] if not number.group(2) else [int(number.group(1)), "-", int(number.group(2))]
        elif items and (word in _RANGE_WORDS or _is_sd(t, k, step)):
            chunk = ["-"]
            k += 2 * step if word in ("s", "d") else 0
        elif not (items and word in _LIST_JOIN) and word not in _LIST_FILLER:
            break
        items = chunk + items if step < 0 else items + chunk
        k += step
    return _expand(items)


def _is_sd(t: Tokens, k: int, step: int) -> bool:
    """The three tokens of "s/d" (sampai dengan), read in either direction."""
    return [t.word(k), t.word(k + step), t.word(k + 2 * step)][::step] == ["s", "/", "d"]


def _expand(items: list[int | str]) -> set[int]:
    found = {n for n in items if isinstance(n, int)}
    for low, dash, high in zip(items, items[1:], items[2:], strict=False):
        if dash == "-" and isinstance(low, int) and isinstance(high, int) and 0 <= high - low <= _MAX_RANGE:
            found.update(range(low, high + 1))
    return found


# ---------------------------------------------------------------- a KPM's answer

# Spellings yes_no (nlu.keywords) does not cover, in the token spelling.
_NEGATION = _words("tidak teu henteu hente moal ora mboten ndak nda g gk tak kaga not no can't cannot won't")
_BARE_NO = _NEGATION | _words("no nope gabisa gbs gakbisa")
_GLUED_NO = _words("gabisa gbs gakbisa gabisaa tdkbisa gkbisa gbisa")
_EXCUSED = _words("berhalangan halangan izin ijin absen")
_CAN = _words("bisa dapat sempat tiasa saged iso bakal akan jadi mampu sanggup kenging")
_COME = _words("hadir datang dateng dtg sumping ikut rawuh teko kesana kesitu come attend ngiring")
_SELF = _words("saya abdi i")
_YES = _words("hadir datang dateng dtg sumping ikut rawuh siap oke iya ya muhun sumuhun leres yes yup bisa coming come")
_INSYAALLAH = token_pattern(r"in ?s[yh]a'? ?al+[ao]h|ins[yh]?al+[ao]h|insya|insha")
_QUESTION_WORDS = _words(
    "apa apakah kapan gimana bagaimana berapa siapa mana dimana kenapa naon iraha kumaha sabaraha kalau upami "
    "tanya bertanya nanya"
)
_UNSURE = token_pattern(
    r"(?:belum|tidak|kurang|teu|acan|teu acan) (?:tau|tahu|pasti|yakin|terang)|lihat nanti|liat nanti"
    r"|nanti (?:saya )?(?:kabari|dikabari|kabarin)|belum"
)
_MAYBE = token_pattern(r"mungkin|kayaknya|sepertinya|kayanya|diusahakan|usahakan|semoga|moga")
_BECAUSE = _words("karena soalnya sebab lantaran pasalnya kusabab margi alasannya alasan berhubung gara")
_REASON_FILLER = (
    _words(
        "ibu bapak mbak kak teh ya yah maaf mohon punten sorry deh dulu nya mah atuh makasih terima kasih nuhun hatur "
        "tks trims"
    )
    | _BECAUSE
)
_REASON_TAIL = _REASON_FILLER | _SELF | _words("jadi makanya sehingga so")


def read_rsvp(text: str) -> Rsvp:
    """A KPM's answer to "balas HADIR atau TIDAK": negation wins over "hadir" ("tidak bisa hadir")."""
    t = _tokens(text)
    clauses = _clauses(t)
    answers = [c for c in clauses if not _is_question(t, c)]
    if not answers:
        return Rsvp(None, None)
    said = " ".join(" ".join(t.word(k) for k in range(i, j)) for i, j in answers)
    refusal = _refusal(t, answers)
    if _UNSURE.search(said) and not refusal:  # "belum tau", but "belum bisa hadir" is a no
        return Rsvp(None, None)
    if refusal:
        stop = next((i for i, j in clauses if i >= refusal[1] and (i, j) not in answers), len(t))
        return Rsvp(False, _reason(t, refusal, stop))
    if _MAYBE.search(said):
        return Rsvp(None, None)
    if any(_says_yes(t, i, j) for i, j in answers):
        return Rsvp(True, None)
    return Rsvp(None, None)


def _clauses(t: Tokens) -> list[tuple[int, int]]:
    """Token ranges split after , . ; ! ? and line breaks (the mark stays with its clause)."""
    found: list[tuple[int, int]] = []
    start = 0
    for k in range(len(t)):
        if t.word(k) in _CLAUSE_END:
            found.append((start, k + 1))
            start = k + 1
    if start < len(t):
        found.append((start, len(t)))
    return found


def _is_question(t: Tokens, clause: tuple[int, int]) -> bool:
    i, j = clause
    return t.word(j - 1) == "?" or any(t.word(k) in _QUESTION_WORDS for k in range(i, j))


def _refusal(t: Tokens, answers: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Tokens of the first "tidak bisa hadir", "teu tiasa sumping", "izin" or bare "tidak"."""
    for i, j in answers:
        for k in range(i, j):
            word = t.word(k)
            if word in _EXCUSED or word in _GLUED_NO:
                return k, _refusal_end(t, k + 1, j)
            if word not in _NEGATION and word != "belum":
                continue
            after = k + 1
            while after < j and t.word(after) in _SELF:
                after += 1
            if t.word(after) in _CAN | _COME and after < j:
                return k, _refusal_end(t, after, j)
            rest = [t.word(x) for x in range(i, j) if not _is_mark(t, x) and t.word(x) not in _REASON_FILLER]
            if word != "belum" and rest and all(w in _BARE_NO for w in rest):
                return k, _refusal_end(t, k + 1, j)
    return None


def _refusal_end(t: Tokens, k: int, j: int) -> int:
    while k < j and t.word(k) in _NEGATION | _CAN | _COME | _SELF | _EXCUSED:
        k += 1
    return k


def _reason(t: Tokens, refusal: tuple[int, int], stop: int) -> str | None:
    """What she gave as the reason: after "karena", else after the refusal, else before it."""
    start, end = refusal
    because = next((k for k in range(stop) if t.word(k) in _BECAUSE), None)
    if because is not None:
        span = (because + 1, start if start > because else stop)
    elif any(not _is_mark(t, k) and t.word(k) not in _REASON_FILLER for k in range(end, stop)):
        span = (end, stop)
    else:
        span = (0, start)
    i, j = span
    while i < j and (_is_mark(t, i) or t.word(i) in _REASON_FILLER):
        i += 1
    while j > i and (_is_mark(t, j - 1) or t.word(j - 1) in _REASON_TAIL):
        j -= 1
    value = t.original(i, j).strip()
    return value if any(c.isalpha() for c in value) else None


def _says_yes(t: Tokens, i: int, j: int) -> bool:
    words = " ".join(t.word(k) for k in range(i, j))
    return (
        any(t.word(k) in _YES for k in range(i, j))
        or bool(_INSYAALLAH.search(words))
        or yes_no(t.original(i, j)) is True
    )
