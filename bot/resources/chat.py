"""The assistant's answer to "mau pelatihan/modal usaha kemana?": the active resources near her.

Read from the table at answer time, so a resource added or deactivated (dashboard, CSV, CLI) is
answered at once, without retraining. Her area comes from the roster (bot/resources/area.py);
the kinds she names ("pelatihan", "modal", "PIRT") narrow the list; nothing found gets a kind
answer that sends her to her pendamping.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.i18n import gettext
from bot.outcome import Outcome, Say
from bot.replies import RESOURCES
from bot.resources.area import area_of
from bot.resources.kinds import KINDS, kinds_in
from bot.resources.service import Resource, near
from bot.roster.identity import Identity

# Five entries fit one WhatsApp message comfortably; more are counted, not listed.
MAX_SHOWN = 5


def _entry(number: int, resource: Resource, lang: str) -> str:
    lines = [f"*{number}. {resource.name}*", resource.offers]
    if resource.eligibility:
        lines.append(gettext(RESOURCES["for"], lang).format(eligibility=resource.eligibility))
    if resource.contact:
        lines.append(gettext(RESOURCES["contact"], lang).format(contact=resource.contact))
    place = ", ".join(p for p in (resource.address, resource.kelurahan, resource.kecamatan, resource.kota) if p)
    if place:
        lines.append(gettext(RESOURCES["address"], lang).format(address=place))
    return "\n".join(lines)


def answer(session: Session, who: Identity, text: str) -> Outcome:
    """The nearest active resources of the kinds she asks for (any kind if she names none)."""
    lang = who.language
    area = area_of(session, who.phone)
    asked = kinds_in(text)
    found = near(session, area, asked)
    labels = [gettext(label, lang) for kind, label in KINDS.items() if kind in asked]
    what = " / ".join(labels) or gettext(RESOURCES["anything"], lang)
    where = gettext(RESOURCES["where"], lang).format(place=area.label()) if area.known else ""
    if not found:
        response = "utter_resources_none_pendamping" if who.role == "pendamping" else "utter_resources_none"
        return Outcome([Say(response, {"what": what, "where": where})])
    shown = found[:MAX_SHOWN]
    lines = "\n\n".join(_entry(i, r, lang) for i, r in enumerate(shown, 1))
    rest = len(found) - len(shown)
    more = gettext(RESOURCES["more"], lang).format(count=rest) if rest else ""
    advice = RESOURCES["advice_pendamping"] if who.role == "pendamping" else RESOURCES["advice_kpm"]
    values = {"what": what, "where": where, "lines": lines, "more": more, "advice": gettext(advice, lang)}
    return Outcome([Say("utter_resources_list", values)])
