"""The dashboard's blueprint: pages under /dasbor, its templates and its one stylesheet."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint(
    "dashboard",
    __name__,
    url_prefix="/dasbor",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
