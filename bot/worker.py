"""The one background process: sends the outbox, answers messages Rasa could not take, warms the model.

Run as `python -m bot.worker` (`make run` starts it). APScheduler keeps its
jobs in the application database, so scheduled work survives restarts.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import timedelta

import requests
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot import clock, pipeline
from bot.config import Settings, load_settings
from bot.db import get_engine, session_scope, utcnow
from bot.meetings import reminders
from bot.meetings.report import send_reports
from bot.messaging import inbound, rasa_client
from bot.messaging.models import RuntimeState
from bot.messaging.rasa_client import RasaUnavailable
from bot.messaging.sender import OutboxSender
from bot.nudges import weekly as nudges
from bot.web.health import WARM_KEY

log = logging.getLogger("bot.worker")


def relay_pending(settings: Settings, relay: pipeline.Relay | None = None) -> int:
    """Answer messages that arrived while Rasa was down (through the inbound pipeline); stop at the first failure."""
    answered = 0
    with session_scope(settings.database_url) as session:
        due = inbound.due_for_relay(session)
        for inbound_id in due:
            inbound.release_stale(session, inbound_id)
    for inbound_id in due:
        try:
            pipeline.answer_later(settings, inbound_id, relay)
        except RasaUnavailable:
            break
        except pipeline.AlreadyTaken:
            continue
        answered += 1
    if answered:
        log.info("answered %d message(s) that had waited for Rasa", answered)
    return answered


def warm_rasa(settings: Settings) -> str | None:
    """One parse on a freshly loaded model, so the first user does not wait for TensorFlow."""
    try:
        model_id = rasa_client.status(settings.rasa_url, settings.rasa_token).get("model_id")
    except requests.RequestException:
        return None
    if not model_id:
        return None
    with session_scope(settings.database_url) as session:
        state = session.get(RuntimeState, WARM_KEY)
        if state is not None and state.value == model_id:
            return model_id
    started = time.monotonic()
    try:
        rasa_client.parse(settings.rasa_url, settings.rasa_token, "halo", timeout=600)
    except requests.RequestException as exc:
        log.warning("warming Rasa failed: %s", exc)
        return None
    with session_scope(settings.database_url) as session:
        state = session.get(RuntimeState, WARM_KEY)
        if state is None:
            session.add(RuntimeState(key=WARM_KEY, value=model_id))
        else:
            state.value = model_id
    log.info("Rasa model %s warmed in %.1fs", model_id, time.monotonic() - started)
    return model_id


def pump_outbox(settings: Settings, stop: threading.Event) -> None:
    sender = OutboxSender(settings)
    while not stop.is_set():
        try:
            with session_scope(settings.database_url) as session:
                result = sender.send_due(session)
            if result.sent or result.retried or result.failed:
                continue  # more may be due right away
        except Exception:
            log.exception("outbox pass failed")
        stop.wait(settings.worker_poll_seconds)


def meetings_housekeeping(settings: Settings, scheduler: BackgroundScheduler) -> None:
    """Turn changed meetings into reminder jobs, and report finished invitation rounds."""
    now = utcnow()
    changed = reminders.sync_jobs(settings.database_url, scheduler, now)
    with session_scope(settings.database_url) as session:
        reported = send_reports(session, now)
    if changed or reported:
        log.info("meetings: %d rescheduled, %d reports", changed, reported)


ONE_SECOND = timedelta(seconds=1)


def follow_clock(scheduler: BackgroundScheduler, stop: threading.Event) -> None:
    """When a test or demo moves the shared clock, wake the scheduler to look again.

    Housekeeping runs at once (after a move back, its next run would be far ahead);
    the persistent jobs keep their times, so moving forward fires what is due.
    """
    last = clock.offset()
    while not stop.wait(0.2):
        # A housekeeping run that started just before a move back schedules its next run from the
        # moved-ahead time after the fix-up below: pull any such run back (it is never due later
        # than one interval from now).
        for job in scheduler.get_jobs(jobstore="default"):
            interval = getattr(job.trigger, "interval", None)
            if interval is not None and job.next_run_time and job.next_run_time > utcnow() + interval + ONE_SECOND:
                job.modify(next_run_time=utcnow())
        if clock.offset() != last:
            backwards, last = clock.offset() < last, clock.offset()
            for job in scheduler.get_jobs(jobstore="default"):
                job.modify(next_run_time=utcnow())
            if backwards:  # weekly jobs that ran in the moved-ahead future are due again
                for job in scheduler.get_jobs(jobstore="persistent"):
                    if isinstance(job.trigger, CronTrigger):
                        job.modify(next_run_time=job.trigger.get_next_fire_time(None, utcnow()))
            scheduler.wakeup()


def build_scheduler(settings: Settings) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        jobstores={
            # Meeting reminders and nudges: kept in the database, survive restarts.
            "persistent": SQLAlchemyJobStore(engine=get_engine(settings.database_url)),
            # Housekeeping re-created at every start.
            "default": MemoryJobStore(),
        },
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        timezone="UTC",
    )
    scheduler.add_job(warm_rasa, "interval", seconds=5, args=[settings], id="warm_rasa", next_run_time=utcnow())
    scheduler.add_job(relay_pending, "interval", seconds=5, args=[settings], id="relay_pending")
    scheduler.add_job(
        meetings_housekeeping, "interval", seconds=2, args=[settings, scheduler], id="meetings", next_run_time=utcnow()
    )
    # One weekly nudge job per kelompok, following each kelompok's settings.
    scheduler.add_job(
        nudges.sync_jobs,
        "interval",
        seconds=30,
        args=[settings.database_url, scheduler, settings.tz],
        id="nudge_jobs",
        next_run_time=utcnow(),
    )
    # Sunday evening in the users' zone: the week's chart for everyone who recorded.
    scheduler.add_job(
        "bot.ledger.weekly:weekly_charts_job",
        CronTrigger(day_of_week="sun", hour=18, timezone=settings.tz),
        id="weekly_charts",
        jobstore="persistent",
        replace_existing=True,
    )
    return scheduler


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    settings = load_settings()
    clock.shift_scheduler_clock()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    scheduler = build_scheduler(settings)
    reminders.scheduler = nudges.scheduler = scheduler
    scheduler.start()
    threading.Thread(target=follow_clock, args=(scheduler, stop), name="clock", daemon=True).start()
    pump = threading.Thread(target=pump_outbox, args=(settings, stop), name="outbox", daemon=True)
    pump.start()
    log.info("worker started")
    stop.wait()
    scheduler.shutdown(wait=False)
    pump.join(timeout=10)
    log.info("worker stopped")


if __name__ == "__main__":
    main()
