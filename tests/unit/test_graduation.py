"""Graduation candidates from the rules in data/graduation.yml, decisions with their history, and the monthly target.

Every number here is written by hand from the entries each test books; nothing is computed by the code under test.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import session_scope
from bot.graduation import service
from bot.graduation.rules import CHECKS, GRADUATION_FILE, RulesError, load, parse
from bot.knowledge import pena_chat
from bot.ledger import service as ledger
from bot.roster.identity import identify
from bot.roster.importer import import_roster
from bot.roster.models import Kpm, Pendamping

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
SITI, EUIS, DEWI, NINING, YATI, AI = (f"+62812200000{n:02d}" for n in (2, 3, 4, 5, 6, 7))
TODAY = date(2026, 12, 10)  # December is still running: the months judged end with November 2026
ASKED = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
UMK_2026 = 4_737_678  # Kota Bandung, Kepgub Jabar 561.7/Kep.862-Kesra/2025
_sid = count(1)


def kpm_id(session: Session, phone: str) -> int:
    found = session.scalar(select(Kpm.id).where(Kpm.phone == phone))
    assert found is not None
    return found


def book(session: Session, phone: str, day: date, sales: int = 0, expenses: int = 0) -> list[ledger.Entry]:
    items = [ledger.NewItem(kind, amount) for kind, amount in (("sale", sales), ("expense", expenses)) if amount]
    return ledger.record(session, kpm_id(session, phone), f"SM{next(_sid)}", day, items)


def pena(session: Session, phone: str, age: int, willing: bool, at: datetime = ASKED) -> None:
    """Her answers through the chat's own result(), which stores them."""
    pena_chat.result(session, identify(session, phone), age, "warung", willing, False, now=at)


def rina(session: Session) -> int:
    found = session.scalar(select(Pendamping.id).where(Pendamping.name == "Rina Marlina"))
    assert found is not None
    return found


@pytest.fixture()
def roster(db_url: str) -> str:
    with session_scope(db_url) as session:
        import_roster(session, ROSTER.read_bytes())
    return db_url


def nining_rising_four_months(session: Session) -> dict[str, list[ledger.Entry]]:
    """Nining (34): sales 5.0M in June, then 2.0M, 2.5M, 3.0M, 4.0M, 9.0M from July to November (4 rises after
    July); November's spending 3.0M, so November's profit is 6.0M; a big December (still running) is not judged."""
    booked = {
        "june": book(session, NINING, date(2026, 6, 15), sales=5_000_000),
        "july": book(session, NINING, date(2026, 7, 31), sales=2_000_000, expenses=800_000),
        "august": book(session, NINING, date(2026, 8, 1), sales=2_500_000),
        "september": book(session, NINING, date(2026, 9, 10), sales=1_000_000)
        + book(session, NINING, date(2026, 9, 30), sales=2_000_000),
        "october": book(session, NINING, date(2026, 10, 31), sales=4_000_000, expenses=1_000_000),
        "november": book(session, NINING, date(2026, 11, 1), sales=4_500_000, expenses=3_000_000)
        + book(session, NINING, date(2026, 11, 30), sales=4_500_000),
        "december": book(session, NINING, date(2026, 12, 1), sales=50_000_000),
    }
    pena(session, NINING, 34, willing=True)
    return booked


def test_sales_rising_four_months_and_profit_above_umk_make_her_a_candidate_with_those_numbers(roster: str) -> None:
    with session_scope(roster) as session:
        nining_rising_four_months(session)
        found = service.candidates(session, today=TODAY, pendamping_id=rina(session))
    assert [c.name for c in found] == ["Nining Suryani"]
    (nining,) = found
    assert nining.qualifies and nining.kelompok == "Melati" and nining.kota == "Kota Bandung"
    rising = nining.rule("sales_rising")
    assert rising.passed and rising.required
    assert rising.evidence == {
        "streak": 4,
        "min_months": 3,
        "months": ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"],
        "sales": [2_000_000, 2_500_000, 3_000_000, 4_000_000, 9_000_000],
    }
    profit = nining.rule("profit_above_umk")
    assert profit.passed
    assert profit.evidence == {
        "months": [
            {
                "month": "2026-11",
                "sales": 9_000_000,
                "expenses": 3_000_000,
                "profit": 6_000_000,
                "umk": UMK_2026,
                "umk_year": 2026,
                "umk_kota": "Kota Bandung",
            }
        ]
    }
    assert nining.rule("pena_ready").passed
    assert nining.rule("pena_ready").evidence == {"answered_at": ASKED, "age": 34, "eligible": True, "willing": True}
    # Twelve complete months, December 2025 to November 2026, zeros included.
    assert (nining.months[0].key, len(nining.months)) == ("2025-12", 12)
    assert [(m.key, m.sales, m.expenses) for m in nining.months[-6:]] == [
        ("2026-06", 5_000_000, 0),
        ("2026-07", 2_000_000, 800_000),
        ("2026-08", 2_500_000, 0),
        ("2026-09", 3_000_000, 0),
        ("2026-10", 4_000_000, 1_000_000),
        ("2026-11", 9_000_000, 3_000_000),
    ]
    page = nining.as_dict()
    assert page["qualifies"] is True
    assert page["rules"][2]["evidence"]["answered_at"] == "2026-11-20T03:00:00+00:00"  # type: ignore[index]


def test_three_rises_are_enough_and_one_flat_month_breaks_the_streak(roster: str) -> None:
    with session_scope(roster) as session:
        for phone, monthly in (
            (YATI, (1_000_000, 2_000_000, 3_000_000, 6_000_000)),  # 3 rises: the rule's minimum
            (SITI, (2_000_000, 2_500_000, 2_500_000, 6_000_000)),  # October flat: the streak is November alone
        ):
            for month, sales in zip((8, 9, 10, 11), monthly, strict=True):
                book(session, phone, date(2026, month, 15), sales=sales)
        pena(session, YATI, 39, willing=True)
        pena(session, SITI, 38, willing=True)
        everyone = {c.name: c for c in service.evaluate(session, today=TODAY, pendamping_id=rina(session))}
    yati, siti = everyone["Yati Rohayati"], everyone["Siti Aminah"]
    assert yati.qualifies
    assert yati.rule("sales_rising").evidence["streak"] == 3
    assert yati.rule("sales_rising").evidence["sales"] == [1_000_000, 2_000_000, 3_000_000, 6_000_000]
    assert not siti.qualifies
    assert not siti.rule("sales_rising").passed
    assert siti.rule("sales_rising").evidence == {
        "streak": 1,
        "min_months": 3,
        "months": ["2026-10", "2026-11"],
        "sales": [2_500_000, 6_000_000],
    }
    assert siti.rule("profit_above_umk").passed and siti.rule("pena_ready").passed  # only the streak keeps her off


def test_a_month_without_sales_does_not_start_a_streak(roster: str) -> None:
    with session_scope(roster) as session:
        for month, sales in ((9, 1_000_000), (10, 3_000_000), (11, 6_000_000)):  # nothing recorded before September
            book(session, YATI, date(2026, month, 15), sales=sales)
        (yati,) = service.evaluate(session, today=TODAY, kpm_ids=[kpm_id(session, YATI)])
    assert yati.rule("sales_rising").evidence["streak"] == 2
    assert yati.rule("sales_rising").evidence["months"] == ["2026-09", "2026-10", "2026-11"]


def test_corrections_change_the_result(roster: str) -> None:
    with session_scope(roster) as session:
        booked = nining_rising_four_months(session)
        nid = kpm_id(session, NINING)
        # "hapus yang tadi" on the 30 November sale: November sells 4.5M, still more than October's 4.0M,
        # but its profit is 4.5M - 3.0M = 1.5M, under the UMK.
        ledger.delete(session, nid, booked["november"][-1].id, by=NINING, source_sid="SMdel")
        (after_delete,) = service.evaluate(session, today=TODAY, kpm_ids=[nid])
        # "salah, bukan 4jt tapi 9,5jt" on October's sale: November's 4.5M is now less than October.
        october_sale = next(e for e in booked["october"] if e.kind == "sale")
        ledger.correct(session, nid, october_sale.id, 9_500_000, by=NINING, source_sid="SMfix")
        (after_correction,) = service.evaluate(session, today=TODAY, kpm_ids=[nid])
        assert service.candidates(session, today=TODAY, pendamping_id=rina(session)) == []
    assert after_delete.rule("sales_rising").passed
    rising = after_delete.rule("sales_rising").evidence
    assert rising["sales"] == [2_000_000, 2_500_000, 3_000_000, 4_000_000, 4_500_000]
    assert not after_delete.rule("profit_above_umk").passed
    assert after_delete.rule("profit_above_umk").evidence["months"][0]["profit"] == 1_500_000  # type: ignore[index]
    assert not after_delete.qualifies
    assert after_correction.rule("sales_rising").evidence["streak"] == 0
    assert [m.sales for m in after_correction.months[-2:]] == [9_500_000, 4_500_000]


def test_her_latest_pena_answer_counts_and_not_willing_excludes_her_when_the_rule_requires_it(roster: str) -> None:
    data = yaml.safe_load(GRADUATION_FILE.read_text())
    pena_rule = next(r for r in data["candidate_rules"] if r["check"] == "pena_answer")
    lenient = copy.deepcopy(data)
    next(r for r in lenient["candidate_rules"] if r["name"] == pena_rule["name"])["required"] = False
    with session_scope(roster) as session:
        nining_rising_four_months(session)  # willing on 20 November
        later = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
        pena(session, NINING, 34, willing=False, at=later)
        scope = {"today": TODAY, "pendamping_id": rina(session)}
        assert service.candidates(session, **scope) == []  # type: ignore[arg-type]
        (shown,) = service.candidates(session, **scope, rules=parse(lenient))  # type: ignore[arg-type]
        pena(session, NINING, 34, willing=True, at=datetime(2026, 12, 3, 3, 0, tzinfo=UTC))
        assert [c.name for c in service.candidates(session, **scope)] == ["Nining Suryani"]  # type: ignore[arg-type]
    assert not shown.rule(pena_rule["name"]).passed
    shown_pena = shown.rule(pena_rule["name"]).evidence
    assert shown_pena == {"answered_at": later, "age": 34, "eligible": False, "willing": False}


def test_a_kpm_who_never_answered_pena_is_not_listed(roster: str) -> None:
    with session_scope(roster) as session:
        for month, sales in ((8, 1_000_000), (9, 2_000_000), (10, 3_000_000), (11, 6_000_000)):
            book(session, AI, date(2026, month, 15), sales=sales)
        (ai,) = service.evaluate(session, today=TODAY, kpm_ids=[kpm_id(session, AI)])
    assert ai.rule("sales_rising").passed and ai.rule("profit_above_umk").passed
    assert ai.rule("pena_ready").evidence["answered_at"] is None and not ai.qualifies


def test_a_month_is_judged_against_the_umk_of_its_own_year(roster: str) -> None:
    """Judged in January 2026, December 2025 counts against 2025's Rp4.482.914(,09): above means 4.482.915."""
    with session_scope(roster) as session:
        book(session, YATI, date(2025, 12, 20), sales=4_482_914)
        book(session, AI, date(2025, 12, 20), sales=4_482_915)
        ids = [kpm_id(session, YATI), kpm_id(session, AI)]
        ai, yati = service.evaluate(session, today=date(2026, 1, 15), kpm_ids=ids)  # by kelompok, then name
    assert (ai.name, yati.name) == ("Ai Nurhayati", "Yati Rohayati")
    assert not yati.rule("profit_above_umk").passed and ai.rule("profit_above_umk").passed
    assert ai.rule("profit_above_umk").evidence["months"][0]["umk"] == 4_482_914  # type: ignore[index]
    assert ai.rule("profit_above_umk").evidence["months"][0]["umk_year"] == 2025  # type: ignore[index]


def test_decisions_keep_their_history_and_graduates_count_per_month_against_the_target(roster: str) -> None:
    def at(month: int, day: int, hour: int = 3) -> datetime:
        return datetime(2026, month, day, hour, 0, tzinfo=UTC)

    with session_scope(roster) as session:
        nining_rising_four_months(session)
        lina = Pendamping(name="Lina", phone="+6281220000099")  # a second pendamping, no graduates
        session.add(lina)
        session.flush()
        ids = {phone: kpm_id(session, phone) for phone in (NINING, YATI, DEWI, AI)}
        koordinator = "+6281220000098"
        rina_phone = "+6281220000001"
        service.decide(session, ids[NINING], "discussed", rina_phone, "usaha seblak naik terus", now=at(10, 5))
        service.decide(session, ids[NINING], "proposed_pena", rina_phone, now=at(10, 20))
        service.decide(session, ids[NINING], "graduated", koordinator, "surat pernyataan ditandatangani", at(11, 3))
        service.decide(session, ids[NINING], "graduated", koordinator, "dicek lagi", now=at(12, 2))  # date stays
        # 30 November 18:00 UTC is already 1 December in Rina's zone (WIB).
        service.decide(session, ids[YATI], "graduated", rina_phone, now=datetime(2026, 11, 30, 18, 0, tzinfo=UTC))
        service.decide(session, ids[AI], "graduated", rina_phone, now=at(12, 5))
        service.decide(session, ids[DEWI], "graduated", rina_phone, now=at(10, 10))
        service.decide(session, ids[DEWI], "not_now", koordinator, "salah input", now=at(10, 20))  # taken back
        with pytest.raises(ValueError, match="decision must be one of"):
            service.decide(session, ids[DEWI], "lulus", rina_phone)
        with pytest.raises(ValueError, match="no KPM"):
            service.decide(session, 999, "discussed", rina_phone)
        history = service.history(session, ids[NINING])
        latest = service.latest_decisions(session, list(ids.values()))
        many = service.histories(session, [*ids.values(), 999])
        assert many == {k: service.history(session, k) for k in ids.values()}  # one query, the same histories
        rows = service.counts_by_pendamping_month(
            session, [rina(session), lina.id], ["2026-10", "2026-11", date(2026, 12, 1)]
        )
        rina_id, lina_id = rina(session), lina.id
        # Graduated: never listed again, though every rule still holds for her.
        (still,) = service.evaluate(session, today=TODAY, kpm_ids=[ids[NINING]])
        assert service.candidates(session, today=TODAY, kpm_ids=[ids[NINING]]) == []
    assert [(d.decision, d.decided_by, d.decided_at, d.note) for d in history] == [
        ("discussed", rina_phone, at(10, 5), "usaha seblak naik terus"),
        ("proposed_pena", rina_phone, at(10, 20), ""),
        ("graduated", koordinator, at(11, 3), "surat pernyataan ditandatangani"),
        ("graduated", koordinator, at(12, 2), "dicek lagi"),
    ]
    assert latest[ids[NINING]].decided_at == at(12, 2) and latest[ids[DEWI]].decision == "not_now"
    assert all(r.passed for r in still.rules) and not still.qualifies
    assert still.latest_decision is not None and still.latest_decision.decision == "graduated"
    assert [(r.pendamping_id, r.month, r.graduated, r.target, r.met, r.kpm_ids) for r in rows] == [
        (rina_id, "2026-10", 0, 2, False, ()),
        (rina_id, "2026-11", 1, 2, False, (ids[NINING],)),
        (rina_id, "2026-12", 2, 2, True, tuple(sorted((ids[YATI], ids[AI])))),
        (lina_id, "2026-10", 0, 2, False, ()),
        (lina_id, "2026-11", 0, 2, False, ()),
        (lina_id, "2026-12", 0, 2, False, ()),
    ]
    assert rows[2].as_dict()["met"] is True


def test_the_rules_file_loads_and_every_rule_it_names_exists() -> None:
    rules = load()
    assert [r.name for r in rules.rules] == ["sales_rising", "profit_above_umk", "pena_ready"]
    assert all(r.check in CHECKS for r in rules.rules)
    assert rules.graduated_per_month == 2 and rules.default_kota == "Kota Bandung"
    assert rules.umk_for("Kota Bandung", date(2026, 11, 1)).amount == UMK_2026
    assert rules.umk_for("Kota Bandung", date(2027, 1, 1)).year == 2026  # until 2027's decree is added
    assert all(f.source for f in rules.umk["Kota Bandung"])
    # Rasa reads YAML files under data/ with these keys as training data.
    data = yaml.safe_load(GRADUATION_FILE.read_text())
    assert not {"rules", "stories", "nlu", "responses"} & set(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["candidate_rules"][0].update(check="sales_up"), "unknown check 'sales_up'"),
        (lambda d: d["candidate_rules"][0].update(min_month=3), "takes \\['min_months'\\]"),
        (lambda d: d["candidate_rules"][0].update(min_months=0), "at least 1"),
        (lambda d: d["candidate_rules"][2].update(willing="ya"), "true or false"),
        (lambda d: d.update(months_looked_at=3), "needs 4 months"),
        (lambda d: d.update(default_kota="Kota Cimahi"), "Kota Cimahi"),
        (lambda d: d["candidate_rules"].append(dict(d["candidate_rules"][0])), "unique"),
    ],
)
def test_a_broken_rules_file_is_refused_with_what_is_wrong(change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(GRADUATION_FILE.read_text())
    change(data)
    with pytest.raises(RulesError, match=message):
        parse(data)


def test_an_unknown_kota_is_refused(roster: str) -> None:
    with session_scope(roster) as session, pytest.raises(RulesError, match="Kota Cimahi"):
        service.evaluate(session, today=TODAY, pendamping_id=rina(session), kota="Kota Cimahi")
