"""The savings reader (bot/understanding/savings.py): a table of chat messages, and properties of its readings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.understanding.savings import GoalText, read_goal, read_saving, read_withdrawal, savings_question

TODAY = date(2026, 11, 28)  # a Saturday
CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "savings_cases.yaml").read_text(encoding="utf-8")
)
_GOAL_FIELDS = ("purpose", "target", "deadline", "per_day", "per_week")


def _goal_fields(said: GoalText | None) -> dict[str, Any] | None:
    return None if said is None else {f: getattr(said, f) for f in _GOAL_FIELDS}


def _expected_goal(case: dict[str, Any]) -> dict[str, Any] | None:
    return None if case.get("none") else {f: case.get(f) for f in _GOAL_FIELDS}


def _check(case: dict[str, Any]) -> None:
    fn, text = case["fn"], case["text"]
    if fn == "goal":
        assert _goal_fields(read_goal(text, TODAY)) == _expected_goal(case)
    elif fn == "saving":
        assert read_saving(text) == case["amount"]
    elif fn == "withdrawal":
        assert read_withdrawal(text) == case["amount"]
    elif fn == "question":
        assert savings_question(text) == case["kind"]
    else:
        raise AssertionError(f"unknown fn {fn!r}")


@pytest.mark.parametrize("case", CASES, ids=[f"{c['fn']}: {c['text'][:50]}" for c in CASES])
def test_message_table(case: dict[str, Any]) -> None:
    _check(case)


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 70
    assert {c["fn"] for c in CASES} == {"goal", "saving", "withdrawal", "question"}


def test_results_are_frozen() -> None:
    said = read_goal("nabung 5rb sehari", TODAY)
    assert said is not None
    with pytest.raises(AttributeError):
        said.per_day = 1  # type: ignore[misc]


def test_a_goal_is_never_an_entry_or_a_withdrawal() -> None:
    for case in CASES:
        if case["fn"] == "goal" and not case.get("none"):
            assert read_saving(case["text"]) is None, case["text"]
            assert read_withdrawal(case["text"]) is None, case["text"]
            assert savings_question(case["text"]) is None, case["text"]


def test_an_entry_is_never_a_goal() -> None:
    for case in CASES:
        if case["fn"] == "saving" and case["amount"] is not None:
            assert read_goal(case["text"], TODAY) is None, case["text"]


# ---------------------------------------------------------------- properties

_VOCABULARY = [
    "nabung",
    "td",
    "mau",
    "target",
    "tabungan",
    "celengan",
    "ambil",
    "kepake",
    "buat",
    "sehari",
    "tiap",
    "hari",
    "minggu",
    "seminggu",
    "bulan",
    "depan",
    "lagi",
    "sampai",
    "sebelum",
    "akhir",
    "tahun",
    "tgl",
    "juli",
    "des",
    "lebaran",
    "berapa",
    "kurang",
    "tinggal",
    "ga",
    "?",
    ",",
    "5rb",
    "1,5jt",
    "lima ribu",
    "goceng",
    "Rp.20.000",
    "-5rb",
    "999999999999999rb",
]
_MESSAGES = st.lists(
    st.one_of(
        st.sampled_from(_VOCABULARY),
        st.integers(min_value=0, max_value=3000).map(str),
        st.builds(lambda d, m: f"{d}/{m}", st.integers(0, 40), st.integers(0, 14)),
    ),
    max_size=10,
).map(" ".join)
_DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(9999, 12, 31))


@given(text=st.one_of(_MESSAGES, st.text(max_size=120)), today=_DAYS)
def test_readers_never_raise(text: str, today: date) -> None:
    read_goal(text, today)
    read_saving(text)
    read_withdrawal(text)
    assert savings_question(text) in (None, "balance", "remaining")


@given(text=_MESSAGES, today=st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31)))
def test_a_deadline_is_never_in_the_past(text: str, today: date) -> None:
    said = read_goal(text, today)
    assert said is None or said.deadline is None or said.deadline >= today


@given(n=st.integers(min_value=1, max_value=999))
def test_nabung_n_ribu_is_an_entry_of_n_thousand(n: int) -> None:
    assert read_saving(f"nabung {n}rb") == n * 1000
    assert read_goal(f"nabung {n}rb", TODAY) is None


@given(n=st.integers(min_value=1, max_value=999), rate=st.sampled_from(["sehari", "per hari", "tiap hari"]))
def test_a_daily_amount_is_a_goal_not_an_entry(n: int, rate: str) -> None:
    said = read_goal(f"nabung {n}rb {rate}", TODAY)
    assert said is not None
    assert (said.per_day, said.per_week, said.target) == (n * 1000, None, None)
    assert read_saving(f"nabung {n}rb {rate}") is None


@given(months=st.integers(min_value=1, max_value=24), today=st.dates(date(2000, 1, 1), date(2098, 1, 1)))
def test_months_ahead_keep_the_day(months: int, today: date) -> None:
    """Adding N months ("N bulan lagi") keeps the day of the month (days 1-28, which every month has)."""
    today = today.replace(day=min(today.day, 28))
    said = read_goal(f"target 1jt {months} bulan lagi", today)
    assert said is not None and said.deadline is not None
    assert said.deadline.day == today.day
    assert (said.deadline.year - today.year) * 12 + said.deadline.month - today.month == months
