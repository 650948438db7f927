"""Which nudge fits her week: the first rule in data/nudges.yml whose conditions hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.config import ROOT
from bot.messaging.reach import QuietHours, night

NUDGES_FILE = ROOT / "data" / "nudges.yml"


@dataclass(frozen=True)
class Rule:
    name: str
    reply: str
    when: dict[str, Any] = field(default_factory=dict)
    tip: bool = False


@dataclass(frozen=True)
class Config:
    rules: tuple[Rule, ...]
    savings_percent: int
    horizon_weeks: int
    tips: tuple[str, ...]

    @property
    def quiet_hours(self) -> QuietHours:
        """Night hours, when the nudge is not sent (the gate holds it: bot/messaging/reach.py)."""
        return night()

    def quiet(self, at: time) -> bool:
        return self.quiet_hours.covers(at)


@dataclass(frozen=True)
class Week:
    """Her last 7 days against the 7 before, in integer rupiah."""

    sales: int
    expenses: int
    entries: int
    previous_sales: int

    @property
    def trend(self) -> str:
        if self.previous_sales == 0:
            return "new"
        if self.sales > self.previous_sales:
            return "up"
        return "down" if self.sales < self.previous_sales else "same"


@lru_cache(maxsize=1)
def config(path: Path = NUDGES_FILE) -> Config:
    data = yaml.safe_load(path.read_text())
    return Config(
        rules=tuple(
            Rule(r["name"], r["reply"], dict(r.get("when") or {}), bool(r.get("tip"))) for r in data["nudge_rules"]
        ),
        savings_percent=int(data["savings_percent"]),
        horizon_weeks=int(data["horizon_weeks"]),
        tips=tuple(data.get("tips") or ()),
    )


def matches(rule: Rule, week: Week) -> bool:
    for name, wanted in rule.when.items():
        if name == "recorded" and bool(week.entries) != bool(wanted):
            return False
        if name == "sales" and week.trend != wanted:
            return False
    return True


def choose(cfg: Config, week: Week) -> Rule:
    return next(rule for rule in cfg.rules if matches(rule, week))
