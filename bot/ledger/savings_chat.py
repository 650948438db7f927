"""What the assistant answers when she sets a savings goal, saves, takes out, or asks how far she is."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot.i18n import format_money, gettext
from bot.ledger import savings, service
from bot.ledger.savings import Goal, Progress
from bot.outcome import Outcome, Say
from bot.replies import SAVINGS
from bot.roster.identity import Identity
from bot.understanding.savings import read_goal, read_saving, read_withdrawal, savings_question


def goal_line(p: Progress, language: str) -> str:
    """One line on her goal, for replies and the weekly nudge; empty without a goal."""
    goal = p.goal
    if goal is None:
        return ""
    money = lambda amount: format_money(amount, language)  # noqa: E731
    purpose = goal.purpose or gettext(SAVINGS["default_purpose"], language)
    if goal.target is not None and p.remaining == 0:
        return gettext(SAVINGS["goal_done"], language).format(purpose=purpose, target=money(goal.target))
    if goal.target is not None:
        days = ""
        if p.days_left and p.per_day_needed:
            days = gettext(SAVINGS["goal_days"], language).format(days=p.days_left, per_day=money(p.per_day_needed))
        return gettext(SAVINGS["goal_line"], language).format(
            purpose=purpose, saved=money(p.saved_for_goal), target=money(goal.target),
            remaining=money(p.remaining or 0), days=days,
        )  # fmt: skip
    habit = _habit(goal, language)
    return gettext(SAVINGS["habit_line"], language).format(habit=habit, saved=money(p.saved_for_goal))


def _habit(goal: Goal, language: str) -> str:
    if goal.per_day:
        return gettext(SAVINGS["per_day"], language).format(amount=format_money(goal.per_day, language))
    if goal.per_week:
        return gettext(SAVINGS["per_week"], language).format(amount=format_money(goal.per_week, language))
    return ""


def handle(session: Session, who: Identity, text: str, sid: str, today: date) -> Outcome:
    """A goal, an entry, a withdrawal or a question: the parser decides, the ledger keeps it."""
    kpm_id = service.kpm_id_for(session, who.phone) if who.role == "kpm" else None
    if kpm_id is None:
        return Outcome([Say("utter_ledger_only_kpm")])
    lang = who.language
    question = savings_question(text)
    if question:
        p = savings.progress(session, kpm_id, today)
        response = "utter_savings_balance" if p.goal else "utter_savings_no_goal"
        return Outcome([Say(response, {"balance": format_money(p.balance, lang), "goal": goal_line(p, lang)})])
    goal = read_goal(text, today)
    if goal is not None and (goal.target or goal.per_day or goal.per_week):
        new = Goal(goal.purpose, goal.target, goal.deadline, goal.per_day, goal.per_week, today)
        savings.set_goal(session, kpm_id, new)
        p = savings.progress(session, kpm_id, today)
        return Outcome([Say("utter_savings_goal_set", {"goal": goal_line(p, lang)})])
    out = read_withdrawal(text)
    amount = -out if out else read_saving(text)
    if not amount:
        return Outcome([Say("utter_savings_how")])
    savings.record(session, kpm_id, amount, sid, today)
    p = savings.progress(session, kpm_id, today)
    values = {"amount": format_money(abs(amount), lang), "balance": format_money(p.balance, lang)}
    response = "utter_savings_withdrawn" if amount < 0 else "utter_savings_recorded"
    return Outcome([Say(response, {**values, "goal": goal_line(p, lang)})])
