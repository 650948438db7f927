"""The graduation pipeline on the dashboard (issue 12): /dasbor/graduasi.

- A pendamping sees her KPM who meet every required rule of data/graduation.yml (and those who
  miss only one), each with the numbers behind every rule, a chart of her monthly sales, her
  decision history and a form to record a decision; her graduations per month against the target;
  and the latest decisions about her KPM. She decides only for her own KPM (403 otherwise).
- A koordinator reads her area's graduations per pendamping per month against the target, for
  this month and the five before it; she records nothing (her POST answers 403).
- Both tables download as CSV or XLSX through the dashboard's one download helper (downloads.py).

Numbers come from bot/reports/graduation.py, which reads the graduation service; a decision is
written by the service and audited (bot/audit.py) as the signed-in pendamping.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from bot import audit, clock
from bot.dashboard import downloads
from bot.dashboard.auth import actor, current_viewer, database, role_required, safe_next
from bot.dashboard.svg import monthly_bars
from bot.dashboard.texts import _, axis_money, month_short, page_language
from bot.graduation import service
from bot.graduation.models import GraduationDecision
from bot.graduation.rules import load
from bot.i18n import format_money
from bot.reports import graduation as report
from bot.roster import access
from bot.roster.models import Koordinator, Pendamping

bp = Blueprint("graduation", __name__, url_prefix="/dasbor/graduasi")

NOTE_MAX = 500


def _koordinator_today() -> date:
    return clock.local_today(current_app.config["SETTINGS"].tz)


def sales_chart(row: report.Row) -> Markup:
    streak = row.streak_months
    months = row.month_starts
    return monthly_bars(
        months,
        [m.sales for m in row.candidate.months],
        [m.strftime("%Y-%m") in streak for m in months],
        _("Penjualan per bulan, {n} bulan", n=len(months)),
        axis_money,
        month_short,
        exact=lambda amount: format_money(amount, page_language()),
    )


@bp.app_template_filter("month_key")
def _month_key(key: str) -> date:
    """'2026-11' as the date 2026-11-01, for the month filters."""
    return report.month_start(key)


@bp.get("")
@role_required()
def index() -> ResponseReturnValue:
    viewer = current_viewer()
    if viewer.role == "koordinator":
        return _area(viewer)
    with database() as db:
        person = access.pendamping_for(db, viewer, viewer.id)
        today = clock.local_today(person.tz)
        page = report.pendamping_page(db, person, today)
        tz = person.tz
    charts = {row.candidate.kpm_id: sales_chart(row) for row in (*page.candidates, *page.almost)}
    return render_template(
        "graduation/index.html",
        page=page,
        charts=charts,
        tz=tz,
        today=today,
        decisions=service.DECISIONS,
        note_max=NOTE_MAX,
        nav_active="graduation",
    )


def _area(viewer: access.Viewer) -> ResponseReturnValue:
    today = _koordinator_today()
    with database() as db:
        chief = db.get(Koordinator, viewer.id)
        people = access.pendamping_in_view(db, viewer)
        counts = report.area_counts(db, people, today)
        area = ", ".join(x for x in (chief.kecamatan, chief.kota) if x) if chief else ""
    months = report.month_keys(today)
    totals = {key: sum(m.graduated for p in counts for m in p.months if m.month == key) for key in months}
    return render_template(
        "graduation/area.html",
        counts=counts,
        months=months,
        totals=totals,
        area=area,
        today=today,
        target=load().graduated_per_month,
        nav_active="graduation",
    )


@bp.post("/kpm/<int:kpm_id>/keputusan")
@role_required("pendamping")
def decide(kpm_id: int) -> ResponseReturnValue:
    """Her decision about one of her KPM, through the service, written down in the audit trail."""
    choice = request.form.get("keputusan", "")
    note = " ".join(request.form.get("catatan", "").split())[:NOTE_MAX]
    back = safe_next(request.form.get("next") or url_for("graduation.index"))
    viewer = current_viewer()
    with database() as db:
        person = access.kpm_to_edit(db, viewer, kpm_id)
        if choice not in service.DECISIONS:
            return _bad_choice()
        made = service.decide(db, person.id, choice, decided_by=viewer.phone, note=note, now=clock.utcnow())
        row = db.get(GraduationDecision, made.id)
        assert row is not None
        audit.record(db, actor(), "create", row, None)
    return redirect(f"{back.split('#', 1)[0]}#keputusan-{kpm_id}")


def _bad_choice() -> ResponseReturnValue:
    message = _("Pilih salah satu keputusan, lalu simpan lagi.")
    return render_template("dashboard/error.html", status=400, message=message), 400


# ---------------------------------------------------------------- downloads


def _candidate_rows() -> tuple[Pendamping, date, list[tuple[object, ...]]]:
    viewer = current_viewer()
    with database() as db:
        person = access.pendamping_for(db, viewer, viewer.id)
        today = clock.local_today(person.tz)
        page = report.pendamping_page(db, person, today)
        return person, today, report.candidate_table([*page.candidates, *page.almost], person.tz)


@bp.get("/kandidat.csv")
@role_required("pendamping")
def candidates_csv() -> ResponseReturnValue:
    person, today, rows = _candidate_rows()
    name = downloads.file_name("kandidat-graduasi", person.name, today, "csv")
    return downloads.csv_response(downloads.table_csv(report.CANDIDATE_HEADER, rows), name)


@bp.get("/kandidat.xlsx")
@role_required("pendamping")
def candidates_xlsx() -> ResponseReturnValue:
    person, today, rows = _candidate_rows()
    name = downloads.file_name("kandidat-graduasi", person.name, today, "xlsx")
    return downloads.xlsx_response(report.CANDIDATE_HEADER, rows, "kandidat graduasi", name)


def _count_rows() -> tuple[str, date, list[tuple[object, ...]]]:
    viewer = current_viewer()
    with database() as db:
        people = access.pendamping_in_view(db, viewer)
        if viewer.role == "pendamping":
            today = clock.local_today(people[0].tz) if people else _koordinator_today()
        else:
            today = _koordinator_today()
        counts = report.area_counts(db, people, today)
        names = report.kpm_names(db, [k for p in counts for m in p.months for k in m.kpm_ids])
    return viewer.name, today, report.count_table(counts, names)


@bp.get("/capaian.csv")
@role_required()
def counts_csv() -> ResponseReturnValue:
    who, today, rows = _count_rows()
    name = downloads.file_name("graduasi", who, today, "csv")
    return downloads.csv_response(downloads.table_csv(report.COUNT_HEADER, rows), name)


@bp.get("/capaian.xlsx")
@role_required()
def counts_xlsx() -> ResponseReturnValue:
    who, today, rows = _count_rows()
    name = downloads.file_name("graduasi", who, today, "xlsx")
    return downloads.xlsx_response(report.COUNT_HEADER, rows, "graduasi per bulan", name)
