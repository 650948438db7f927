"""Answers read by keyword, not by the classifier.

A classifier trained on a small set is confidently wrong on "1", "ya" or "muhun";
these short answers are read here, and the actions ask what they mean in context.
"""

from __future__ import annotations

import re

from nlu.normalize import collapse, normalize_text

_NUMBER_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    # Sundanese
    "hiji": 1,
    "tilu": 3,
    "opat": 4,
    "genep": 6,
    "dalapan": 8,
    "salapan": 9,
    "sapuluh": 10,
    # English
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
}
# Words that may surround a bare choice: "no 2", "pilih 3", "yang 1 saja".
_CHOICE_FILLER = {
    "no",
    "nomor",
    "nomer",
    "nmr",
    "pilih",
    "pilihan",
    "opsi",
    "angka",
    "yang",
    "saja",
    "ibu",
    "ya",
    "deh",
    "dong",
    "wae",
    "mah",
    "teh",
    "option",
    "number",
    "ke",
    "oke",
}
_SALAM = re.compile(r"\bas+alamu\W?alaikum|\bassalam|\basw\b|\basl?kum\b|\basl?mkm\b|\bsalam\b", re.IGNORECASE)


def menu_choice(text: str) -> int | None:
    """The number chosen if the message is only a choice: '2', 'no. 2', 'pilih dua', 'hiji'."""
    words = [w for w in re.split(r"[\s.,:!?()#]+", normalize_text(text)) if w]
    numbers: list[int] = []
    for word in words:
        if word.isdigit() and len(word) <= 2:
            numbers.append(int(word))
        elif word in _NUMBER_WORDS:
            numbers.append(_NUMBER_WORDS[word])
        elif word not in _CHOICE_FILLER:
            return None
    return numbers[0] if len(numbers) == 1 else None


_YES = {
    "ya",
    "iya",
    "iy",
    "yes",
    "y",
    "betul",
    "bener",
    "benar",
    "muhun",
    "leres",
    "sip",
    "oke",
    "siap",
    "yup",
    "he'eh",
    "heeh",
    "ok",
    "sumuhun",
    "lrs",
}
_NO = {"bukan", "bkn", "tidak", "salah", "henteu", "hente", "sanes", "no", "nope", "teu", "entos", "ulah"}
_ANSWER_FILLER = {"ibu", "deh", "kok", "itu", "sudah", "dong", "atuh", "mah", "teh", "nya", "sih", "kak", "min", "saja"}


_MORE = re.compile(
    r"^(lagi|lanjut|lanjutkan|teruskan|terus|mau tahu lebih|mau lagi|lagi dong|lanjut dong|more|next|deui|"
    r"salajengna)[.!?]*$"
)


def wants_more(text: str) -> bool:
    """'lagi', 'lanjut', 'more': she wants the next part of what she was just told."""
    return bool(_MORE.match(" ".join(text.lower().split())))


def yes_no(text: str) -> bool | None:
    """True for a bare yes ('ya', 'betul', 'muhun'), False for a bare no ('bukan', 'salah', 'henteu')."""
    words = [w for w in re.split(r"[\s.,:!?()]+", normalize_text(text)) if w]
    words = [w for w in words if w not in _ANSWER_FILLER]
    if not words:
        return None
    collapsed_yes = {collapse(w) for w in _YES}
    collapsed_no = {collapse(w) for w in _NO}
    if all(w in collapsed_yes for w in words):
        return True
    if all(w in collapsed_no or w == "tidak" for w in words):
        return False
    return None


def is_salam(text: str) -> bool:
    """Did she greet with assalamualaikum (so we answer wa'alaikumsalam)?"""
    return bool(_SALAM.search(text)) or collapse("assalamualaikum") in normalize_text(text).split()


# Pendamping commands and invitation answers start with words nothing else uses;
# read them by rule so a 35-member invitation never hinges on a classifier's guess.
_COMMANDS = [
    ("nudges_off", re.compile(r"^(matikan|nonaktifkan|hentikan|stop|off)\s+(pesan|pengingat|nudge)\s+ming+uan\b")),
    ("nudges_on", re.compile(r"^(nyalakan|aktifkan|hidupkan|on)\s+(lagi\s+)?(pesan|pengingat|nudge)\s+ming+uan\b")),
    (
        "ask_progress",
        re.compile(
            r"^(laporan|perkembangan|rekap)\s+(usaha|catatan|pencatatan)\b|^siapa\s+(yang\s+|yg\s+)?rajin\s+mencatat\b"
        ),
    ),
    ("invite_meeting", re.compile(r"^(undang|undangan|ulem|ngundang|invite)\b")),
    (
        "cancel_meeting",
        re.compile(
            r"^(batalkan|batalin|batal|bolaykeun|cancel)\s+(pertemuan|rapat|p2k2|meeting|fds|kelompok|jadwal)\b"
        ),
    ),
    (
        "change_meeting",
        re.compile(
            r"\b(diundur|dimundurkan|dimajukan|dipindah|dipindahkan|diganti|diubah|reschedule|pindah)\b.*\bke\b|\b(diundur|dimajukan)\b"
        ),
    ),
    (
        "ask_attendance",
        re.compile(
            r"^(siapa|saha)\s+(saja\s+|aja\s+|wae\s+)?(yang\s+|yg\s+|nu\s+)?(mau\s+|bade\s+|rek\s+|bakal\s+|akan\s+)?"
            r"(hadir|datang|dtg|dateng|ikut|sumping|dongkap)\b|^daftar\s+hadir\b|^rsvp\b|^who\s+(is\s+|will\s+be\s+)?"
            r"(coming|came|attending|attended)\b"
        ),
    ),
    (
        "record_attendance",
        re.compile(
            r"^absen\b|^((catat|catet|cek)\s+)?(yang|yg|nu)\s+(tidak|ga|gak|nggak|teu)\s+(datang|dtg|dateng|hadir|sumping|dongkap)\b|^(semua|hadir\s+semua)\s*(hadir|datang)?\s*(kecuali\b|$)"
        ),
    ),
]
_RSVP = re.compile(
    r"\b(hadir|datang|dtg|sumping|berhalangan|izin|ijin|insya\s*allah|insyaallah|insyallah|inshaallah)\b"
)


# Question words in the three languages (a "?" is often left out in chat).
QUESTION_WORDS = (
    r"apa|apakah|kapan|gimana|gmn|bagaimana|kenapa|knp|berapa|brp|dmn|dimana|mana|boleh|siapa|saha|naon|"
    r"iraha|kumaha|sabaraha|naha|who|what|when|how|where|which|why"
)
# "bisa"/"can" ask too, but "ga bisa hadir" answers an invitation: only is_question counts them.
_ASKS = re.compile(rf"\?|\b({QUESTION_WORDS}|bisa|can)\b", re.IGNORECASE)


def is_question(text: str) -> bool:
    return bool(_ASKS.search(text))


# "kalau ga hadir p2k2 gimana", "cek izin pinjol": questions about attending, not answers.
_QUESTION = re.compile(
    rf"\d|\?|\b({QUESTION_WORDS}|bisa\s+ga|pengaruh|bantuan|pinjol|cek|sanksi|kalau|kalo|klo|upami|if|daftar|catat|catet)\b"
)
# "batal", "ga jadi", "cancel": she leaves whatever question we asked (actions/questions.py).
_CANCEL = re.compile(
    r"^(batal|batalin|batalkan|bolay|cancel|ga\s*jadi|gak\s*jadi|nggak\s*jadi|engga\s*jadi|tidak\s*jadi|teu\s*jadi|"
    r"henteu\s*jadi|gausah|ga\s*usah|gak\s*usah|nevermind|never\s*mind|forget\s*it|keluar|exit)"
    r"(\s+(aja|saja|wae|deh|dong|ya|yah|bu|teh|mah|atuh|please|dulu|we))*([,.;!]\s*.*)?$"
)


def wants_to_cancel(text: str) -> bool:
    """'batal', 'ga jadi deh', 'ga jadi bu, tanggalnya mau sy cek dulu' (a reason may follow a comma)."""
    return bool(_CANCEL.match(" ".join(text.lower().split())))


# "link dasbor", "minta link dasbor dong", "dashboard", "menta link dasbor atuh", "send me the dashboard
# link": the word dasbor/dashboard with only asking words around it. "apa itu dasbor?" is not one.
_DASHBOARD_WORD = re.compile(r"^(dasbor|dasboard|dashbor|dashboard|dasbord|dashbord)$")
_DASHBOARD_FILLER = set(
    # asking and sending
    """minta mohon tolong kirim kirimkan kirimin kirimi bagi mau ingin pengen boleh menta nyuhunkeun hoyong pang
    pangkirimkeun kirimkeun bade please send give get can i have need want"""
    # the link and where it leads
    """ link linknya tautan tautannya login log masuk lebet buka open sign in web halaman pendamping koordinator
    pkh ke untuk buat kanggo the a to for my me saya abdi aku sy"""
    # politeness
    """ bu pak dong ya yah atuh nya mah teh deh lagi deui again new baru""".split()
)


def asks_dashboard_link(text: str) -> bool:
    """She asks for the dashboard's sign-in link, in any of the three languages."""
    words = [w for w in re.split(r"[\s.,:;!?()'\"]+", normalize_text(text)) if w]
    named = [w for w in words if _DASHBOARD_WORD.match(w)]
    return len(named) == 1 and len(words) <= 10 and all(w in _DASHBOARD_FILLER or w in named for w in words)


def command_intent(text: str) -> str | None:
    """A pendamping's command (meetings, nudges, the dashboard link), or a KPM's answer to an invitation."""
    if asks_dashboard_link(text):
        return "ask_dashboard_link"
    low = " ".join(normalize_text(text).split())
    for intent, pattern in _COMMANDS:
        if pattern.search(low):
            return intent
    raw = text.lower()
    if _RSVP.search(low) and len(low.split()) <= 12 and not _QUESTION.search(low) and not _QUESTION.search(raw):
        return "rsvp"
    return None


# Ordinals and numbers 1-14 in Indonesian, Sundanese and English ("kelima", "kalima", "fifth", "lima").
_UNITS = {
    1: "satu|pertama|kesatu|hiji|kahiji|first|one",
    2: "dua|kedua|kadua|second|two",
    3: "tiga|ketiga|tilu|katilu|third|three",
    4: "empat|keempat|opat|kaopat|fourth|four",
    5: "lima|kelima|kalima|fifth|five",
    6: "enam|keenam|genep|kagenep|sixth|six",
    7: "tujuh|ketujuh|katujuh|seventh|seven",
    8: "delapan|kedelapan|dalapan|kadalapan|eighth|eight",
    9: "sembilan|kesembilan|salapan|kasalapan|ninth|nine",
    10: "sepuluh|kesepuluh|sapuluh|kasapuluh|tenth|ten",
    11: "sebelas|kesebelas|sabelas|kasabelas|eleventh|eleven",
    12: r"dua\s*belas|keduabelas|ke\s*dua\s*belas|dua\s*welas|kaduawelas|twelfth|twelve",
    13: r"tiga\s*belas|ketigabelas|ke\s*tiga\s*belas|tilu\s*welas|katiluwelas|thirteenth|thirteen",
    14: r"empat\s*belas|keempatbelas|ke\s*empat\s*belas|opat\s*welas|kaopatwelas|fourteenth|fourteen",
}
_WORD_TO_NUMBER = [(n, re.compile(rf"^(?:{words})$")) for n, words in sorted(_UNITS.items(), reverse=True)]
_ALL_WORDS = "|".join(words for _, words in sorted(_UNITS.items(), reverse=True))
SESSION = re.compile(
    rf"\b(?:sesi|pertemuan|materi|session|topik)\s*(?:p2k2\s*)?(?:ke|ka|kaping|nomor|no|number|#)?\s*[-.]?\s*"
    rf"(?P<n>\d{{1,2}}|{_ALL_WORDS})\b"
    rf"|\b(?P<w>{_ALL_WORDS})\s+(?:session|sesi)\b"
    rf"|\bp2k2\s+(?:yg\s+|yang\s+|nu\s+)?(?:ke|ka)\s*-?\s*(?P<k>\d{{1,2}}|{_ALL_WORDS})\b"
)


def session_number(text: str) -> int | None:
    """The P2K2 session named by number in the message, if exactly one is."""
    found = set()
    for match in SESSION.finditer(" ".join(text.lower().split())):
        said = (match.group("n") or match.group("w") or match.group("k") or "").strip()
        if said.isdigit():
            found.add(int(said))
            continue
        said = re.sub(r"\s+", " ", said)
        for number, pattern in _WORD_TO_NUMBER:
            if pattern.match(said):
                found.add(number)
                break
    return found.pop() if len(found) == 1 else None
