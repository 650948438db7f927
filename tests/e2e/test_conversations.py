"""Multi-turn conversation scripts (tests/data/conversations.yml) against the real stack.

Each script gets its own people, with phone numbers derived from the script's index,
and its own kelompok, imported through the roster importer, so scripts never share
state. Turns are posted as signed Twilio requests; the shared clock file
(bot/clock.py) is moved forward for `advance_minutes` and put back afterwards.
The file's header describes the format.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
import yaml
from sqlalchemy import select

from bot import clock
from bot.config import ROOT
from bot.db import session_scope
from bot.ledger.models import LedgerEntry, SavingsEntry
from bot.meetings.models import Invitation, Meeting
from bot.messaging.models import OutboxMessage
from bot.roster.importer import import_roster
from bot.roster.models import Contact, Kelompok, Kpm, PendampingNote
from devtools.runner import Stack
from tests.e2e.chat import say
from tests.helpers import eventually

pytestmark = pytest.mark.e2e

SCRIPTS_PATH = ROOT / "tests" / "data" / "conversations.yml"
JAKARTA = ZoneInfo("Asia/Jakarta")
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip

# Role -> last four digits of her number (+62815 <script index> <role>), and the roster role.
ROLES = {"kpm": (1, "kpm"), "kpm2": (2, "kpm"), "pendamping": (3, "pendamping"), "stranger": (9, None)}
DEFAULT_NAMES = {"kpm": "Sri Mulyani", "kpm2": "Lilis Karlina", "pendamping": "Yanti Rahmawati", "stranger": ""}
# Kelompok names, one or two per script, that no other test uses (not Melati, Mawar, Kenanga). Scripts whose
# messages name their kelompok get flower names, as kelompok are usually called; the others get trees.
FLOWER_NAMES = """Anggrek Dahlia Teratai Cempaka Kamboja Flamboyan Seruni Kemuning Asoka Bakung Tanjung Cendana Lavender
    Tulip Lili Sakura Aster Krisan Gerbera Soka Melur Gardenia Lotus Magnolia Azalea Begonia Kamelia Edelweis
    Tabebuya Kastuba Bugenvil Lantana Widuri Puspa Kaladium Puring Aglonema Monstera Anthurium""".split()
TREE_NAMES = """Mahoni Beringin Cemara Akasia Trembesi Angsana Ketapang Bintaro Waru Meranti Ulin Eboni Gaharu Bungur
    Jati Pinus Damar Randu Kapuk Gayam Kepuh Kemiri Pulai Nipah Bakau Johar Sengon Tembesu Ramin Keruing Bangkirai
    Merbau Dadap Kelor Rotan Bambu Cantigi Kiara Rasamala Saninten Pakis Palem Pandan Sirih Kenikir Kaktus Nangka
    Rambutan Manggis Salak Duku Langsat Jambu Belimbing Sirsak Srikaya Pepaya Sawo Kedondong Matoa Markisa Kesemek
    Delima Anggur Alpukat""".split()

SCRIPT_KEYS = {"name", "why", "people", "turns", "after"}
PERSON_KEYS = {"name", "usaha", "born", "group"}
TURN_KEYS = {"who", "say", "expect", "expect_any", "not_expect", "advance_minutes"}
AFTER_KEYS = {
    "ledger",
    "nothing_stored_for",
    "pena_business_not",
    "pena_age_not",
    "pena_notes",
    "pena_note_has",
    "meetings",
    "rsvp",
    "opted_out",
    "language",
}
MEETING_KEYS = {"place", "time", "in_days", "status"}
PLACEHOLDER = re.compile(r"\{([a-z0-9]+)(?:\+(\d+))?(?::(lower))?\}")


def load_scripts(path: Path = SCRIPTS_PATH) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["scripts"])


def group_count(script: dict[str, Any]) -> int:
    return max([int((p or {}).get("group", 1)) for p in script["people"].values()] + [1])


def names_a_group(script: dict[str, Any]) -> bool:
    """Does any message or expectation of the script name one of its kelompok ({k1}, {k2:lower})?"""
    texts = [t["say"] for t in script["turns"]]
    texts += [e for t in script["turns"] for key in ("expect", "expect_any", "not_expect") for e in t.get(key, [])]
    return any(re.search(r"\{k\d", text) for text in texts)


def hand_out_groups(scripts: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each script's kelompok names, handed out in file order so no two scripts share one."""
    groups: dict[str, list[str]] = {}
    pools = {True: iter(FLOWER_NAMES), False: iter(TREE_NAMES)}
    for script in scripts:
        pool = pools[names_a_group(script)]
        groups[script["name"]] = [name for _, name in zip(range(group_count(script)), pool, strict=False)]
    return groups


SCRIPTS = load_scripts()
NAMES = [s["name"] for s in SCRIPTS]
GROUPS_OF = hand_out_groups(SCRIPTS)


# ---------------------------------------------------------------- the script's world


@dataclass(frozen=True)
class Person:
    role: str
    name: str
    phone: str
    registered: bool


@dataclass
class Cast:
    index: int
    people: dict[str, Person]
    groups: list[str]
    # MessageSids each person sent, for "nothing stored from her messages".
    sids: dict[str, list[str]] = field(default_factory=dict)
    # PENA answers held after each turn: (turn, pena_business, pena_age).
    pena_slots: list[tuple[int, Any, Any]] = field(default_factory=list)

    def phone(self, role: str) -> str:
        return self.people[role].phone


def phone_for(index: int, role: str) -> str:
    return f"+62815{index + 1:04d}{ROLES[role][0]:04d}"


def build_cast(stack: Stack, index: int, script: dict[str, Any]) -> Cast:
    """Register the script's people under fresh numbers and fresh kelompok."""
    groups = GROUPS_OF[script["name"]]
    assert len(groups) == group_count(script), "runner: add kelompok names to FLOWER_NAMES / TREE_NAMES"
    people: dict[str, Person] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["nama", "no_hp", "peran", "kelompok", "tanggal_lahir", "usaha"])
    for role, spec in script["people"].items():
        spec = spec or {}
        person = Person(role, str(spec.get("name", DEFAULT_NAMES[role])), phone_for(index, role), role != "stranger")
        people[role] = person
        roster_role = ROLES[role][1]
        if roster_role == "pendamping":
            writer.writerow([person.name, person.phone, "pendamping", "|".join(groups), "", ""])
        elif roster_role == "kpm":
            group = groups[int(spec.get("group", 1)) - 1]
            writer.writerow([person.name, person.phone, "kpm", group, spec.get("born", ""), spec.get("usaha", "")])
    cast = Cast(index, people, groups, {role: [] for role in people})
    if not any(p.registered for p in people.values()):
        return cast
    with session_scope(stack.settings.database_url) as session:
        taken = session.scalars(select(Kelompok.name).where(Kelompok.name.in_(groups))).all()
        assert not taken, f"runner: kelompok {taken} already exist; scripts must not share state"
        known = session.scalars(select(Contact.phone).where(Contact.phone.in_([p.phone for p in people.values()])))
        assert not known.all(), "runner: a script's phone number was used before"
        result = import_roster(session, out.getvalue().encode())
        assert result.ok, f"runner: roster import failed: {result.errors}\n{out.getvalue()}"
    return cast


class SharedClock:
    """The stack's clock file, read by every process of the stack (bot/clock.py)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def offset(self) -> float:
        return float(self.path.read_text() or 0) if self.path.exists() else 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset())

    def set(self, seconds: float) -> None:
        clock.set_offset(self.path, seconds)


def local_today(shared: SharedClock) -> date:
    return shared.now().astimezone(JAKARTA).date()


def fill(text: str, cast: Cast, today: date) -> str:
    """Placeholders: {k1} {k2} (kelompok), {kpm} (a name), {date+N}, {day+N}; ':lower' lowercases."""

    def one(match: re.Match[str]) -> str:
        key, days, lower = match.groups()
        if key in ("date", "day"):
            day = today + timedelta(days=int(days or 0))
            value = f"{day.day} {MONTHS[day.month]}"
            if key == "date":
                value = f"{DAYS[day.weekday()]} {value}"
        elif re.fullmatch(r"k\d", key):
            value = cast.groups[int(key[1:]) - 1]
        elif key in cast.people:
            value = cast.people[key].name
        else:
            raise AssertionError(f"runner: unknown placeholder {match.group(0)!r} in {text!r}")
        return value.lower() if lower else value

    return PLACEHOLDER.sub(one, text)


def plain(text: str) -> str:
    """Case, accents, WhatsApp's *bold*/_italic_ marks and line breaks do not matter to expectations."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("*", "").replace("_", "").lower().split())


# ---------------------------------------------------------------- talking


def reply_text(stack: Stack, sid: str, texts: list[str]) -> str:
    """The reply as she reads it: in the webhook's answer, or (slow or long) through the outbox."""
    if texts:
        return "\n".join(texts)

    def queued() -> list[str] | None:
        with session_scope(stack.settings.database_url) as session:
            rows = session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like(f"reply:{sid}:%")).order_by(OutboxMessage.id)
            ).all()
            return [r.body or "" for r in rows] or None

    return "\n".join(eventually(queued, timeout=90, what=f"the reply to {sid} through the outbox"))


def pena_slots(stack: Stack, phone: str) -> tuple[Any, Any]:
    tracker = requests.get(
        f"{stack.settings.rasa_url}/conversations/{phone}/tracker",
        params={"token": stack.settings.rasa_token},
        timeout=10,
    ).json()
    slots = tracker.get("slots") or {}
    return slots.get("pena_business"), slots.get("pena_age")


def check_turn(script: dict[str, Any], number: int, turn: dict[str, Any], said: str, text: str, cast: Cast) -> None:
    got = plain(text)
    today = turn["_today"]
    expect = [fill(e, cast, today) for e in turn.get("expect", [])]
    expect_any = [fill(e, cast, today) for e in turn.get("expect_any", [])]
    not_expect = [fill(e, cast, today) for e in turn.get("not_expect", [])]
    problems = []
    missing = [e for e in expect if plain(e) not in got]
    if missing:
        problems.append(f"missing (all of these must appear): {missing}")
    if expect_any and not any(plain(e) in got for e in expect_any):
        problems.append(f"none of these appears: {expect_any}")
    unwanted = [e for e in not_expect if plain(e) in got]
    if unwanted:
        problems.append(f"must not appear: {unwanted}")
    if problems:
        person = cast.people[turn["who"]]
        where = f"[{script['name']}] turn {number} of {len(script['turns'])}"
        pytest.fail(
            f"{where}: {turn['who']} ({person.phone}) said {said!r}\n"
            f"why this script: {script.get('why', '')}\n"
            + "\n".join(f"  {p}" for p in problems)
            + "\n  full reply:\n"
            + "\n".join(f"    | {line}" for line in text.splitlines() or [""]),
            pytrace=False,
        )


# ---------------------------------------------------------------- checks on the database


def live_entries(session: Any, phone: str) -> list[dict[str, Any]]:
    kpm = session.scalar(select(Kpm).where(Kpm.phone == phone))
    assert kpm is not None, f"runner: {phone} is not a KPM"
    rows = session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.kpm_id == kpm.id, LedgerEntry.deleted_at.is_(None))
        .order_by(LedgerEntry.id, LedgerEntry.item_index)
    ).all()
    return [{"kind": r.kind, "amount": r.amount} for r in rows]


def script_meetings(session: Any, cast: Cast) -> list[Meeting]:
    meetings = session.scalars(select(Meeting).order_by(Meeting.id)).all()
    return [m for m in meetings if {k.name for k in m.kelompok} & set(cast.groups)]


def pena_notes(session: Any, cast: Cast) -> list[str]:
    phones = [p.phone for p in cast.people.values() if ROLES[p.role][1] == "kpm"]
    kpm_ids = session.scalars(select(Kpm.id).where(Kpm.phone.in_(phones))).all()
    notes = session.scalars(
        select(PendampingNote).where(PendampingNote.kpm_id.in_(kpm_ids), PendampingNote.kind == "pena_interest")
    ).all()
    return [n.text for n in notes]


def check_after(stack: Stack, script: dict[str, Any], cast: Cast, today: date) -> None:
    after = script.get("after") or {}
    problems: list[str] = []
    with session_scope(stack.settings.database_url) as session:
        if "ledger" in after:
            wanted = after["ledger"]
            by_role = wanted if isinstance(wanted, dict) else {"kpm": wanted}
            for role, entries in by_role.items():
                expected = [{"kind": e["kind"], "amount": int(e["amount"])} for e in entries]
                actual = live_entries(session, cast.phone(role))
                if actual != expected:
                    problems.append(f"ledger of {role}: expected {expected}, found {actual}")
        for role in after.get("nothing_stored_for", []):
            sids = cast.sids.get(role, [])
            stored = session.scalars(select(LedgerEntry).where(LedgerEntry.source_sid.in_(sids))).all()
            saved = session.scalars(select(SavingsEntry).where(SavingsEntry.source_sid.in_(sids))).all()
            if stored or saved:
                found = [(e.kind, e.amount) for e in stored] + [("saving", s.amount) for s in saved]
                problems.append(f"{role}'s messages were stored: {found}")
        notes = pena_notes(session, cast)
        if "pena_notes" in after and len(notes) != int(after["pena_notes"]):
            problems.append(f"PENA notes to the pendamping: expected {after['pena_notes']}, found {notes}")
        if "pena_note_has" in after:
            wanted_parts = [plain(fill(t, cast, today)) for t in after["pena_note_has"]]
            if not any(all(w in plain(n) for w in wanted_parts) for n in notes):
                problems.append(f"no PENA note contains all of {after['pena_note_has']}: {notes}")
        for text in after.get("pena_business_not", []):
            held = [(turn, b) for turn, b, _ in cast.pena_slots if isinstance(b, str) and plain(text) in plain(b)]
            # The note names her age too ("umur 27"): only the rest of it can hold the business.
            noted = [n for n in notes if plain(text) in plain(re.sub(r"umur \d+", "", n))]
            if held or noted:
                problems.append(f"{text!r} was kept as her business: after turns {held}, notes {noted}")
        for age in after.get("pena_age_not", []):
            held_ages = [turn for turn, _, a in cast.pena_slots if a is not None and str(a) == str(age)]
            noted = [n for n in notes if f"umur {age}" in n]
            if held_ages or noted:
                problems.append(f"{age} was kept as her age: after turns {held_ages}, notes {noted}")
        if "meetings" in after:
            problems += check_meetings(session, cast, after["meetings"], today)
        for role, status in (after.get("rsvp") or {}).items():
            found = rsvp_of(session, cast, role)
            if found != status:
                problems.append(f"{role}'s answer to the invitation: expected {status}, found {found}")
        for role, stopped in (after.get("opted_out") or {}).items():
            contact = session.get(Contact, cast.phone(role))
            actual = contact is not None and contact.opted_out_at is not None
            if actual != bool(stopped):
                problems.append(f"{role} opted out: expected {stopped}, found {actual}")
        for role, language in (after.get("language") or {}).items():
            contact = session.get(Contact, cast.phone(role))
            actual_language = contact.language if contact else None
            if actual_language != language:
                problems.append(f"{role}'s language: expected {language}, found {actual_language}")
    if problems:
        pytest.fail(
            f"[{script['name']}] after the {len(script['turns'])} turns (why: {script.get('why', '')}):\n"
            + "\n".join(f"  {p}" for p in problems),
            pytrace=False,
        )


def check_meetings(session: Any, cast: Cast, wanted: list[dict[str, Any]], today: date) -> list[str]:
    meetings = script_meetings(session, cast)
    described = [
        {
            "place": m.place,
            "time": m.starts_at.astimezone(ZoneInfo(m.tz)).strftime("%H:%M"),
            "in_days": (m.starts_at.astimezone(ZoneInfo(m.tz)).date() - today).days,
            "status": m.status,
        }
        for m in meetings
    ]
    if len(described) != len(wanted):
        return [f"meetings of {cast.groups}: expected {len(wanted)} ({wanted}), found {described}"]
    problems = []
    for i, (want, have) in enumerate(zip(wanted, described, strict=True), 1):
        for key, value in want.items():
            ok = plain(str(value)) in plain(str(have[key])) if key == "place" else str(value) == str(have[key])
            if not ok:
                problems.append(f"meeting {i}: {key} expected {value!r}, found {have[key]!r} ({have})")
    return problems


def rsvp_of(session: Any, cast: Cast, role: str) -> str:
    kpm = session.scalar(select(Kpm).where(Kpm.phone == cast.phone(role)))
    if kpm is None:
        return "none"
    invitation = session.scalar(
        select(Invitation).where(Invitation.kpm_id == kpm.id).order_by(Invitation.meeting_id.desc())
    )
    return invitation.status if invitation is not None else "none"


# ---------------------------------------------------------------- the scripts


def validate(script: dict[str, Any]) -> list[str]:
    """What is wrong with a script's shape (unknown keys, roles, lengths): a runner error, not a product one."""
    name = script.get("name", "?")
    problems = [f"{name}: unknown key {k!r}" for k in set(script) - SCRIPT_KEYS]
    people = script.get("people") or {}
    problems += [f"{name}: unknown role {r!r}" for r in people if r not in ROLES]
    for role, spec in people.items():
        problems += [f"{name}: {role}: unknown key {k!r}" for k in set(spec or {}) - PERSON_KEYS]
    turns = script.get("turns") or []
    if not 3 <= len(turns) <= 8:
        problems.append(f"{name}: {len(turns)} turns (3-8 expected)")
    for i, turn in enumerate(turns, 1):
        problems += [f"{name} turn {i}: unknown key {k!r}" for k in set(turn) - TURN_KEYS]
        if turn.get("who") not in people:
            problems.append(f"{name} turn {i}: who={turn.get('who')!r} is not in people")
        if not isinstance(turn.get("say"), str) or not turn["say"].strip():
            problems.append(f"{name} turn {i}: say must be text")
        if not any(k in turn for k in ("expect", "expect_any", "not_expect")):
            problems.append(f"{name} turn {i}: no expectation")
        for key in ("expect", "expect_any", "not_expect"):
            if key in turn and not (isinstance(turn[key], list) and all(isinstance(e, str) for e in turn[key])):
                problems.append(f"{name} turn {i}: {key} must be a list of texts")
    after = script.get("after") or {}
    problems += [f"{name}: after: unknown key {k!r}" for k in set(after) - AFTER_KEYS]
    for meeting in after.get("meetings", []):
        problems += [f"{name}: after.meetings: unknown key {k!r}" for k in set(meeting) - MEETING_KEYS]
    roles_named = list(after.get("nothing_stored_for", [])) + [
        r for key in ("rsvp", "opted_out", "language") for r in (after.get(key) or {})
    ]
    if isinstance(after.get("ledger"), dict):
        roles_named += list(after["ledger"])
    problems += [f"{name}: after names {r!r}, not in people" for r in roles_named if r not in people]
    return problems


def test_scripts_are_well_formed() -> None:
    problems = [p for script in SCRIPTS for p in validate(script)]
    assert len(SCRIPTS) >= 42, f"{len(SCRIPTS)} scripts, at least 42 wanted"
    assert len(set(NAMES)) == len(NAMES), "script names must be unique"
    assert all(len(GROUPS_OF[s["name"]]) == group_count(s) for s in SCRIPTS), "runner: add kelompok names"
    every = [g for s in SCRIPTS for g in GROUPS_OF[s["name"]]]
    assert len(set(every)) == len(every), "runner: two scripts share a kelompok name"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_conversation(stack: Stack, name: str) -> None:
    index = NAMES.index(name)
    script = SCRIPTS[index]
    assert not validate(script), validate(script)
    shared = SharedClock(Path(stack.extra_env["CLOCK_FILE"]))
    original = shared.offset()
    cast = build_cast(stack, index, script)
    watch_pena = any(k in (script.get("after") or {}) for k in ("pena_business_not", "pena_age_not"))
    try:
        for number, raw in enumerate(script["turns"], 1):
            turn = dict(raw)
            if turn.get("advance_minutes"):
                shared.set(shared.offset() + float(turn["advance_minutes"]) * 60)
            turn["_today"] = local_today(shared)
            person = cast.people[turn["who"]]
            said = fill(turn["say"], cast, turn["_today"])
            reply = say(stack, person.phone, said)
            cast.sids[turn["who"]].append(reply.sid)
            assert reply.status == 200, (
                f"[{name}] turn {number}: {turn['who']} said {said!r}: webhook answered HTTP {reply.status}"
            )
            text = reply_text(stack, reply.sid, reply.texts)
            if watch_pena and person.role != "pendamping":
                business, age = pena_slots(stack, person.phone)
                cast.pena_slots.append((number, business, age))
            check_turn(script, number, turn, said, text, cast)
        check_after(stack, script, cast, local_today(shared))
    finally:
        shared.set(original)
