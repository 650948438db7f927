"""The dashboard's pages: overview, a kelompok's table (with CSV and XLSX), one KPM, notes.

Each page checks access with bot/roster/access.py (Denied -> 403, NotFound -> 404) and reads
plain values from bot/reports; dates are the local days of the pendamping whose kelompok it is.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from bot import audit, clock
from bot.dashboard.auth import actor, current_viewer, database, role_required
from bot.dashboard.blueprint import bp
from bot.dashboard.downloads import csv_response, file_name, safe_name, table_csv, xlsx_response
from bot.dashboard.svg import balance_chart, sparkline, weekly_chart
from bot.dashboard.texts import _, axis_money, month_short
from bot.graduation.service import DECISIONS
from bot.reports import graduation as graduation_report
from bot.reports import kelompok as table
from bot.reports import kpm as kpm_report
from bot.reports import overview as overview_report
from bot.reports.overview import area as area_of
from bot.reports.overview import overview as overview_of
from bot.roster import access
from bot.roster.models import Kelompok, Koordinator, Pendamping, PendampingNote

NOTE_MAX = 500


def _today(tz: str) -> date:
    return clock.local_today(tz)


@bp.get("/")
@role_required()
def overview() -> ResponseReturnValue:
    viewer = current_viewer()
    if viewer.role == "pendamping":
        return pendamping_overview(viewer.id)
    now = clock.utcnow()
    with database() as db:
        chief = db.get(Koordinator, viewer.id)
        people = access.pendamping_in_view(db, viewer)
        summaries = area_of(db, people, now)
        area = ", ".join(x for x in (chief.kecamatan, chief.kota) if x) if chief else ""
    return render_template("dashboard/area.html", summaries=summaries, area=area, nav_active="overview")


@bp.get("/pendamping/<int:pendamping_id>")
@role_required()
def pendamping_overview(pendamping_id: int) -> ResponseReturnValue:
    viewer = current_viewer()
    with database() as db:
        person = access.pendamping_for(db, viewer, pendamping_id)
        view = overview_of(db, person.id, _today(person.tz), clock.utcnow())
    return render_template("dashboard/overview.html", view=view, own=viewer.role == "pendamping", nav_active="overview")


@bp.get("/ringkasan/unduh.<kind>")
@role_required()
def overview_download(kind: str) -> ResponseReturnValue:
    """The overview's numbers per kelompok (her own, or every pendamping of a koordinator's area)."""
    if kind not in ("csv", "xlsx"):
        return "", 404
    viewer, now = current_viewer(), clock.utcnow()
    with database() as db:
        people = access.pendamping_in_view(db, viewer)
        if viewer.role == "pendamping":
            lines: list[overview_report.Overview | overview_report.AreaLine] = [
                overview_of(db, p.id, _today(p.tz), now) for p in people
            ]
        else:
            lines = list(area_of(db, people, now))
    rows = overview_report.as_table(lines)
    name = file_name("ringkasan", viewer.name or viewer.role, clock.local_today("Asia/Jakarta"), kind)
    if kind == "csv":
        return csv_response(table_csv(overview_report.HEADER, rows), name)
    return xlsx_response(overview_report.HEADER, rows, "ringkasan", name)


def _arranged(kelompok_id: int) -> tuple[Kelompok, Pendamping, list[table.MemberRow], dict[str, str]]:
    viewer = current_viewer()
    args = {
        "urut": request.args.get("urut", "nama"),
        "arah": "turun" if request.args.get("arah") == "turun" else "naik",
        "tampil": request.args.get("tampil", "semua"),
        "cari": request.args.get("cari", "")[:60],
    }
    if args["urut"] not in table.SORTS:
        args["urut"] = "nama"
    if args["tampil"] not in table.FILTERS:
        args["tampil"] = "semua"
    with database() as db:
        kelompok = access.kelompok_for(db, viewer, kelompok_id)
        owner = kelompok.pendamping
        assert owner is not None  # access.kelompok_for refuses a kelompok without one
        members = table.rows(db, kelompok.id, _today(owner.tz), owner.tz)
    chosen = table.arrange(members, args["urut"], args["arah"] == "turun", args["tampil"], args["cari"])
    return kelompok, owner, chosen, args


@bp.get("/kelompok/<int:kelompok_id>")
@role_required()
def kelompok(kelompok_id: int) -> ResponseReturnValue:
    group, owner, members, args = _arranged(kelompok_id)
    sparks = {
        r.kpm_id: sparkline(r.weekly_sales, _("Penjualan {weeks} minggu terakhir", weeks=table.SPARK_WEEKS))
        for r in members
    }

    def here(endpoint: str = "dashboard.kelompok", **change: str) -> str:
        """This table's address (or its download's) with some parameters changed."""
        return url_for(endpoint, kelompok_id=group.id, **{**args, **change})

    return render_template(
        "dashboard/kelompok.html",
        here=here,
        group=group,
        owner=owner,
        members=members,
        sparks=sparks,
        args=args,
        filters=list(table.FILTERS),
        nav_active="kelompok",
        tz=owner.tz,
        record_weeks=table.RECORD_WEEKS,
    )


def _download_name(group: Kelompok, today: date, suffix: str) -> str:
    return f"kelompok-{safe_name(group.name, 'kelompok')}-{today.isoformat()}.{suffix}"


@bp.get("/kelompok/<int:kelompok_id>/unduh.csv")
@role_required()
def kelompok_csv(kelompok_id: int) -> ResponseReturnValue:
    group, owner, members, _args = _arranged(kelompok_id)
    text = table_csv(table.HEADER, table.as_table(members, owner.tz))
    return csv_response(text, _download_name(group, _today(owner.tz), "csv"))


@bp.get("/kelompok/<int:kelompok_id>/unduh.xlsx")
@role_required()
def kelompok_xlsx(kelompok_id: int) -> ResponseReturnValue:
    group, owner, members, _args = _arranged(kelompok_id)
    rows = table.as_table(members, owner.tz)
    return xlsx_response(table.HEADER, rows, group.name or "kelompok", _download_name(group, _today(owner.tz), "xlsx"))


@bp.get("/kpm/<int:kpm_id>/unduh.<kind>")
@role_required()
def kpm_download(kpm_id: int, kind: str) -> ResponseReturnValue:
    """Her entries (up to the page's maximum), with deletions and corrections, as CSV or XLSX."""
    if kind not in ("csv", "xlsx"):
        return "", 404
    viewer = current_viewer()
    with database() as db:
        person = access.kpm_for(db, viewer, kpm_id)
        owner = person.kelompok.pendamping
        assert owner is not None
        page = kpm_report.page(db, person.id, _today(owner.tz), owner.tz, kpm_report.ENTRIES_MAX)
    rows = kpm_report.as_table(page.entries, owner.tz)
    name = file_name("catatan", page.name, _today(owner.tz), kind)
    if kind == "csv":
        return csv_response(table_csv(kpm_report.HEADER, rows), name)
    return xlsx_response(kpm_report.HEADER, rows, "catatan", name)


@bp.get("/kpm/<int:kpm_id>")
@role_required()
def kpm(kpm_id: int) -> ResponseReturnValue:
    viewer = current_viewer()
    with database() as db:
        person = access.kpm_for(db, viewer, kpm_id)
        owner = person.kelompok.pendamping
        assert owner is not None
        tz = owner.tz
        all_entries = request.args.get("catatan") == "semua"
        shown = kpm_report.ENTRIES_MAX if all_entries else kpm_report.ENTRIES_SHOWN
        page = kpm_report.page(db, person.id, _today(tz), tz, shown)
        graduation = graduation_report.kpm_row(db, person.id, owner, _today(tz))
    days = [w.end for w in page.weeks]
    charts = {
        "weekly": weekly_chart(
            days,
            [w.sales for w in page.weeks],
            [w.expenses for w in page.weeks],
            _("Penjualan dan belanja per minggu, 6 bulan"),
            axis_money,
            month_short,
        ),
        "savings": balance_chart(page.savings, _("Tabungan di akhir tiap minggu, 6 bulan"), axis_money, month_short),
    }
    return render_template(
        "dashboard/kpm.html",
        page=page,
        charts=charts,
        tz=tz,
        can_edit=viewer.can_edit,
        all_entries=all_entries,
        note_max=NOTE_MAX,
        graduation=graduation,
        decisions=DECISIONS,
        nav_active="kelompok",
    )


@bp.post("/kpm/<int:kpm_id>/catatan")
@role_required("pendamping")
def add_note(kpm_id: int) -> ResponseReturnValue:
    """Her own note about one of her KPM, written down in the audit trail."""
    text = " ".join(request.form.get("catatan", "").split())[:NOTE_MAX]
    if not text:
        return redirect(url_for("dashboard.kpm", kpm_id=kpm_id, _anchor="catatan"))
    viewer = current_viewer()
    with database() as db:
        person = access.kpm_to_edit(db, viewer, kpm_id)
        note = PendampingNote(pendamping_id=viewer.id, kpm_id=person.id, kind="web", text=text)
        db.add(note)
        audit.record(db, actor(), "create", note, None)
    return redirect(url_for("dashboard.kpm", kpm_id=kpm_id, _anchor="catatan"))


def _refused(status: int, message: str) -> ResponseReturnValue:
    return render_template("dashboard/error.html", status=status, message=message), status


def register_errors(app: Flask) -> None:
    """Access refused anywhere (this blueprint or a page built on it) gets a kind page, not a stack trace."""

    @app.errorhandler(access.Denied)
    def _denied(_exc: access.Denied) -> ResponseReturnValue:
        return _refused(403, _("Halaman ini bukan untuk akun Anda."))

    @app.errorhandler(access.NotFound)
    def _missing(_exc: access.NotFound) -> ResponseReturnValue:
        return _refused(404, _("Data itu tidak ditemukan."))

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> ResponseReturnValue:
        return _refused(400, _("Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu coba lagi."))
