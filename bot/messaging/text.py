"""One WhatsApp message per turn: join a turn's texts in order, split only past Twilio's limit."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

MAX_BODY = 1600


@dataclass(frozen=True)
class Reply:
    """What one turn says: its texts joined, and pictures (URLs) if any."""

    body: str
    media: tuple[str, ...] = ()

    @property
    def fits_one_message(self) -> bool:
        return len(self.body) <= MAX_BODY and len(self.media) <= 1


def join_texts(texts: list[str]) -> str:
    return "\n\n".join(t.strip() for t in texts if t and t.strip())


def split_body(body: str, limit: int = MAX_BODY) -> list[str]:
    """Parts of at most `limit` characters, cut at a paragraph, line or word where possible."""
    parts: list[str] = []
    rest = body.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut < limit // 2:
            cut = window.rfind("\n")
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def twiml(reply: Reply | None) -> str:
    """TwiML answering the webhook; None means 'nothing now' (a later REST send may follow)."""
    if reply is None or not (reply.body or reply.media):
        return '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    media = "".join(f"<Media>{escape(url)}</Media>" for url in reply.media)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
        f"<Body>{escape(reply.body)}</Body>{media}</Message></Response>"
    )
