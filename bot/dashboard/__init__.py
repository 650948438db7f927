"""The pendamping's dashboard: server-rendered pages under /dasbor, readable on a 360-px phone.

She writes "link dasbor" on WhatsApp and gets a single-use sign-in link (bot/signin/links.py);
pressing the button on /dasbor/masuk/<token> signs her in for a working day (auth.py). A
pendamping sees her own kelompok; a koordinator sees her area's pendamping, read-only
(bot/roster/access.py). Pages: overview, a kelompok's table with CSV/XLSX, one KPM (pages.py);
meetings: the list, invite, move, cancel and attendance through the chat's own service (meetings.py); the
resource map with its forms (resource_map.py) and the graduation pipeline (graduation.py), each its own
blueprint: the examples to follow.

Building a page on top of it (the resource map, graduation), in your own blueprint:

    from bot.dashboard import actor, current_viewer, database, role_required
    from bot.roster import access

    @bp.get("/dasbor/peta")
    @role_required()                   # any viewer; role_required("pendamping") where she changes things
    def peta():
        viewer = current_viewer()      # access.Viewer: role, id, name, phone, can_edit
        with database() as db:
            groups = access.kelompok_in_view(db, viewer)  # access.Denied -> 403 page, NotFound -> 404
        return render_template("peta/index.html", groups=groups, nav_active="peta")

- Templates extend "dashboard/base.html" (blocks `title` and `content`; `nav_active` marks the tab).
- Text is written in Indonesian as {{ _("Teks {n}", n=3) }}: extracted by babel.cfg, translated
  in bot/i18n/locale (su, en) for the page's language. Filters: money, number, compact, day,
  short_day, full_date, month, short_month, local_day(tz), local_time(tz), chat (a chat text with *bold*).
- Every POST form carries <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  (CSRFProtect covers the whole app; a form without it gets 400).
- Every change goes through bot/audit.py: `audit.record(db, actor(), "update", row, before)`.
- Charts are inline SVG from svg.py; no script or CDN is needed.
- Tables download as CSV/XLSX through downloads.py (table_csv, csv_response, xlsx_response, file_name),
  never a second writer.
- A tab in the header: add it to dashboard/base.html's nav.
"""

from __future__ import annotations

from flask import Flask

from bot.config import Settings
from bot.dashboard import auth, graduation, meetings, pages, resource_map, texts
from bot.dashboard.auth import actor, current_viewer, database, role_required
from bot.dashboard.blueprint import bp

__all__ = ["actor", "current_viewer", "database", "init_app", "role_required"]


def init_app(app: Flask, settings: Settings) -> None:
    auth.configure(app, settings)
    texts.install(app)
    pages.register_errors(app)
    meetings.register_errors(app)
    app.register_blueprint(bp)
    app.register_blueprint(resource_map.bp)
    app.register_blueprint(graduation.bp)
