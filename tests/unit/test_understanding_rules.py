"""The rules that run after the classifier: sessions by number, money first, leaving a question."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.transactions import parse_transactions
from nlu.cues import money_intent
from nlu.help_words import asks_for_help, kinds_asked
from nlu.keywords import command_intent, session_number, wants_to_cancel


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("sesi 6 ttg apa", 6),
        ("pertemuan ke-8 bahas apa ya? sy ga dateng kmrn", 8),
        ("materi kelima itu yg ttg apa ya bu", 5),
        ("sesi tilu welas eusina naon nya?", 13),
        ("pertemuan kagenep teh ngeunaan naon", 6),
        ("p2k2 yg ke-3 materinya apa", 3),
        ("what is P2K2 session 7 about?", 7),
        ("the fifth session", 5),
        ("Sesi 12 ttg apa bu", 12),
        # Not a session: a kelompok number, a clock time, two sessions at once.
        ("pertemuan kelompok 5 dialihkeun ka Saptu", None),
        ("undang melati jam 9", None),
        ("bedanya sesi 3 sama sesi 4 apa", None),
    ],
)
def test_session_named_by_number(text: str, number: int | None) -> None:
    assert session_number(text) == number


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("beli 2 karung beras 300rb", "record_expense"),
        ("aya nu meser 3 bungkus 15rebu", "record_sale"),
        ("total penjualan hari ini 250rb", "record_sale"),
        ("paid 120,000 for a new wok", "record_expense"),
        ("meuli endog sakilo 28 rebu", "record_expense"),
        ("tatangga meser lotek 3 bungkus, 30 rebu", "record_sale"),
        # No certain amount, or no clear word of her own buying or selling: the classifier decides.
        ("laku 85", None),
        ("dapet bansos 600rb kapan", None),
        ("modal 500rb cukup ga buat usaha", None),
        ("penjualan minggu ini brp", None),
    ],
)
def test_money_first(text: str, intent: str | None) -> None:
    assert money_intent(text) == intent


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("aya nu meser 3 bungkus 15rebu", "sale"),
        ("kamari kaical 15 siki, 75 rebu", "sale"),
        ("sold 30 pieces of kue today, 90k", "sale"),
        ("meuli beas sakarung 320 rebu", "expense"),
        ("beli telor 1 krat 55rb", "expense"),
        ("bought 3 kilos of chicken for 105k", "expense"),
    ],
)
def test_parser_gives_the_kind_and_skips_unit_counts(text: str, kind: str) -> None:
    (item,) = parse_transactions(text, date(2026, 11, 30)).items
    assert item.kind == kind
    assert item.amount >= 10_000  # the count (3 bungkus, 1 krat, 15 siki) is never the amount


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("batal", True),
        ("ga jadi deh", True),
        ("Batal!", True),
        ("ga jadi bu, tanggalnya mau sy cek dulu", True),
        ("teu jadi wae", True),
        ("never mind", True),
        ("batal pertemuan melati", False),  # a command to cancel a meeting
        ("ga jadi beli, uangnya kurang", False),
    ],
)
def test_leaving_a_question(text: str, leaves: bool) -> None:
    assert wants_to_cancel(text) is leaves


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("saha wae nu bade sumping di kelompok Mawar?", "ask_attendance"),
        ("who is coming to Mawar", "ask_attendance"),
        ("catat yg ga hadir di dahlia: bu Iis", "record_attendance"),
        ("insya allah hadir", "rsvp"),
        ("kalau ga hadir p2k2 gimana", None),
    ],
)
def test_attendance_words_in_three_languages(text: str, intent: str | None) -> None:
    assert command_intent(text) == intent


@pytest.mark.parametrize(
    ("text", "kinds", "help"),
    [
        ("mau pelatihan/modal usaha kemana", {"pelatihan", "modal"}, True),
        ("pinjaman modal usaha dimana", {"modal"}, True),
        ("ngurus PIRT sareng sertifikat halal ka mana", {"sertifikasi"}, True),
        ("hoyong nambut modal kanggo warung", {"modal"}, True),
        ("where can I sell at a bazaar or get a loan", {"pemasaran", "modal"}, True),
        ("tempat bantuan usaha di sekitar sini", set(), True),
        ("info umkm terdekat", set(), True),
        # A where-question about anything else: the rule gives the next intent.
        ("mau cari kerja dimana ya", set(), False),
        ("apotek terdekat di mana", set(), False),
        ("KTP sy ilang, ngurusnya dimana ya", set(), False),
        ("usaha sy mau naik kelas", set(), False),
    ],
)
def test_help_for_a_business_in_three_languages(text: str, kinds: set[str], help: bool) -> None:
    assert kinds_asked(text) == kinds
    assert asks_for_help(text) is help


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("link dasbor", "ask_dashboard_link"),
        ("Minta link dasbor dong!", "ask_dashboard_link"),
        ("dashboard", "ask_dashboard_link"),
        ("menta link dasbor atuh", "ask_dashboard_link"),
        ("pang kirimkeun link dasbor nya", "ask_dashboard_link"),
        ("send me the dashboard link please", "ask_dashboard_link"),
        ("apa itu dasbor?", None),  # a question about it, for the classifier
        ("dasbor dasbor dasbor", None),
    ],
)
def test_dashboard_link_in_three_languages(text: str, intent: str | None) -> None:
    assert command_intent(text) == intent
