"""The amount and date reader against a table of realistic messages, and a round trip of every amount form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.understanding.dates import make_date
from bot.understanding.transactions import parse_transactions
from nlu.money import AmountProblem, find_amounts, read_rupiah

TODAY = date(2026, 11, 28)  # a Saturday
CASES = yaml.safe_load((Path(__file__).parent.parent / "data" / "transaction_cases.yaml").read_text())


def _expected(case: dict) -> list[tuple[str | None, int]]:
    return [(None if i["kind"] == "unknown" else i["kind"], i["amount"]) for i in case["items"]]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_message_table(case: dict) -> None:
    parsed = parse_transactions(case["text"], TODAY)
    if case.get("ask"):
        assert parsed.needs_question and (
            parsed.problem or not parsed.items or any(not i.certain for i in parsed.items)
        )
        return
    assert parsed.problem is None, parsed.detail
    assert [(i.kind, i.amount) for i in parsed.items] == _expected(case)
    assert parsed.day == case["date"]


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("text", ["asdf", "🙂🙂", "1e9", "-50rb", "9" * 40, "laku", "belanja banyak hari ini"])
def test_garbage_never_becomes_an_entry(text: str) -> None:
    parsed = parse_transactions(text, TODAY)
    assert parsed.problem in ("no_amount", "bad_amount")
    assert parsed.items == []


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _spelled(n: int) -> str:
    from lokal import terbilang

    return terbilang(n)


# Every way the users write a whole number of rupiah that the reader promises to understand.
FORMS = {
    "rb": lambda n: f"{n // 1000}rb",
    "spaced rb": lambda n: f"{n // 1000} rb",
    "ribu": lambda n: f"{n // 1000} ribu",
    "rebu": lambda n: f"{n // 1000}rebu",
    "rébu": lambda n: f"{n // 1000} rébu",
    "k": lambda n: f"{n // 1000}k",
    "Rp dotted": lambda n: f"Rp{_dotted(n)}",
    "Rp spaced dash": lambda n: f"Rp {_dotted(n)},-",
    "dotted": lambda n: _dotted(n),
    "words": _spelled,
}


@given(thousands=st.integers(min_value=1, max_value=999_999), form=st.sampled_from(sorted(FORMS)))
def test_every_supported_form_reads_back_exactly(thousands: int, form: str) -> None:
    amount = thousands * 1000
    text = FORMS[form](amount)
    found = find_amounts(f"laku {text}")
    assert [a.value for a in found] == [amount], text


@given(
    millions=st.integers(1, 99),
    tenths=st.integers(1, 9),
    sep=st.sampled_from([",", "."]),
    unit=st.sampled_from(["jt", " jt", "juta", " juta"]),
)
def test_decimal_millions_read_back_exactly(millions: int, tenths: int, sep: str, unit: str) -> None:
    text = f"{millions}{sep}{tenths}{unit}"
    assert [a.value for a in find_amounts(text)] == [millions * 1_000_000 + tenths * 100_000], text


@pytest.mark.parametrize(
    ("slang", "value"),
    [
        ("gopek", 500),
        ("seceng", 1000),
        ("goceng", 5000),
        ("ceban", 10000),
        ("goban", 50000),
        ("cepek ceng", 100000),
        ("cepekceng", 100000),
        ("cetiao", 1000000),
        ("sarebu", 1000),
        ("sejuta", 1000000),
    ],
)
def test_street_numerals(slang: str, value: int) -> None:
    assert read_rupiah(slang) == value


def test_quantities_dates_and_times_are_not_amounts() -> None:
    assert [a.value for a in find_amounts("beli 5 kilo tepung 60 ribu")] == [60000]
    assert [a.value for a in find_amounts("beli gas 3kg 22.000")] == [22000]
    assert [a.value for a in find_amounts("tgl 5 jam 9 laku 20rb")] == [20000]
    assert [a.value for a in find_amounts("12 bungkus @7rb")] == [84000]


def test_negative_and_absurd_are_problems() -> None:
    for text in ("-50rb", "1" * 40):
        with pytest.raises(AmountProblem):
            find_amounts(text)


def test_make_date_takes_keywords_only() -> None:
    """The one date reader of dates.py and meetings.py: no (day, month, year) vs (year, month, day) mix-up."""
    assert make_date(day=7, month=12, year=2026) == date(2026, 12, 7)
    assert make_date(day=31, month=6, year=2026) is None
    assert make_date(day=29, month=2, year=2027) is None
    with pytest.raises(TypeError):
        make_date(7, 12, 2026)  # type: ignore[misc]
