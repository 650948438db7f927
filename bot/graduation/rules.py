"""The graduation rules as data (data/graduation.yml) and the checks they name.

A rule in the file names one check of CHECKS and gives that check's settings;
the file is validated when loaded (RulesError names what is wrong), so a typo
never silently drops a rule. Each check is a pure function of plain values
about one KPM (`Facts`) and returns whether it holds and the numbers behind the
answer (`evidence`, plain values a page can show as they are).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from bot.config import ROOT
from bot.ledger.service import Month

GRADUATION_FILE = ROOT / "data" / "graduation.yml"


class RulesError(ValueError):
    """data/graduation.yml is not what the checks expect."""


@dataclass(frozen=True)
class Umk:
    kota: str
    year: int
    amount: int  # whole rupiah per month
    source: str


@dataclass(frozen=True)
class PenaFacts:
    """Her latest PENA questionnaire (pena_answer)."""

    answered_at: datetime
    age: int
    eligible: bool
    willing: bool


@dataclass(frozen=True)
class Facts:
    """What the checks read about one KPM."""

    months: tuple[Month, ...]  # complete calendar months, oldest first, the last one just before today's month
    pena: PenaFacts | None
    umk: Callable[[date], Umk]  # the UMK a month is judged against (her kota)


Evidence = dict[str, object]


def sales_rising(settings: Mapping[str, Any], facts: Facts) -> tuple[bool, Evidence]:
    """Evidence: streak (months in a row, each selling more than the month before), min_months, and the
    streak's months from the one it started from: months ['YYYY-MM', ...] and sales [rupiah, ...]."""
    streak = 0
    for before, after in reversed(list(pairwise(facts.months))):
        if before.sales <= 0 or after.sales <= before.sales:
            break
        streak += 1
    run = facts.months[len(facts.months) - streak - 1 :] if streak else ()
    evidence: Evidence = {
        "streak": streak,
        "min_months": settings["min_months"],
        "months": [m.key for m in run],
        "sales": [m.sales for m in run],
    }
    return streak >= settings["min_months"], evidence


def profit_above_umk(settings: Mapping[str, Any], facts: Facts) -> tuple[bool, Evidence]:
    """Evidence: months, one dict per month judged (month, sales, expenses, profit, umk, umk_year, umk_kota)."""
    judged = [(m, facts.umk(m.start)) for m in facts.months[-settings["months"] :]]
    passed = len(judged) == settings["months"] and all(m.profit > umk.amount for m, umk in judged)
    rows = [
        {
            "month": m.key,
            "sales": m.sales,
            "expenses": m.expenses,
            "profit": m.profit,
            "umk": umk.amount,
            "umk_year": umk.year,
            "umk_kota": umk.kota,
        }
        for m, umk in judged
    ]
    return passed, {"months": rows}


def pena_answer(settings: Mapping[str, Any], facts: Facts) -> tuple[bool, Evidence]:
    """Evidence: answered_at (aware UTC datetime, None if she never answered), age, eligible, willing."""
    pena = facts.pena
    if pena is None:
        return False, {"answered_at": None, "age": None, "eligible": None, "willing": None}
    passed = (pena.eligible or not settings["eligible"]) and (pena.willing or not settings["willing"])
    return passed, {
        "answered_at": pena.answered_at,
        "age": pena.age,
        "eligible": pena.eligible,
        "willing": pena.willing,
    }


@dataclass(frozen=True)
class Check:
    run: Callable[[Mapping[str, Any], Facts], tuple[bool, Evidence]]
    settings: Mapping[str, type]  # every setting it takes (all required) and its type
    months_needed: Callable[[Mapping[str, Any]], int]


CHECKS: dict[str, Check] = {
    "sales_rising": Check(sales_rising, {"min_months": int}, lambda s: s["min_months"] + 1),
    "profit_above_umk": Check(profit_above_umk, {"months": int}, lambda s: s["months"]),
    "pena_answer": Check(pena_answer, {"eligible": bool, "willing": bool}, lambda s: 0),
}


@dataclass(frozen=True)
class Rule:
    name: str
    check: str
    required: bool
    settings: Mapping[str, Any]

    def evaluate(self, facts: Facts) -> tuple[bool, Evidence]:
        return CHECKS[self.check].run(self.settings, facts)


@dataclass(frozen=True)
class Rules:
    months_looked_at: int
    rules: tuple[Rule, ...]
    default_kota: str
    umk: Mapping[str, tuple[Umk, ...]]  # per kota, by year ascending
    graduated_per_month: int

    def umk_for(self, kota: str, month: date) -> Umk:
        """The figure of month's year, else of the latest year before it."""
        figures = self.umk.get(kota)
        if not figures:
            raise RulesError(f"no UMK for {kota!r} in {GRADUATION_FILE.name}; known: {sorted(self.umk)}")
        earlier = [f for f in figures if f.year <= month.year]
        if not earlier:
            raise RulesError(f"no UMK for {kota!r} in or before {month.year}")
        return earlier[-1]


def _positive_int(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise RulesError(f"{where}: a whole number of at least 1 is needed, got {value!r}")
    return value


def _rule(raw: object, index: int) -> Rule:
    if not isinstance(raw, dict) or not {"name", "check"} <= raw.keys():
        raise RulesError(f"candidate_rules[{index}]: needs at least `name` and `check`")
    name, check = str(raw["name"]), str(raw["check"])
    if check not in CHECKS:
        raise RulesError(f"rule {name!r}: unknown check {check!r}; known: {sorted(CHECKS)}")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        raise RulesError(f"rule {name!r}: `required` must be true or false")
    settings = {k: v for k, v in raw.items() if k not in ("name", "check", "required")}
    wanted = CHECKS[check].settings
    if settings.keys() != wanted.keys():
        raise RulesError(f"rule {name!r}: check {check!r} takes {sorted(wanted)}, got {sorted(settings)}")
    for key, kind in wanted.items():
        if kind is int:
            _positive_int(settings[key], f"rule {name!r}, {key}")
        elif not isinstance(settings[key], bool):
            raise RulesError(f"rule {name!r}, {key}: true or false, got {settings[key]!r}")
    return Rule(name, check, required, settings)


def parse(data: object) -> Rules:
    if not isinstance(data, dict):
        raise RulesError("the file must be a mapping")
    rules = tuple(_rule(raw, i) for i, raw in enumerate(data.get("candidate_rules") or ()))
    if not rules:
        raise RulesError("candidate_rules: at least one rule is needed")
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise RulesError(f"candidate_rules: names must be unique, got {names}")
    looked_at = _positive_int(data.get("months_looked_at"), "months_looked_at")
    for r in rules:
        needed = CHECKS[r.check].months_needed(r.settings)
        if needed > looked_at:
            raise RulesError(f"rule {r.name!r} needs {needed} months but months_looked_at is {looked_at}")
    umk: dict[str, tuple[Umk, ...]] = {}
    for kota, figures in (data.get("umk") or {}).items():
        rows = []
        for f in figures or ():
            if not isinstance(f, dict) or not isinstance(f.get("year"), int) or not f.get("source"):
                raise RulesError(f"umk {kota!r}: each figure needs year, amount and source, got {f!r}")
            rows.append(
                Umk(str(kota), f["year"], _positive_int(f.get("amount"), f"umk {kota!r} {f['year']}"), f["source"])
            )
        years = [f.year for f in rows]
        if len(set(years)) != len(years):
            raise RulesError(f"umk {kota!r}: a year appears twice")
        umk[str(kota)] = tuple(sorted(rows, key=lambda f: f.year))
    default_kota = str(data.get("default_kota") or "")
    if not umk.get(default_kota):
        raise RulesError(f"default_kota {default_kota!r} has no UMK figures")
    target = _positive_int(data.get("graduated_per_month"), "graduated_per_month")
    return Rules(looked_at, rules, default_kota, umk, target)


@lru_cache(maxsize=4)
def load(path: Path = GRADUATION_FILE) -> Rules:
    """data/graduation.yml, validated (RulesError names what is wrong). Cached: restart to reread."""
    return parse(yaml.safe_load(path.read_text()))
