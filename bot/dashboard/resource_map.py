"""The resource map on the dashboard: the local agencies and programmes (bot/resources) as a table, its
downloads, and the forms a pendamping keeps it with.

- GET  /dasbor/sumber                      the table, filtered by ?jenis= ?kecamatan= ?cari= ?tampil=
- GET  /dasbor/sumber/unduh.csv, .xlsx     the same rows in the CSV import's columns (bot/resources/csvfile.py)
- GET  /dasbor/sumber/baru                 the form for a new resource (pendamping)
- POST /dasbor/sumber/baru                 adds it
- GET  /dasbor/sumber/<id>/ubah            the form for one she may change (pendamping)
- POST /dasbor/sumber/<id>/ubah            saves it
- POST /dasbor/sumber/<id>/nonaktifkan     hides it from every answer; .../aktifkan brings it back

Every viewer reads the whole map; who may change what is bot/resources/editors.py (a koordinator
changes nothing: 403). A form is checked by the service's `validate` plus her area; a refused form
comes back with what she typed and each problem next to its field, in her language. Every change
is audited with the service's before and after. The chat answers from the same table, so a change
here is answered at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from bot import audit, clock
from bot.dashboard.auth import actor, current_viewer, database, role_required
from bot.dashboard.downloads import csv_response, xlsx_response
from bot.dashboard.texts import _
from bot.i18n import N_
from bot.resources import editors
from bot.resources.area import LEVELS, Area, area_of, normalize_place
from bot.resources.csvfile import COLUMNS, export_rows, to_csv
from bot.resources.kinds import KINDS
from bot.resources.models import LocalResource
from bot.resources.service import (
    TEXT_FIELDS,
    Edit,
    Problem,
    Resource,
    ResourceError,
    add_resource,
    edit_resource,
    get_resource,
    list_resources,
    validate,
)
from bot.roster import access

bp = Blueprint("sumber", __name__, url_prefix="/dasbor/sumber")

# The form's fields are the CSV's columns (nama, menawarkan, jenis, ...), without `aktif`: that has its buttons.
FORM_FIELDS = tuple(c for c in COLUMNS if c != "aktif")
FIELD_OF = {column: COLUMNS[column] for column in FORM_FIELDS}  # form name -> service field
NAME_OF = {f: c for c, f in FIELD_OF.items()}  # service field -> form name
SHOWN = ("semua", "aktif", "nonaktif")
SEARCH_MAX = 60
OUTSIDE_TEXT = N_("di luar wilayah Anda ({area}); sumber daya di tempat lain dicatat pendamping di sana")


@dataclass(frozen=True)
class Filters:
    jenis: str = ""
    kecamatan: str = ""
    cari: str = ""
    tampil: str = "semua"

    def args(self, **change: str) -> dict[str, str]:
        """The query string's values (empty ones left out), some changed."""
        values = {"jenis": self.jenis, "kecamatan": self.kecamatan, "cari": self.cari, "tampil": self.tampil}
        values |= change
        return {k: v for k, v in values.items() if v and not (k == "tampil" and v == "semua")}


def _filters() -> Filters:
    kind = request.args.get("jenis", "")
    shown = request.args.get("tampil", "semua")
    return Filters(
        jenis=kind if kind in KINDS else "",
        kecamatan=" ".join(request.args.get("kecamatan", "").split())[:100],
        cari=" ".join(request.args.get("cari", "").split())[:SEARCH_MAX],
        tampil=shown if shown in SHOWN else "semua",
    )


def _chosen(db: Session, filters: Filters) -> list[Resource]:
    found = list_resources(
        db,
        kind=filters.jenis or None,
        kecamatan=filters.kecamatan or None,
        text=filters.cari or None,
        include_inactive=True,
    )
    if filters.tampil == "aktif":
        return [r for r in found if r.active]
    if filters.tampil == "nonaktif":
        return [r for r in found if not r.active]
    return found


def _kecamatan_choices(resources: list[Resource]) -> list[str]:
    """Each kecamatan of the map once (as first written), by name."""
    seen: dict[str, str] = {}
    for r in resources:
        key = normalize_place("kecamatan", r.kecamatan)
        if key and key not in seen:
            seen[key] = r.kecamatan
    return sorted(seen.values(), key=str.casefold)


def _her_area(db: Session) -> Area:
    viewer = current_viewer()
    return area_of(db, viewer.phone) if viewer.role == "pendamping" else Area()


@bp.get("")
@role_required()
def index() -> ResponseReturnValue:
    viewer = current_viewer()
    filters = _filters()
    with database() as db:
        everything = list_resources(db, include_inactive=True)
        shown = _chosen(db, filters)
        area = _her_area(db)
    editable = {r.id for r in shown if viewer.can_edit and editors.may_change(area, viewer.key, r)}
    return render_template(
        "dashboard/sumber.html",
        resources=shown,
        total=len(everything),
        editable=editable,
        filters=filters,
        kinds=KINDS,
        kecamatan_choices=_kecamatan_choices(everything),
        area=area,
        can_edit=viewer.can_edit,
        here=lambda endpoint="sumber.index", **change: url_for(endpoint, **filters.args(**change)),
        nav_active="sumber",
    )


def _download_name(suffix: str) -> str:
    today = clock.local_today(current_app.config["SETTINGS"].tz)
    return f"sumber-daya-{today.isoformat()}.{suffix}"


@bp.get("/unduh.csv")
@role_required()
def download_csv() -> ResponseReturnValue:
    """The rows shown, in the columns `flask resources import` reads back."""
    with database() as db:
        shown = _chosen(db, _filters())
    return csv_response(to_csv(shown), _download_name("csv"))


@bp.get("/unduh.xlsx")
@role_required()
def download_xlsx() -> ResponseReturnValue:
    with database() as db:
        shown = _chosen(db, _filters())
    header, *rows = export_rows(shown)
    return xlsx_response(header, rows, "sumber daya", _download_name("xlsx"))


# ---------------------------------------------------------------- the form


def _typed() -> dict[str, Any]:
    """What she typed, by form name, as she typed it (shown back when the form is refused)."""
    typed: dict[str, Any] = {name: request.form.get(name, "") for name in FORM_FIELDS if name != "jenis"}
    typed["jenis"] = [k for k in request.form.getlist("jenis") if k]
    return typed


def _as_form(resource: Resource | None, area: Area) -> dict[str, Any]:
    """A form's starting values: the resource's, or for a new one her kecamatan and kota."""
    if resource is None:
        return {name: "" for name in FORM_FIELDS} | {"jenis": [], "kecamatan": area.kecamatan, "kota": area.kota}
    values: dict[str, Any] = {name: getattr(resource, FIELD_OF[name]) for name in FORM_FIELDS if name != "jenis"}
    values["jenis"] = list(resource.kinds)
    return values


def _problems(typed: Mapping[str, Any], area: Area) -> tuple[dict[str, Any], list[Problem]]:
    """The service's check of a whole form, then her area's: the clean values, or every problem."""
    values = {FIELD_OF[name]: value for name, value in typed.items()}
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    try:
        clean = validate(values)
    except ResourceError as refused:
        problems += refused.details
    place = Area(*(" ".join(str(values.get(level, "")).split()) for level in LEVELS))
    for level in editors.outside(area, place):
        problems.append(Problem(level, OUTSIDE_TEXT, {"area": area.label()}))
    return clean, problems


def _errors(problems: list[Problem]) -> dict[str, list[str]]:
    """Each problem in her language, by the form field it belongs next to."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(NAME_OF.get(problem.field, "nama"), []).append(_(problem.text, **problem.values))
    return errors


def _form(
    values: Mapping[str, Any], resource: Resource | None, problems: list[Problem] | None = None
) -> ResponseReturnValue:
    page = render_template(
        "dashboard/sumber_form.html",
        heading=_("Ubah {name}", name=resource.name) if resource else _("Tambah sumber daya"),
        values=values,
        resource=resource,
        tz=current_app.config["SETTINGS"].tz,
        errors=_errors(problems or []),
        kinds=KINDS,
        limits={NAME_OF[f]: limit for f, limit in TEXT_FIELDS.items()},
        nav_active="sumber",
    )
    return page, 422 if problems else 200


def _audit_edit(db: Session, edit: Edit) -> None:
    row = db.get(LocalResource, edit.after.id)
    assert row is not None
    audit.record(db, actor(), "update", row, edit.before.as_json(), after=edit.after.as_json())


def _to_change(db: Session, resource_id: int) -> tuple[Resource, Area]:
    """A resource the signed-in pendamping may change (404 when there is none, 403 when not hers to change)."""
    viewer = current_viewer()
    access.require_edit(viewer)
    resource = get_resource(db, resource_id)
    if resource is None:
        raise access.NotFound(f"resource {resource_id}")
    area = area_of(db, viewer.phone)
    if not editors.may_change(area, viewer.key, resource):
        raise access.Denied(f"resource {resource_id}")
    return resource, area


def _back_to(resource: Resource) -> ResponseReturnValue:
    return redirect(url_for("sumber.index", _anchor=f"sumber-{resource.id}"))


@bp.get("/baru")
@role_required("pendamping")
def new() -> ResponseReturnValue:
    with database() as db:
        area = area_of(db, current_viewer().phone)
    return _form(_as_form(None, area), None)


@bp.post("/baru")
@role_required("pendamping")
def create() -> ResponseReturnValue:
    viewer = current_viewer()
    typed = _typed()
    with database() as db:
        area = area_of(db, viewer.phone)
        clean, problems = _problems(typed, area)
        if problems:
            return _form(typed, None, problems)
        added = add_resource(db, clean, by=viewer.key)
        row = db.get(LocalResource, added.id)
        assert row is not None
        audit.record(db, actor(), "create", row, None, after=added.as_json())
    flash(_("{name} ditambahkan. Asisten langsung memakainya untuk menjawab.", name=added.name))
    return _back_to(added)


@bp.get("/<int:resource_id>/ubah")
@role_required("pendamping")
def edit(resource_id: int) -> ResponseReturnValue:
    with database() as db:
        resource, area = _to_change(db, resource_id)
    return _form(_as_form(resource, area), resource)


@bp.post("/<int:resource_id>/ubah")
@role_required("pendamping")
def save(resource_id: int) -> ResponseReturnValue:
    viewer = current_viewer()
    typed = _typed()
    with database() as db:
        resource, area = _to_change(db, resource_id)
        clean, problems = _problems(typed, area)
        if problems:
            return _form(typed, resource, problems)
        done = edit_resource(db, resource.id, clean, by=viewer.key)
        if done.changed:
            _audit_edit(db, done)
    flash(_("{name} disimpan.", name=done.after.name) if done.changed else _("Tidak ada yang berubah."))
    return _back_to(done.after)


def _set_active(resource_id: int, active: bool) -> ResponseReturnValue:
    viewer = current_viewer()
    with database() as db:
        resource, _area = _to_change(db, resource_id)
        done = edit_resource(db, resource.id, {"active": active}, by=viewer.key)
        if done.changed:
            _audit_edit(db, done)
    if active:
        flash(_("{name} aktif lagi dan kembali muncul di jawaban asisten.", name=resource.name))
    else:
        flash(_("{name} dinonaktifkan: tidak lagi muncul di jawaban asisten.", name=resource.name))
    return _back_to(done.after)


@bp.post("/<int:resource_id>/nonaktifkan")
@role_required("pendamping")
def deactivate(resource_id: int) -> ResponseReturnValue:
    return _set_active(resource_id, False)


@bp.post("/<int:resource_id>/aktifkan")
@role_required("pendamping")
def reactivate(resource_id: int) -> ResponseReturnValue:
    return _set_active(resource_id, True)
