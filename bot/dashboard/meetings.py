"""Meetings on the dashboard: the list with answers and attendance, and invite, move, cancel and take
attendance from the web through the very functions the chat uses (bot/meetings/service.py).

- GET  /dasbor/pertemuan                     to come (who answered what), started (who came), called off
- GET  /dasbor/pertemuan/<id>                one meeting, with the attendance form once it has started
- GET  /dasbor/pertemuan/baru                the invitation form (her kelompok, date, time, place, topic)
- POST /dasbor/pertemuan/baru                 -> the plan becomes her draft; the read-back page
- GET  /dasbor/pertemuan/<id>/ubah           the change form (date, time, place, topic)
- POST /dasbor/pertemuan/<id>/ubah            -> draft and read-back
- POST /dasbor/pertemuan/<id>/batal           -> draft and read-back
- POST /dasbor/pertemuan/kirim               "Kirim" (her "ya") or "Batal" (her "tidak") for the draft read back
- POST /dasbor/pertemuan/<id>/kehadiran      who came

The read-back page shows the chat's read-back text, rendered from the same Say; the draft is her
one open question (bot/messaging/questions.py), as in chat, so it lapses after QUESTION_TTL_MINUTES
and a newer plan (on the web or in chat) replaces it. "Kirim" carries it out only if the draft is
still the one the page showed, through service.confirm, the function her "ya" runs: the same
Meeting and Invitation rows, outbox keys, gate, templates and reminders. Every change is audited.
A pendamping acts only on her own kelompok and meetings (403 otherwise); a koordinator reads.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from bot import audit, clock
from bot.config import question_ttl
from bot.dashboard import downloads
from bot.dashboard.auth import actor, current_viewer, database, role_required
from bot.dashboard.blueprint import bp
from bot.dashboard.texts import _, page_language
from bot.meetings import service
from bot.meetings.models import Meeting
from bot.meetings.plans import Plan, load_draft
from bot.meetings.present import ZONE_LABEL
from bot.outcome import Say
from bot.replies import render
from bot.reports import meetings as report
from bot.roster import access
from bot.roster.groups import her_groups
from bot.roster.identity import Identity, identify
from bot.roster.models import Kelompok, Pendamping

# A date typed with the wrong year is more likely than a meeting planned more than a year ahead.
FAR_AHEAD = timedelta(days=366)
# Meetings called off are listed while they are this recent.
CANCELLED_SHOWN = timedelta(days=30)
# What one flash message (kept in the session cookie) may hold.
FLASH_MAX = 1500


class Refused(Exception):
    """The meeting cannot take this action now (started, over, called off): 409 with why."""


def _now() -> datetime:
    return clock.utcnow()


def _meeting(db: Session, meeting_id: int) -> Meeting:
    """A meeting she may see: hers, or (a koordinator) one of her area's pendamping."""
    meeting = db.get(Meeting, meeting_id)
    if meeting is None:
        raise access.NotFound(f"meeting {meeting_id}")
    access.pendamping_for(db, current_viewer(), meeting.pendamping_id)
    return meeting


def _own(db: Session) -> Pendamping:
    viewer = current_viewer()
    access.require_edit(viewer)
    person = db.get(Pendamping, viewer.id)
    if person is None:
        raise access.NotFound(f"pendamping {viewer.id}")
    return person


def _reader(db: Session) -> Identity:
    """Her identity for the chat's texts, in the page's language."""
    return replace(identify(db, current_viewer().phone), language=page_language())


def _text(says: list[Say], who: Identity) -> str:
    return "\n\n".join(render(say.response, who, **say.values) for say in says)


def _draft_text(kind: str, plan: Plan) -> str:
    """The draft as the read-back page carries it, to tell whether "Kirim" confirms what she saw."""
    return json.dumps({"kind": kind, "plan": asdict(plan)}, sort_keys=True)


def _flash(text: str) -> None:
    flash(text if len(text) <= FLASH_MAX else text[: FLASH_MAX - 1] + "…")


# ---------------------------------------------------------------- reading


@bp.get("/pertemuan")
@role_required()
def meetings() -> ResponseReturnValue:
    viewer, now = current_viewer(), _now()
    with database() as db:
        people = access.pendamping_in_view(db, viewer)
        ids = [p.id for p in people]
        coming = report.upcoming(db, ids, now)
        earlier = report.past(db, ids, now)
        called_off = report.cancelled(db, ids, now - CANCELLED_SHOWN, now)
    return render_template(
        "dashboard/meetings.html",
        coming=coming,
        earlier=earlier,
        called_off=called_off,
        can_edit=viewer.can_edit,
        show_owner=viewer.role != "pendamping",
        messages=get_flashed_messages(),
        nav_active="meetings",
    )


@bp.get("/pertemuan/<int:meeting_id>")
@role_required()
def meeting(meeting_id: int) -> ResponseReturnValue:
    viewer = current_viewer()
    with database() as db:
        m = report.one(db, _meeting(db, meeting_id), _now())
    return render_template(
        "dashboard/meeting.html",
        m=m,
        can_edit=viewer.can_edit,
        show_owner=viewer.role != "pendamping",
        messages=get_flashed_messages(),
        nav_active="meetings",
    )


@bp.get("/pertemuan/<int:meeting_id>/unduh.<kind>")
@role_required()
def meeting_download(meeting_id: int, kind: str) -> ResponseReturnValue:
    """Who was invited, her answer and whether she came, as CSV or XLSX."""
    if kind not in ("csv", "xlsx"):
        return "", 404
    with database() as db:
        m = report.one(db, _meeting(db, meeting_id), _now())
    rows = report.as_table(m)
    day = m.starts_at.astimezone(ZoneInfo(m.tz)).date()
    name = downloads.file_name("pertemuan", f"{m.id}-{'-'.join(m.kelompok)}", day, kind)
    if kind == "csv":
        return downloads.csv_response(downloads.table_csv(report.HEADER, rows), name)
    return downloads.xlsx_response(report.HEADER, rows, "pertemuan", name)


# ---------------------------------------------------------------- the forms


def _form_values(defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the form shows: what she posted, else the defaults."""
    values = dict(defaults or {})
    if request.method == "POST":
        for name in ("tanggal", "jam", "tempat", "materi", "jenis"):
            values[name] = request.form.get(name, "").strip()
        values["kelompok"] = request.form.getlist("kelompok")
    return values


def _read_when(errors: list[str]) -> tuple[date | None, time | None]:
    try:
        day = date.fromisoformat(request.form.get("tanggal", "").strip())
    except ValueError:
        day = None
        errors.append(_("Isi tanggal pertemuan."))
    try:
        at = time.fromisoformat(request.form.get("jam", "").strip())
    except ValueError:
        at = None
        errors.append(_("Isi jam mulai, misalnya 09:00."))
    return day, (at.replace(second=0, microsecond=0) if at else None)


def _check_when(plan: Plan, tz: str, errors: list[str]) -> None:
    now = _now()
    if service.in_past(plan, tz, now):
        errors.append(_("Waktu itu sudah lewat. Pilih tanggal dan jam yang akan datang."))
    elif plan.day and plan.at and plan.starts_at(tz) > now + FAR_AHEAD:
        errors.append(_("Tanggal itu lebih dari setahun lagi. Periksa tahunnya."))


def _invite_page(db: Session, person: Pendamping, values: dict[str, Any], errors: list[str], status: int = 200):  # type: ignore[no-untyped-def]
    groups = her_groups(person)
    return (
        render_template(
            "dashboard/meeting_form.html",
            kind="invite",
            groups=[(k.id, k.name, len(k.members)) for k in groups],
            values=values,
            errors=errors,
            zone=ZONE_LABEL.get(person.tz, person.tz),
            today=clock.local_today(person.tz).isoformat(),
            nav_active="meetings",
        ),
        status,
    )


@bp.get("/pertemuan/baru")
@role_required("pendamping")
def new_meeting() -> ResponseReturnValue:
    with database() as db:
        person = _own(db)
        groups = her_groups(person)
        chosen = [str(groups[0].id)] if len(groups) == 1 else []
        return _invite_page(db, person, {"kelompok": chosen}, [])


@bp.post("/pertemuan/baru")
@role_required("pendamping")
def propose_meeting() -> ResponseReturnValue:
    viewer = current_viewer()
    errors: list[str] = []
    with database() as db:
        person = _own(db)
        chosen: list[Kelompok] = []
        for raw in request.form.getlist("kelompok"):
            if not raw.isdigit():
                raise access.NotFound(f"kelompok {raw!r}")
            chosen.append(access.kelompok_for(db, viewer, int(raw)))  # only hers: 403 otherwise
        if not chosen:
            errors.append(_("Pilih minimal satu kelompok."))
        day, at = _read_when(errors)
        place = request.form.get("tempat", "").strip()
        if not place:
            errors.append(_("Isi tempat pertemuan."))
        plan = None
        if day and at:
            plan = service.invitation(
                [k.id for k in chosen], day, at, place, request.form.get("materi"), request.form.get("jenis")
            )
            _check_when(plan, person.tz, errors)
        if errors or plan is None:
            return _invite_page(db, person, _form_values(), errors, 422)
        say = service.propose(db, person, "invite", plan, page_language())
        return _read_back_page(db, "invite", plan, say, None)


def _change_page(m: report.MeetingView, values: dict[str, Any], errors: list[str], status: int = 200):  # type: ignore[no-untyped-def]
    return (
        render_template(
            "dashboard/meeting_form.html",
            kind="change",
            m=m,
            values=values,
            errors=errors,
            zone=ZONE_LABEL.get(m.tz, m.tz),
            today=clock.local_today(m.tz).isoformat(),
            nav_active="meetings",
        ),
        status,
    )


def _changeable(db: Session, meeting_id: int) -> Meeting:
    _own(db)
    found = _meeting(db, meeting_id)
    if found.status != "scheduled" or found.starts_at <= _now():
        raise Refused(_("Pertemuan ini sudah dimulai, selesai atau dibatalkan, jadi tidak bisa diubah lagi."))
    return found


@bp.get("/pertemuan/<int:meeting_id>/ubah")
@role_required("pendamping")
def change_meeting(meeting_id: int) -> ResponseReturnValue:
    with database() as db:
        found = _changeable(db, meeting_id)
        at = found.starts_at.astimezone(ZoneInfo(found.tz))
        values = {
            "tanggal": at.date().isoformat(),
            "jam": at.strftime("%H:%M"),
            "tempat": found.place,
            "materi": found.topic or "",
        }
        return _change_page(report.one(db, found, _now()), values, [])


@bp.post("/pertemuan/<int:meeting_id>/ubah")
@role_required("pendamping")
def propose_change(meeting_id: int) -> ResponseReturnValue:
    errors: list[str] = []
    with database() as db:
        person = _own(db)
        found = _changeable(db, meeting_id)
        day, at = _read_when(errors)
        place = request.form.get("tempat", "").strip()[:200]
        if not place:
            errors.append(_("Isi tempat pertemuan."))
        topic = request.form.get("materi", "").strip()[:300] or None
        plan = None
        if day and at and place:
            plan = service.change(found, day, at, place, topic)
            if service.changes_nothing(found, plan):
                errors.append(_("Belum ada yang diubah."))
            else:
                _check_when(plan, found.tz, errors)
        if errors or plan is None:
            return _change_page(report.one(db, found, _now()), _form_values(), errors, 422)
        say = service.propose(db, person, "change", plan, page_language())
        return _read_back_page(db, "change", plan, say, found.id)


@bp.post("/pertemuan/<int:meeting_id>/batal")
@role_required("pendamping")
def propose_cancel(meeting_id: int) -> ResponseReturnValue:
    with database() as db:
        person = _own(db)
        found = _changeable(db, meeting_id)
        plan = service.cancellation(found)
        say = service.propose(db, person, "cancel", plan, page_language())
        return _read_back_page(db, "cancel", plan, say, found.id)


def _read_back_page(db: Session, kind: str, plan: Plan, say: Say | None, meeting_id: int | None):  # type: ignore[no-untyped-def]
    text = _text([say], _reader(db)) if say else ""
    return render_template(
        "dashboard/meeting_read_back.html",
        kind=kind,
        text=text,
        draft=_draft_text(kind, plan),
        meeting_id=meeting_id,
        minutes=int(question_ttl().total_seconds() // 60),
        nav_active="meetings",
    )


# ---------------------------------------------------------------- her "ya"


@bp.post("/pertemuan/kirim")
@role_required("pendamping")
def confirm_meeting() -> ResponseReturnValue:
    viewer, now = current_viewer(), _now()
    send = request.form.get("jawab") == "kirim"
    with database() as db:
        person = _own(db)
        draft = load_draft(db, person, now)
        if draft is None or draft[0] not in service.KINDS or _draft_text(*draft) != request.form.get("rencana"):
            message = _(
                "Rencana ini sudah tidak menunggu: lewat {minutes} menit, sudah dikirim, atau diganti rencana lain "
                "(di sini atau di WhatsApp). Tidak ada yang dikirim. Buat lagi lalu periksa.",
                minutes=int(question_ttl().total_seconds() // 60),
            )
            return render_template("dashboard/meeting_refused.html", message=message), 409
        kind, plan = draft
        before: dict[str, Any] = {}
        if kind == "invite":
            for kelompok_id in plan.kelompok_ids:
                access.kelompok_for(db, viewer, kelompok_id)  # still hers
        else:
            found = _meeting(db, plan.meeting_id or 0)
            before = {"meeting": audit.snapshot(found)} | {
                f"invitation:{i.id}": audit.snapshot(i) for i in found.invitations
            }
        who = _reader(db)
        done = service.confirm(db, current_app.config["SETTINGS"], who, send, now)
        if done.meeting is not None:
            _audit_confirmed(db, done, before)
        _flash(_text(done.outcome.says, who))
        target = done.meeting.id if done.meeting is not None and done.kind != "cancel" else None
    if target is not None:
        return redirect(url_for("dashboard.meeting", meeting_id=target))
    return redirect(url_for("dashboard.meetings"))


def _audit_confirmed(db: Session, done: service.Confirmed, before: dict[str, Any]) -> None:
    meeting = done.meeting
    assert meeting is not None
    if done.kind == "invite":
        audit.record(db, actor(), "create", meeting, None)
        for invitation in meeting.invitations:
            audit.record(db, actor(), "create", invitation, None)
        return
    audit.record(db, actor(), "update", meeting, before.get("meeting"))
    for invitation in meeting.invitations:
        was = before.get(f"invitation:{invitation.id}")
        if was != audit.snapshot(invitation):
            audit.record(db, actor(), "update", invitation, was)


# ---------------------------------------------------------------- attendance


@bp.post("/pertemuan/<int:meeting_id>/kehadiran")
@role_required("pendamping")
def record_attendance(meeting_id: int) -> ResponseReturnValue:
    now = _now()
    with database() as db:
        _own(db)
        found = _meeting(db, meeting_id)
        if found.status == "cancelled" or found.starts_at > now:
            raise Refused(_("Kehadiran dicatat setelah pertemuan dimulai."))
        came_ids = set(request.form.getlist("hadir"))
        came = {i.kpm_id: str(i.kpm_id) in came_ids for i in found.invitations}
        before = {i.id: audit.snapshot(i) for i in found.invitations}
        meeting_before = audit.snapshot(found)
        who = _reader(db)
        say = service.record_attendance(found, came, now, who.language)
        if meeting_before != audit.snapshot(found):
            audit.record(db, actor(), "update", found, meeting_before)
        for invitation in found.invitations:
            if before[invitation.id] != audit.snapshot(invitation):
                audit.record(db, actor(), "update", invitation, before[invitation.id])
        _flash(_text([say], who))
    return redirect(url_for("dashboard.meeting", meeting_id=meeting_id, _anchor="kehadiran"))


def register_errors(app: Flask) -> None:
    """A meeting that can no longer take what she asked (started, over, called off): 409 with why."""

    @app.errorhandler(Refused)
    def _refused(exc: Refused) -> ResponseReturnValue:
        return render_template("dashboard/meeting_refused.html", message=str(exc)), 409
