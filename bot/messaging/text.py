"""One WhatsApp message per turn: join a turn's texts in order, split only past Twilio's limit."""

from __future__ import annotations

from xml.sax.saxutils import escape

MAX_BODY = 1600


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


def twiml(body: str | None) -> str:
    """TwiML answering the webhook; no body means 'nothing now' (a later REST send may follow)."""
    if not body:
        return '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    return f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{escape(body)}</Message></Response>'
