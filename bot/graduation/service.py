"""Graduation candidates, decisions and the monthly target, on plain values.

For the pendamping's (and koordinator's) page; every function takes a session
and plain values and returns frozen dataclasses of plain values (`as_dict()`
gives JSON-ready dicts). Nothing here commits: the caller's unit of work does.

- candidates(session, today=..., pendamping_id=... | kpm_ids=..., kota=None) -> list[Candidate]
  KPM for whom every required rule of data/graduation.yml holds, with each rule's numbers;
  evaluate(...) takes the same arguments and returns every KPM in scope, listed or not.
- decide(session, kpm_id, decision, decided_by, note="", now=None) -> Decision
  history(session, kpm_id) -> list[Decision]; histories(session, kpm_ids) -> {kpm_id: [Decision, ...]}
  latest_decisions(session, kpm_ids) -> {kpm_id: Decision}
- counts_by_pendamping_month(session, pendamping_ids, months) -> list[MonthCount]
  graduations per pendamping per month against the target in data/graduation.yml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.graduation.models import GraduationDecision
from bot.graduation.rules import Evidence, Facts, PenaFacts, Rules, load
from bot.knowledge.models import PenaAnswer
from bot.ledger import service as ledger
from bot.ledger.periods import add_months
from bot.roster.models import Kelompok, Kpm, Pendamping

DECISIONS = ("discussed", "proposed_pena", "graduated", "not_now")


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Decision:
    id: int
    kpm_id: int
    decision: str  # one of DECISIONS
    note: str
    decided_by: str
    decided_at: datetime  # aware UTC

    def as_dict(self) -> dict[str, object]:
        return {k: _plain(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class RuleResult:
    name: str  # the rule's name in data/graduation.yml
    check: str  # the check it runs (bot/graduation/rules.py CHECKS; its docstring lists the evidence keys)
    required: bool
    passed: bool
    evidence: Evidence

    def as_dict(self) -> dict[str, object]:
        return {k: _plain(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Candidate:
    kpm_id: int
    name: str
    phone: str
    kelompok: str
    pendamping_id: int | None
    kota: str  # whose UMK was used
    months: tuple[ledger.Month, ...]  # every complete month read, oldest first
    rules: tuple[RuleResult, ...]  # in the file's order
    latest_decision: Decision | None

    @property
    def qualifies(self) -> bool:
        """Every required rule holds and she has not graduated already."""
        graduated = self.latest_decision is not None and self.latest_decision.decision == "graduated"
        return not graduated and all(r.passed for r in self.rules if r.required)

    def rule(self, name: str) -> RuleResult:
        """The result of the rule so named in data/graduation.yml; KeyError if there is none."""
        for result in self.rules:
            if result.name == name:
                return result
        raise KeyError(name)

    def as_dict(self) -> dict[str, object]:
        return {
            "kpm_id": self.kpm_id,
            "name": self.name,
            "phone": self.phone,
            "kelompok": self.kelompok,
            "pendamping_id": self.pendamping_id,
            "kota": self.kota,
            "qualifies": self.qualifies,
            "months": [
                {"month": m.key, "sales": m.sales, "expenses": m.expenses, "profit": m.profit} for m in self.months
            ],
            "rules": [r.as_dict() for r in self.rules],
            "latest_decision": self.latest_decision.as_dict() if self.latest_decision else None,
        }


def _scope(session: Session, pendamping_id: int | None, kpm_ids: Sequence[int] | None) -> list[tuple[Kpm, Kelompok]]:
    if (pendamping_id is None) == (kpm_ids is None):
        raise ValueError("give exactly one of pendamping_id or kpm_ids")
    query = select(Kpm, Kelompok).join(Kelompok, Kpm.kelompok_id == Kelompok.id).order_by(Kelompok.name, Kpm.name)
    if pendamping_id is not None:
        query = query.where(Kelompok.pendamping_id == pendamping_id)
    else:
        query = query.where(Kpm.id.in_(list(kpm_ids or ())))
    return [(kpm, group) for kpm, group in session.execute(query).all()]


def latest_pena(session: Session, kpm_ids: Sequence[int]) -> dict[int, PenaFacts]:
    """Her latest PENA answer per KPM (those who never answered are absent)."""
    rows = session.scalars(
        select(PenaAnswer).where(PenaAnswer.kpm_id.in_(list(kpm_ids))).order_by(PenaAnswer.answered_at, PenaAnswer.id)
    )
    return {a.kpm_id: PenaFacts(a.answered_at, a.age, a.eligible, a.willing) for a in rows}


def evaluate(
    session: Session,
    *,
    today: date,
    pendamping_id: int | None = None,
    kpm_ids: Sequence[int] | None = None,
    kota: str | None = None,
    rules: Rules | None = None,
) -> list[Candidate]:
    """Every rule for every KPM of one pendamping (or of the ids given), listed or not, by kelompok and name.

    `today` is the pendamping's local date: its month is still running, so the months judged end with the
    month before. `kota` picks the UMK table (default: the file's default_kota). Unknown ids are skipped.
    """
    rules = rules or load()
    kota = kota or rules.default_kota
    rules.umk_for(kota, add_months(today, -1))  # an unknown kota fails here, whoever is in scope
    scope = _scope(session, pendamping_id, kpm_ids)
    ids = [kpm.id for kpm, _ in scope]
    months = ledger.monthly(session, ids, add_months(today, -rules.months_looked_at), add_months(today, -1))
    pena = latest_pena(session, ids)
    decisions = latest_decisions(session, ids)

    umk = partial(rules.umk_for, kota)
    result = []
    for kpm, group in scope:
        facts = Facts(tuple(months[kpm.id]), pena.get(kpm.id), umk)
        results = tuple(RuleResult(r.name, r.check, r.required, *r.evaluate(facts)) for r in rules.rules)
        result.append(
            Candidate(
                kpm.id,
                kpm.name,
                kpm.phone,
                group.name,
                group.pendamping_id,
                kota,
                facts.months,
                results,
                decisions.get(kpm.id),
            )
        )
    return result


def candidates(
    session: Session,
    *,
    today: date,
    pendamping_id: int | None = None,
    kpm_ids: Sequence[int] | None = None,
    kota: str | None = None,
    rules: Rules | None = None,
) -> list[Candidate]:
    """The KPM to talk with about graduation: every required rule holds and she has not graduated yet."""
    found = evaluate(session, today=today, pendamping_id=pendamping_id, kpm_ids=kpm_ids, kota=kota, rules=rules)
    return [c for c in found if c.qualifies]


def _decision(row: GraduationDecision) -> Decision:
    return Decision(row.id, row.kpm_id, row.decision, row.note, row.decided_by, row.decided_at)


def decide(
    session: Session, kpm_id: int, decision: str, decided_by: str, note: str = "", now: datetime | None = None
) -> Decision:
    """Record a decision about her graduation; earlier ones are kept (history), the latest counts.

    decision: one of DECISIONS. decided_by: the pendamping's or koordinator's phone or id, as the caller
    authenticated her (this layer does not check roles). ValueError on an unknown decision, KPM or empty
    decided_by; note is cut at 500 characters.
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, got {decision!r}")
    decided_by = decided_by.strip()
    if not decided_by or len(decided_by) > 40:
        raise ValueError("decided_by: a phone or id of 1-40 characters is needed")
    if session.get(Kpm, kpm_id) is None:
        raise ValueError(f"no KPM with id {kpm_id}")
    row = GraduationDecision(
        kpm_id=kpm_id,
        decision=decision,
        note=note.strip()[:500],
        decided_by=decided_by,
        decided_at=now or clock.utcnow(),
    )
    session.add(row)
    session.flush()
    return _decision(row)


def history(session: Session, kpm_id: int) -> list[Decision]:
    """Every decision about her, oldest first."""
    rows = session.scalars(
        select(GraduationDecision)
        .where(GraduationDecision.kpm_id == kpm_id)
        .order_by(GraduationDecision.decided_at, GraduationDecision.id)
    )
    return [_decision(row) for row in rows]


def _all_decisions(session: Session, kpm_ids: Sequence[int]) -> dict[int, list[Decision]]:
    rows = session.scalars(
        select(GraduationDecision)
        .where(GraduationDecision.kpm_id.in_(list(kpm_ids)))
        .order_by(GraduationDecision.decided_at, GraduationDecision.id)
    )
    found: dict[int, list[Decision]] = {}
    for row in rows:
        found.setdefault(row.kpm_id, []).append(_decision(row))
    return found


def histories(session: Session, kpm_ids: Sequence[int]) -> dict[int, list[Decision]]:
    """Every decision about each of these KPM, oldest first, in one query (those with none are absent)."""
    return _all_decisions(session, kpm_ids)


def latest_decisions(session: Session, kpm_ids: Sequence[int]) -> dict[int, Decision]:
    """Her latest decision per KPM (those with none are absent)."""
    return {kpm_id: ds[-1] for kpm_id, ds in _all_decisions(session, kpm_ids).items()}


def graduated_at(decisions: Sequence[Decision]) -> datetime | None:
    """When she graduated: the first of the `graduated` decisions that end her history (a `graduated`
    repeated later does not move the date); None when her latest decision is not `graduated`."""
    since = None
    for d in decisions:
        since = (since or d.decided_at) if d.decision == "graduated" else None
    return since


@dataclass(frozen=True)
class MonthCount:
    pendamping_id: int
    pendamping: str
    month: str  # 'YYYY-MM', in the pendamping's time zone
    graduated: int
    target: int
    kpm_ids: tuple[int, ...]  # who graduated that month

    @property
    def met(self) -> bool:
        return self.graduated >= self.target

    def as_dict(self) -> dict[str, object]:
        return {k: _plain(v) for k, v in self.__dict__.items()} | {"met": self.met}


def _month_key(month: str | date) -> str:
    if isinstance(month, date):
        return month.strftime("%Y-%m")
    year, number = month.split("-")
    return date(int(year), int(number), 1).strftime("%Y-%m")


def counts_by_pendamping_month(
    session: Session, pendamping_ids: Sequence[int], months: Sequence[str | date], rules: Rules | None = None
) -> list[MonthCount]:
    """Graduations per pendamping per month, zeros included, against graduated_per_month.

    months: 'YYYY-MM' strings (or dates: their month); unknown pendamping ids are skipped. A KPM counts for
    the pendamping of her kelompok today, in the month (pendamping's zone) her latest run of `graduated`
    decisions started; a later `not_now` or `discussed` takes her out again. Rows by pendamping id, then
    month as given.
    """
    rules = rules or load()
    keys = [_month_key(m) for m in months]
    pendamping = {p.id: p for p in session.scalars(select(Pendamping).where(Pendamping.id.in_(list(pendamping_ids))))}
    members = session.execute(
        select(Kpm.id, Kelompok.pendamping_id)
        .join(Kelompok, Kpm.kelompok_id == Kelompok.id)
        .where(Kelompok.pendamping_id.in_(list(pendamping)))
    ).all()
    owner_of: dict[int, int] = {kpm_id: owner for kpm_id, owner in members}
    graduated: dict[tuple[int, str], list[int]] = {}
    for kpm_id, decisions in _all_decisions(session, list(owner_of)).items():
        since = graduated_at(decisions)
        if since is None:
            continue
        owner = owner_of[kpm_id]
        month = since.astimezone(ZoneInfo(pendamping[owner].tz)).strftime("%Y-%m")
        graduated.setdefault((owner, month), []).append(kpm_id)
    return [
        MonthCount(
            p.id,
            p.name,
            key,
            len(graduated.get((p.id, key), ())),
            rules.graduated_per_month,
            tuple(sorted(graduated.get((p.id, key), ()))),
        )
        for p in sorted(pendamping.values(), key=lambda p: p.id)
        for key in keys
    ]
