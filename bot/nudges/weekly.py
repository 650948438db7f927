"""The weekly nudge: one batch per kelompok, through the scheduler and the outbox.

Each KPM's message is built from her own last 7 days (integer rupiah): what she
sold and spent, what putting a share aside would add up to, praise when sales
rose, encouragement and one P2K2 tip when they fell, a gentle "please record"
when she wrote nothing. Inside WhatsApp's 24-hour window it is free text,
outside it the approved template (bot/messaging/reach.py). One per ISO week per
KPM (outbox key), never in the quiet hours, never to someone who opted out.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings, load_settings
from bot.db import session_scope, utcnow
from bot.i18n import format_money
from bot.knowledge.content import load as knowledge
from bot.ledger import savings
from bot.ledger.savings_chat import goal_line
from bot.ledger.service import totals
from bot.messaging import keys
from bot.messaging.reach import Reach, Reacher, quiet_hours, quiet_until
from bot.nudges.rules import Config, Week, choose, config
from bot.replies import render
from bot.roster.identity import identify
from bot.roster.models import Kelompok

log = logging.getLogger(__name__)
JOBSTORE = "persistent"
# Set by the worker, the one process that schedules (to move a nudge out of the night).
scheduler: BaseScheduler | None = None


@dataclass(frozen=True)
class Nudge:
    reply: str
    values: dict[str, object]
    rule: str


def week_of(session: Session, kpm_id: int, today: date) -> Week:
    this = totals(session, kpm_id, today - timedelta(days=6), today)
    before = totals(session, kpm_id, today - timedelta(days=13), today - timedelta(days=7))
    return Week(this.sales, this.expenses, this.count, before.sales)


def tip(cfg: Config, today: date, language: str) -> str:
    """One practical line from a P2K2 finance session, a different one each week."""
    if not cfg.tips:
        return ""
    entry = knowledge()[cfg.tips[today.isocalendar()[1] % len(cfg.tips)]]
    bullets = [
        line.lstrip("•💡 ").strip() for line in entry.text(language).splitlines() if line.startswith(("•", "💡"))
    ]
    return bullets[today.toordinal() % len(bullets)] if bullets else ""


def compose(cfg: Config, week: Week, today: date, language: str, goal: str = "") -> Nudge:
    """The rule that fits her week and the values its reply needs; `goal` is her savings-goal line."""
    rule = choose(cfg, week)
    share = week.sales * cfg.savings_percent // 100
    values: dict[str, object] = {
        "sales": format_money(week.sales, language),
        "expenses": format_money(week.expenses, language),
        "diff": format_money(abs(week.sales - week.previous_sales), language),
        # "10%" as a value: a % sign in a message id would read as a printf placeholder to gettext tools.
        "percent": f"{cfg.savings_percent}%",
        "share": format_money(share, language),
        "months": round(cfg.horizon_weeks * 7 / 30.4),
        "projection": format_money(share * cfg.horizon_weeks, language),
        "tip": tip(cfg, today, language) if rule.tip else "",
        "goal": goal,
    }
    return Nudge(rule.reply, values, rule.name)


def queue_for_kelompok(session: Session, settings: Settings, kelompok_id: int, now: datetime) -> Reach:
    """Queue this week's nudge for every member; the outbox key keeps it to one a week."""
    cfg = config()
    kelompok = session.get(Kelompok, kelompok_id)
    tz = kelompok.pendamping.tz if kelompok is not None and kelompok.pendamping else settings.tz
    reacher = Reacher.for_settings(session, settings, now, tz)
    if kelompok is None or not kelompok.nudges_enabled:
        return reacher.result
    today = now.astimezone(ZoneInfo(tz)).date()
    for kpm in sorted(kelompok.members, key=lambda k: k.id):
        who = identify(session, kpm.phone)
        goal = goal_line(savings.progress(session, kpm.id, today), who.language)
        nudge = compose(cfg, week_of(session, kpm.id, today), today, who.language, goal)
        text = render(nudge.reply, who, **nudge.values)
        template_values = {
            "name": who.name or "",
            "sales": str(nudge.values["sales"]),
            "expenses": str(nudge.values["expenses"]),
            "suggestion": render("utter_nudge_suggestion", who, **nudge.values),
        }
        reacher.send(
            keys.weekly_nudge(kpm.id, today),
            kpm.phone,
            "weekly_nudge",
            text,
            values=template_values,
            language=who.language,
        )
    return reacher.result


def next_morning(cfg: Config, local: datetime) -> datetime:
    """The end of the quiet hours after `local` (tonight's, or this morning's if it is after midnight)."""
    return cfg.quiet_hours.end_after(local)


def nudge_job(kelompok_id: int) -> None:
    """APScheduler entry point: one kelompok's batch. A late start in the night waits for the morning."""
    settings = load_settings()
    now = utcnow()
    with session_scope(settings.database_url) as session:
        kelompok = session.get(Kelompok, kelompok_id)
        tz = kelompok.pendamping.tz if kelompok is not None and kelompok.pendamping else settings.tz
        # The whole batch waits, as one job, rather than each nudge being held by the gate.
        morning = quiet_until("weekly_nudge", now.astimezone(ZoneInfo(tz)))
        if morning is not None:
            if scheduler is not None:
                scheduler.add_job(
                    "bot.nudges.weekly:nudge_job",
                    "date",
                    run_date=morning,
                    args=[kelompok_id],
                    id=f"nudges:{kelompok_id}:morning",
                    jobstore=JOBSTORE,
                    replace_existing=True,
                )
            log.info("kelompok %s: nudges held until the morning", kelompok_id)
            return
        result = queue_for_kelompok(session, settings, kelompok_id, now)
    log.info("kelompok %s nudges: %s", kelompok_id, result)


def sync_jobs(database_url: str, sched: BaseScheduler, default_tz: str) -> int:
    """One cron job per kelompok, at its day and hour in its pendamping's zone; none when turned off."""
    quiet = quiet_hours("weekly_nudge")
    with session_scope(database_url) as session:
        wanted = {
            k.id: (k.nudges_enabled, k.nudge_weekday, k.nudge_hour, k.pendamping.tz if k.pendamping else default_tz)
            for k in session.scalars(select(Kelompok))
        }
    changed = 0
    for kelompok_id, (enabled, weekday, hour, tz) in wanted.items():
        job_id = f"nudges:{kelompok_id}"
        # An hour inside the quiet hours is moved to their end: never at night.
        if quiet is not None and quiet.covers(time(hour % 24)):
            hour = quiet.end.hour
        trigger = CronTrigger(day_of_week=weekday, hour=hour, minute=0, timezone=ZoneInfo(tz))
        job = sched.get_job(job_id, jobstore=JOBSTORE)
        if not enabled:
            if job is not None:
                with contextlib.suppress(JobLookupError):
                    sched.remove_job(job_id, jobstore=JOBSTORE)
                changed += 1
            continue
        if job is None or str(job.trigger) != str(trigger):
            sched.add_job(
                "bot.nudges.weekly:nudge_job",
                trigger,
                args=[kelompok_id],
                id=job_id,
                jobstore=JOBSTORE,
                replace_existing=True,
                misfire_grace_time=6 * 3600,
            )
            changed += 1
    return changed
