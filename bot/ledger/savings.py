"""Savings goals and savings entries on plain values; progress in integer rupiah."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.ledger.models import SavingsEntry, SavingsGoal


@dataclass(frozen=True)
class Goal:
    purpose: str | None
    target: int | None
    deadline: date | None
    per_day: int | None
    per_week: int | None
    started_on: date


@dataclass(frozen=True)
class Progress:
    balance: int  # everything saved minus taken out
    goal: Goal | None
    saved_for_goal: int  # saved since the goal was set
    remaining: int | None  # to the target, never below 0
    days_left: int | None
    per_day_needed: int | None  # rounded up, so following it reaches the target


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def set_goal(session: Session, kpm_id: int, goal: Goal) -> None:
    for old in session.scalars(
        select(SavingsGoal).where(SavingsGoal.kpm_id == kpm_id, SavingsGoal.closed_at.is_(None))
    ):
        old.closed_at = utcnow()
    session.add(SavingsGoal(kpm_id=kpm_id, **goal.__dict__))
    session.flush()


def active_goal(session: Session, kpm_id: int) -> Goal | None:
    row = session.scalar(
        select(SavingsGoal)
        .where(SavingsGoal.kpm_id == kpm_id, SavingsGoal.closed_at.is_(None))
        .order_by(SavingsGoal.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    return Goal(row.purpose, row.target, row.deadline, row.per_day, row.per_week, row.started_on)


def record(session: Session, kpm_id: int, amount: int, source_sid: str, day: date) -> bool:
    """Store one entry; False if this message was stored before (a repeated MessageSid)."""
    try:
        with session.begin_nested():
            session.add(SavingsEntry(kpm_id=kpm_id, amount=amount, source_sid=source_sid, entry_date=day))
    except IntegrityError:
        return False
    return True


def _sum(session: Session, kpm_id: int, since: date | None = None) -> int:
    query = select(func.coalesce(func.sum(SavingsEntry.amount), 0)).where(SavingsEntry.kpm_id == kpm_id)
    if since is not None:
        query = query.where(SavingsEntry.entry_date >= since)
    return int(session.scalar(query) or 0)


def progress(session: Session, kpm_id: int, today: date) -> Progress:
    goal = active_goal(session, kpm_id)
    balance = _sum(session, kpm_id)
    if goal is None:
        return Progress(balance, None, 0, None, None, None)
    saved = _sum(session, kpm_id, goal.started_on)
    remaining = max(goal.target - saved, 0) if goal.target is not None else None
    days_left = (goal.deadline - today).days + 1 if goal.deadline and goal.deadline >= today else None
    per_day = _ceil_div(remaining, days_left) if remaining and days_left else None
    return Progress(balance, goal, saved, remaining, days_left, per_day)
