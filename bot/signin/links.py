"""Single-use sign-in links for the dashboard, asked for on WhatsApp ("link dasbor").

The link carries a random token (secrets.token_urlsafe); only its SHA-256 hash is
stored, with who it is for, when it was made, when it expires (15 minutes) and when
it was used. Using it is one conditional UPDATE (`used_at` set only if still unset
and not expired), so two clicks, or two servers, can never both sign in with it.
Opening the link (GET) only shows a button; pressing it (POST) uses it, so a chat
app's link preview, which fetches the page, never spends it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.messaging import keys, outbox
from bot.messaging.reach import Reacher
from bot.outcome import Outcome, Say
from bot.replies import render
from bot.roster.access import Viewer, viewer_for_phone
from bot.roster.identity import Identity
from bot.signin.models import LoginLink

TTL = timedelta(minutes=15)
# Where the dashboard serves the confirm page (bot/dashboard/auth.py).
PATH = "/dasbor/masuk/"
PURPOSE = "dashboard_link"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: str
    link_id: int
    expires_at: datetime


class LinkRefused(Exception):
    """Why a link cannot sign her in: "unknown", "used", "expired", or "not_staff" (no longer in the roster)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def issue(session: Session, phone: str, role: str, now: datetime) -> Issued:
    token = secrets.token_urlsafe(32)
    link = LoginLink(token_hash=token_hash(token), phone=phone, role=role, created_at=now, expires_at=now + TTL)
    session.add(link)
    session.flush()
    return Issued(token, link.id, link.expires_at)


def url_for(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{PATH}{token}"


def state(session: Session, token: str, now: datetime) -> str:
    """'ok' (usable), 'unknown', 'used' or 'expired', without using it."""
    link = session.scalar(select(LoginLink).where(LoginLink.token_hash == token_hash(token)))
    if link is None:
        return "unknown"
    if link.used_at is not None:
        return "used"
    if link.expires_at <= now:
        return "expired"
    return "ok"


def consume(session: Session, token: str, now: datetime) -> tuple[Viewer, LoginLink]:
    """Use the link once: who it signs in, or LinkRefused saying why not."""
    digest = token_hash(token)
    result = session.execute(
        update(LoginLink)
        .where(LoginLink.token_hash == digest, LoginLink.used_at.is_(None), LoginLink.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise LinkRefused(state(session, token, now))
    link = session.scalars(select(LoginLink).where(LoginLink.token_hash == digest)).one()
    session.refresh(link)
    # The message we sent keeps the link's text: take the spent token out of it.
    outbox.redact(session, keys.dashboard_link(link.id), token)
    viewer = viewer_for_phone(session, link.phone)
    if viewer is None:
        raise LinkRefused("not_staff")
    return viewer, link


def revoke(session: Session, link_id: int, now: datetime) -> None:
    link = session.get(LoginLink, link_id)
    if link is not None and link.used_at is None:
        link.expires_at = min(link.expires_at, now)


def request_link(session: Session, who: Identity, base_url: str, now: datetime) -> Outcome:
    """She wrote "link dasbor": a pendamping or koordinator gets a link through the gate, anyone else a kind no."""
    viewer = viewer_for_phone(session, who.phone)
    if viewer is None:
        return Outcome([Say("utter_dashboard_only_staff")])
    issued = issue(session, who.phone, viewer.role, now)
    minutes = int(TTL.total_seconds() // 60)
    text = render("utter_dashboard_link", who, url=url_for(base_url, issued.token), minutes=minutes)
    sent = Reacher(session, now).send(keys.dashboard_link(issued.link_id), who.phone, PURPOSE, text)
    if sent != "free_text":
        # Her window is closed (she did not just write, e.g. a replayed turn): nothing went, so no link lives.
        revoke(session, issued.link_id, now)
        return Outcome([Say("utter_dashboard_link_not_sent")])
    return Outcome([Say("utter_dashboard_link_sent", {"minutes": minutes})])
