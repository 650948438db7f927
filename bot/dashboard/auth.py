"""Sign-in by a WhatsApp link, sessions and the role check every dashboard page uses.

- GET  /dasbor/masuk            how to get a link (write "link dasbor" on WhatsApp)
- GET  /dasbor/masuk/<token>    a confirm page with one button; looking never uses the link
- POST /dasbor/masuk/<token>    uses the link once (bot/signin/links.py) and starts her session
- POST /dasbor/keluar           ends it; GET /dasbor/keluar says so

A session lasts a working day (SESSION_HOURS from sign-in, whatever she does), in a signed
cookie that is HttpOnly, SameSite=Lax and Secure when PUBLIC_BASE_URL is https.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy.orm import Session

from bot import audit, clock
from bot.config import Settings
from bot.dashboard.blueprint import bp
from bot.dashboard.texts import LANGUAGE_KEY
from bot.db import session_scope
from bot.i18n import normalize_locale
from bot.roster import access
from bot.roster.models import Contact
from bot.signin import links
from bot.signin.models import WebPreference

SESSION_HOURS = 10
SIGNED_IN_AT = "signed_in_at"
# What a refused link's page answers with: spent or expired links are gone, unknown ones never were.
REFUSED_STATUS = {"used": 410, "expired": 410, "unknown": 404, "not_staff": 403}

login_manager = LoginManager()
F = TypeVar("F", bound=Callable[..., Any])


class WebUser(UserMixin):
    """The signed-in viewer; the session holds only her key (role and roster id)."""

    def __init__(self, viewer: access.Viewer) -> None:
        self.viewer = viewer

    def get_id(self) -> str:
        return self.viewer.key


@contextmanager
def database() -> Iterator[Session]:
    """One unit of work against the app's database (commit on success)."""
    with session_scope(current_app.config["SETTINGS"].database_url) as db:
        yield db


@login_manager.user_loader
def _load_user(key: str) -> WebUser | None:
    with database() as db:
        viewer = access.viewer_for_key(db, key)
    return WebUser(viewer) if viewer is not None else None


@login_manager.unauthorized_handler
def _unauthorized() -> ResponseReturnValue:
    return redirect(url_for("dashboard.sign_in_help"))


def current_viewer() -> access.Viewer:
    """The signed-in viewer (only inside a view protected by role_required)."""
    return cast(WebUser, current_user).viewer


def actor() -> audit.Actor:
    """Who a change made from the web is written down as (bot/audit.py)."""
    viewer = current_viewer()
    return audit.Actor(viewer.phone, viewer.role)


def _expired() -> bool:
    started = session.get(SIGNED_IN_AT)
    if not isinstance(started, (int, float)):
        return True
    return clock.utcnow().timestamp() - started > SESSION_HOURS * 3600


def _end_session() -> None:
    language = session.get(LANGUAGE_KEY)
    logout_user()
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language


def role_required(*roles: str) -> Callable[[F], F]:
    """Signed in (within her working day), and of one of `roles` if any are named: else sign-in or 403.

    @role_required() lets every viewer in; @role_required("pendamping") only those who may change things.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if _expired():
                _end_session()
                return login_manager.unauthorized()
            if roles and current_viewer().role not in roles:
                raise access.Denied(f"{current_viewer().role} may not {view.__name__}")
            return view(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def _no_store(response: Any) -> Any:
    """Pages with a token in their address: never cached, never indexed, and their address never sent to
    another site as a Referer. Same-origin still gets it: behind https, Flask-WTF checks the Referer of a POST."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/masuk")
def sign_in_help() -> ResponseReturnValue:
    if current_user.is_authenticated and not _expired():
        return redirect(url_for("dashboard.overview"))
    return render_template("dashboard/sign_in_help.html")


@bp.get("/masuk/<token>")
def sign_in_confirm(token: str) -> ResponseReturnValue:
    with database() as db:
        state = links.state(db, token, clock.utcnow())
    if state != "ok":
        page = render_template("dashboard/sign_in_refused.html", reason=state)
        return _no_store(current_app.make_response((page, REFUSED_STATUS[state])))
    return _no_store(current_app.make_response(render_template("dashboard/sign_in_confirm.html", token=token)))


@bp.post("/masuk/<token>")
def sign_in(token: str) -> ResponseReturnValue:
    now = clock.utcnow()
    chosen = session.get(LANGUAGE_KEY)
    with database() as db:
        try:
            viewer, link = links.consume(db, token, now)
        except links.LinkRefused as refused:
            reason = refused.reason
        else:
            reason = None
            audit.record(db, audit.Actor(viewer.phone, viewer.role), "login", link, {"used_at": None})
            preference = db.get(WebPreference, viewer.phone)
            contact = db.get(Contact, viewer.phone)
            language = preference.language if preference else chosen or (contact.language if contact else None)
    if reason is not None:
        page = render_template("dashboard/sign_in_refused.html", reason=reason)
        return _no_store(current_app.make_response((page, REFUSED_STATUS[reason])))
    # A fresh session: nothing from before the sign-in carries over (no session fixation).
    session.clear()
    login_user(WebUser(viewer), remember=False)
    session.permanent = True
    session[SIGNED_IN_AT] = now.timestamp()
    session[LANGUAGE_KEY] = normalize_locale(language)
    return redirect(url_for("dashboard.overview"))


@bp.post("/keluar")
def sign_out() -> ResponseReturnValue:
    _end_session()
    return redirect(url_for("dashboard.signed_out"))


@bp.get("/keluar")
def signed_out() -> ResponseReturnValue:
    return render_template("dashboard/signed_out.html")


def safe_next(target: str | None) -> str:
    """Where to go back to after a form: only a dashboard path of this site."""
    if target and target.startswith("/dasbor") and "//" not in target and "\\" not in target:
        return target
    return url_for("dashboard.overview")


@bp.post("/bahasa")
def choose_language() -> ResponseReturnValue:
    """The page language: kept in the session, and for her account (audited) when she is signed in."""
    language = normalize_locale(request.form.get("bahasa"))
    session[LANGUAGE_KEY] = language
    if current_user.is_authenticated and not _expired():
        viewer = current_viewer()
        with database() as db:
            preference = db.get(WebPreference, viewer.phone)
            before = audit.snapshot(preference)
            if preference is None:
                preference = WebPreference(phone=viewer.phone, language=language)
                db.add(preference)
                audit.record(db, actor(), "create", preference, None)
            elif preference.language != language:
                preference.language = language
                audit.record(db, actor(), "update", preference, before)
    return redirect(safe_next(request.form.get("next")))


def configure(app: Flask, settings: Settings) -> None:
    """Sessions for a working day, cookies as safe as the address allows, and sign-in through this module."""
    secure = (settings.public_base_url or "").lower().startswith("https://")
    app.config.update(
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        # The cookie's lifetime starts at sign-in; _expired() ends the session at SESSION_HOURS regardless.
        SESSION_REFRESH_EACH_REQUEST=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_NAME="pkh_dasbor",
        # A form open since the morning still posts: CSRF tokens live as long as the session.
        WTF_CSRF_TIME_LIMIT=SESSION_HOURS * 3600,
    )
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
