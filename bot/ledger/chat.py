"""What the assistant answers when she records, confirms, corrects, deletes or asks for totals.

Plain values in, a list of things to say (response name + values) out, so the
Rasa actions stay thin and the same logic is testable without Rasa.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.i18n import format_day, format_money, gettext
from bot.ledger import service
from bot.ledger.periods import Period, period_from_text, previous
from bot.outcome import Outcome, Say
from bot.replies import (
    COMPARE_DOWN,
    COMPARE_NEW,
    COMPARE_SAME,
    COMPARE_UP,
    DAY_OTHER,
    DAY_TODAY,
    DAY_YESTERDAY,
    KIND_LABEL,
    PERIOD_LABEL,
    PREVIOUS_LABEL,
)
from bot.roster.identity import Identity
from bot.understanding.dates import FutureDate, find_date
from bot.understanding.transactions import Parsed, parse_transactions
from nlu.cues import kind_marks
from nlu.money import AmountProblem, find_amounts

# One sale above this is confirmed before it is stored (the field study's food stalls sell far less).
PLAUSIBLE_MAX = 5_000_000
# ... and so is anything a hundred times her usual entry.
USUAL_FACTOR = 100
CLEAR_CORRECTION = re.compile(r"\b(salah|ralat|koreksi|harusnya|seharusnya|mestinya)\b|\bbukan\b.*\btapi\b")
CORRECTION_CUE = re.compile(
    r"\b(salah|bukan|bkn|harus(nya)?|seharusnya|ralat|koreksi|ganti|ubah|diubah|betulin|benerin|keliru|sanes|lepat|"
    r"mestinya|jadi(in)?|typo)\b"
)


def day_phrase(day: date, today: date, lang: str) -> str:
    text = format_day(day, lang)
    if day == today:
        return gettext(DAY_TODAY, lang).format(date=text)
    if (today - day).days == 1:
        return gettext(DAY_YESTERDAY, lang).format(date=text)
    return gettext(DAY_OTHER, lang).format(date=text)


def entry_line(kind: str, amount: int, day: date, today: date, lang: str, note: str = "") -> str:
    label = gettext(KIND_LABEL[kind], lang)
    what = f" ({note})" if note else ""
    return f"• {label}{what} {format_money(amount, lang)}, {day_phrase(day, today, lang)}"


def _kpm(session: Session, who: Identity) -> int | None:
    return service.kpm_id_for(session, who.phone) if who.role == "kpm" else None


def _implausible(session: Session, kpm_id: int, kind: str, amount: int) -> bool:
    if kind == "sale" and amount > PLAUSIBLE_MAX:
        return True
    usual = service.usual_amount(session, kpm_id, kind)
    return usual is not None and amount > USUAL_FACTOR * usual


def _store(
    session: Session, kpm_id: int, sid: str, day: date, items: list[dict[str, Any]], today: date, lang: str
) -> Say:
    stored = service.record(
        session, kpm_id, sid, day, [service.NewItem(i["kind"], i["amount"], i.get("note", "")) for i in items]
    )
    lines = "\n".join(entry_line(e.kind, e.amount, e.date, today, lang, e.note) for e in stored)
    return Say("utter_ledger_recorded", {"lines": lines})


def record(session: Session, who: Identity, text: str, sid: str, today: date) -> Outcome:
    """A message that reports sales or spending."""
    kpm_id = _kpm(session, who)
    if kpm_id is None:
        return Outcome([Say("utter_ledger_only_kpm")])
    if CLEAR_CORRECTION.search(text.lower()):
        # "salah, bukan 350rb tapi 300rb" is a correction whatever the classifier thought.
        return correct_last(session, who, text, sid, today)
    parsed = parse_transactions(text, today)
    if parsed.problem == "no_amount":
        return Outcome([Say("utter_ledger_ask_amount")])
    if parsed.problem == "bad_amount":
        return Outcome([Say("utter_ledger_bad_amount", {"detail": parsed.detail})])
    if parsed.problem == "future_date":
        return Outcome([Say("utter_ledger_future_date")])
    return _decide(session, kpm_id, who, parsed, sid, today)


def _decide(session: Session, kpm_id: int, who: Identity, parsed: Parsed, sid: str, today: date) -> Outcome:
    lang, day = who.language, parsed.day or today
    items = [{"kind": i.kind, "amount": i.amount, "note": i.note, "certain": i.certain} for i in parsed.items]
    pending = {"sid": sid, "day": day.isoformat(), "items": items}
    unknown = [i for i in items if i["kind"] is None]
    if unknown:
        if len(unknown) > 1:
            return Outcome([Say("utter_ledger_ask_amount")])
        pending["ask"] = "kind"
        amount = format_money(unknown[0]["amount"], lang)
        return Outcome([Say("utter_ledger_ask_kind", {"amount": amount, "day": day_phrase(day, today, lang)})], pending)
    doubtful = [i for i in items if not i["certain"] or _implausible(session, kpm_id, i["kind"], i["amount"])]
    if doubtful:
        pending["ask"] = "confirm"
        lines = "\n".join(entry_line(i["kind"], i["amount"], day, today, lang, i["note"]) for i in items)
        return Outcome([Say("utter_ledger_confirm", {"lines": lines})], pending)
    return Outcome([_store(session, kpm_id, sid, day, items, today, lang)])


def answer_pending(session: Session, who: Identity, pending: dict[str, Any], choice: str, today: date) -> Outcome:
    """Her answer to our question: choice is 'yes', 'no', '1' or '2'."""
    kpm_id = _kpm(session, who)
    if kpm_id is None:
        return Outcome([Say("utter_ledger_only_kpm")])
    day = date.fromisoformat(pending["day"])
    items = pending["items"]
    if pending.get("ask") == "kind":
        kind = {"1": "sale", "2": "expense"}.get(choice)
        if kind is None:
            return Outcome([Say("utter_ledger_pick_kind_again")], pending)
        items = [{**i, "kind": i["kind"] or kind} for i in items]
        return Outcome([_store(session, kpm_id, pending["sid"], day, items, today, who.language)])
    if choice in ("yes", "1"):
        return Outcome([_store(session, kpm_id, pending["sid"], day, items, today, who.language)])
    return Outcome([Say("utter_ledger_cancelled")])


def correct_last(session: Session, who: Identity, text: str, sid: str, today: date) -> Outcome:
    """'salah, bukan 15rb tapi 25rb', 'yang kemarin harusnya 90rb': the last amount named is the right one.

    Without a word of correction ("tadi 50 ribu") it is a new record, not a change:
    changing a stored number needs her to say so.
    """
    kpm_id = _kpm(session, who)
    if kpm_id is None:
        return Outcome([Say("utter_ledger_only_kpm")])
    if not CORRECTION_CUE.search(text.lower()):
        return record(session, who, text, sid, today)
    try:
        amounts = find_amounts(text)
        said = find_date(text, today)
    except (AmountProblem, FutureDate):
        return Outcome([Say("utter_ledger_correct_how")])
    if said is not None:
        amounts = [a for a in amounts if a.end <= said.start or a.start >= said.end]
    if not amounts:
        return Outcome([Say("utter_ledger_correct_how")])
    day, kind = (said.day if said else None), named_kind(text)
    # "bukan 350rb tapi 300rb" names the entry to change by its old amount; "yg jualan" by its kind.
    target = service.last_entry(session, kpm_id, day, amounts[0].value, kind) if len(amounts) > 1 else None
    target = target or service.last_entry(session, kpm_id, day, kind=kind)
    if target is None:
        return Outcome([Say("utter_ledger_nothing_to_change")])
    new = amounts[-1].value
    service.correct(session, kpm_id, target.id, new, who.phone, sid)
    lang = who.language
    return Outcome(
        [
            Say(
                "utter_ledger_corrected",
                {
                    "kind": gettext(KIND_LABEL[target.kind], lang),
                    "day": day_phrase(target.date, today, lang),
                    "old": format_money(target.amount, lang),
                    "new": format_money(new, lang),
                },
            )
        ]
    )


def named_kind(text: str) -> str | None:
    """The kind a correction or deletion names ("yg jualan", "belanjaan tadi"), if exactly one."""
    kinds = {kind for _, _, kind in kind_marks(text.lower())}
    return kinds.pop() if len(kinds) == 1 else None


def correct_pending(session: Session, who: Identity, pending: dict[str, Any], text: str, today: date) -> Outcome | None:
    """'salah, harusnya 58rb' while we wait for her yes: the amount we asked about was misread."""
    kpm_id = _kpm(session, who)
    try:
        amounts = find_amounts(text)
    except AmountProblem:
        return None
    if kpm_id is None or not amounts or len(pending["items"]) != 1:
        return None
    item = {**pending["items"][0], "amount": amounts[-1].value, "certain": True}
    day, lang = date.fromisoformat(pending["day"]), who.language
    if item["kind"] is None:
        values = {"amount": format_money(item["amount"], lang), "day": day_phrase(day, today, lang)}
        return Outcome([Say("utter_ledger_ask_kind", values)], {**pending, "items": [item]})
    return Outcome([_store(session, kpm_id, pending["sid"], day, [item], today, lang)])


def delete_last(session: Session, who: Identity, sid: str, today: date, text: str = "") -> Outcome:
    kpm_id = _kpm(session, who)
    if kpm_id is None:
        return Outcome([Say("utter_ledger_only_kpm")])
    # "hapus yg jualan tadi" names the entry by its kind.
    target = service.last_entry(session, kpm_id, kind=named_kind(text))
    if target is None:
        return Outcome([Say("utter_ledger_nothing_to_change")])
    service.delete(session, kpm_id, target.id, who.phone, sid)
    line = entry_line(target.kind, target.amount, target.date, today, who.language, target.note).lstrip("• ")
    return Outcome([Say("utter_ledger_deleted", {"line": line})])


def range_text(p: Period, lang: str) -> str:
    from babel.dates import format_date

    from bot.i18n import normalize_locale

    loc = normalize_locale(lang)
    if p.start == p.end:
        return format_date(p.start, "d MMM", locale=loc)
    return f"{format_date(p.start, 'd MMM', locale=loc)} – {format_date(p.end, 'd MMM', locale=loc)}"


def summary(session: Session, who: Identity, text: str, today: date) -> Outcome:
    kpm_id = _kpm(session, who)
    if kpm_id is None:
        return Outcome([Say("utter_ledger_only_kpm")])
    lang = who.language
    period = period_from_text(text, today)
    label = gettext(PERIOD_LABEL[period.key], lang)
    now = service.totals(session, kpm_id, period.start, period.end)
    if now.count == 0:
        return Outcome([Say("utter_ledger_summary_empty", {"period": label, "range": range_text(period, lang)})])
    before_period = previous(period)
    before = service.totals(session, kpm_id, before_period.start, before_period.end)
    prev_label = gettext(PREVIOUS_LABEL[period.key], lang)
    if before.sales == 0:
        compare = gettext(COMPARE_NEW, lang).format(previous=prev_label.capitalize())
    elif now.sales == before.sales:
        compare = gettext(COMPARE_SAME, lang).format(previous=prev_label)
    else:
        diff = abs(now.sales - before.sales)
        pct = round(100 * diff / before.sales)
        template = COMPARE_UP if now.sales > before.sales else COMPARE_DOWN
        compare = gettext(template, lang).format(previous=prev_label, diff=format_money(diff, lang), pct=pct)
    net = format_money(now.net, lang) if now.net >= 0 else "-" + format_money(-now.net, lang)
    return Outcome(
        [
            Say(
                "utter_ledger_summary",
                {
                    "period": label,
                    "range": range_text(period, lang),
                    "sales": format_money(now.sales, lang),
                    "expenses": format_money(now.expenses, lang),
                    "net": net,
                    "compare": compare,
                },
            )
        ]
    )
