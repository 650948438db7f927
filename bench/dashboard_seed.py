"""Seeded databases for bench/dashboard.py: one pendamping's year, and a city of them.

Every pendamping has 13 kelompok and 350 KPM (12 kelompok of 27, one of 26) and a year of
bookkeeping up to TODAY, drawn from a random generator seeded by her number, so pendamping 1 has
the same KPM and the same rows in both databases:

- KPM: names, businesses (10% none), phones; a contact each with her last message in the last
  60 days (4% never wrote), 3% opted out (STOP, Twilio 21610 or failures) and a few in Sundanese.
- Ledger: each KPM joins some time in the year (60% from the start), records on a share of her
  days that differs per KPM (a few nearly daily, most a few days a week, some rarely), with
  2-3 breaks of 1-4 weeks, the Lebaran week off for most, and 15% who stopped in the last two
  months; on a recording day a sale (90%; a second one sometimes) and spending (45%), amounts
  around her own typical size (log-normal), rounded to Rp500/Rp1.000. 2.5% of entries were
  corrected ("salah, bukan 15rb tapi 25rb": a ledger_change update) and 1% deleted ("hapus yang
  tadi": deleted_at and a ledger_change delete). About 86 entries per KPM: 30,000 per pendamping.
- Savings: 40% save about weekly (Rp5.000-50.000, now and then a withdrawal), half of them with
  an open goal (a target by a date, or a habit).
- Meetings: each kelompok meets monthly (P2K2, 09:00 local), done meetings with invitations,
  answers and attendance (taken for 90% of them), and one meeting next week still being
  answered; 1 in 12 was cancelled. Notes from the pendamping about 10% of her KPM.
- A koordinator for the whole city (all pendamping are in kota "Kota Bandung").

Rows go in through the models' tables (SQLAlchemy Core executemany, one transaction per
pendamping) into a database migrated to head; the file is kept in bench/.cache/ under a name made
of the seed parameters, so a rerun reuses it. No ANALYZE: the app never runs it, so SQLite plans
without statistics as it would in production.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, insert

from bot.config import ROOT
from bot.db import get_engine
from bot.ledger.models import LedgerChange, LedgerEntry, SavingsEntry, SavingsGoal
from bot.meetings.models import Invitation, Meeting, meeting_kelompok
from bot.migrate import alembic_config, upgrade
from bot.roster.models import Contact, Kelompok, Koordinator, Kpm, Pendamping, PendampingNote

CACHE = ROOT / "bench" / ".cache"
TZ = "Asia/Jakarta"
# The bench's "now": a Thursday morning in Jakarta, ten days into the month (the shared clock is moved
# there, so cached databases stay valid whatever day the bench runs).
NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)
TODAY = NOW.astimezone(ZoneInfo(TZ)).date()
KELOMPOK_SIZES = [27] * 12 + [26]  # 350 KPM
LEBARAN = date(2026, 3, 20)  # Idul Fitri 1447 H (about): most take that week off

FIRST = [
    "Siti",
    "Nur",
    "Sri",
    "Dewi",
    "Rina",
    "Lilis",
    "Cucu",
    "Neneng",
    "Euis",
    "Tati",
    "Yuyun",
    "Imas",
    "Ai",
    "Wati",
    "Yati",
    "Ratna",
    "Iis",
    "Enok",
    "Ade",
    "Dede",
    "Eneng",
    "Nining",
    "Popon",
    "Titin",
    "Aisyah",
    "Fatimah",
    "Maryam",
    "Suminah",
    "Komariah",
    "Rohayati",
    "Kokom",
    "Entin",
    "Onih",
    "Ucu",
    "Heni",
]
LAST = [
    "Suryani",
    "Sumarni",
    "Rahayu",
    "Lestari",
    "Wulandari",
    "Hidayat",
    "Kurniasih",
    "Rohmah",
    "Nurhayati",
    "Maesaroh",
    "Setiawati",
    "Hasanah",
    "Komalasari",
    "Permata",
    "Sundari",
    "Jubaedah",
    "Aminah",
    "Rosita",
]
BUSINESS = [
    "gorengan",
    "warung sembako",
    "jahit",
    "kue basah",
    "seblak",
    "nasi uduk",
    "es cendol",
    "pulsa",
    "jualan sayur",
    "keripik",
    "laundry",
    "warung kopi",
    "cilok",
    "bakso",
    "rujak",
    "kerupuk",
    "pecel",
    "tempe",
    "jamu",
    "baju online",
]
FLOWERS = [
    "Melati",
    "Mawar",
    "Anggrek",
    "Kenanga",
    "Dahlia",
    "Flamboyan",
    "Cempaka",
    "Teratai",
    "Kamboja",
    "Seruni",
    "Tulip",
    "Lili",
    "Nusa Indah",
]
KECAMATAN = [
    "Cibeunying",
    "Coblong",
    "Sukajadi",
    "Cicendo",
    "Andir",
    "Astanaanyar",
    "Bojongloa",
    "Babakan Ciparay",
    "Bandung Kulon",
    "Kiaracondong",
    "Batununggal",
    "Lengkong",
    "Regol",
    "Antapani",
    "Arcamanik",
]
NOTES = [
    "Tertarik ikut PENA.",
    "Usaha mulai ramai sejak bulan lalu.",
    "Perlu bantuan mencatat belanja.",
    "Anaknya sakit, jarang datang pertemuan.",
    "Ingin menabung untuk etalase.",
]


@dataclass(frozen=True)
class Seed:
    pendamping: int  # 1: the measured one alone; more: a city
    today: date = TODAY
    version: int = 2  # bump when the generator changes

    @property
    def path(self) -> Path:
        """The cached file: named by the parameters and the migrations' head (a new index means a new file)."""
        head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
        key = json.dumps({**asdict(self), "head": head}, default=str, sort_keys=True)
        key = hashlib.sha256(key.encode()).hexdigest()[:12]
        return CACHE / f"dashboard-p{self.pendamping}-{self.today.isoformat()}-{key}.sqlite3"


def kpm_phone(p: int, k: int) -> str:
    return f"+62812{p:03d}{k:05d}"


def pendamping_phone(p: int) -> str:
    return f"+62813{p:08d}"


KOORDINATOR_PHONE = "+6281399999999"


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time on `day` in Jakarta, as UTC without tzinfo (the models' storage)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(TZ)).astimezone(UTC)


class Rows:
    """Rows of one pendamping, ready for executemany, keyed by the model's table."""

    def __init__(self) -> None:
        self.by_table: dict[object, list[dict[str, object]]] = {}

    def add(self, table: object, **values: object) -> None:
        self.by_table.setdefault(table, []).append(values)


@dataclass
class Ids:
    kelompok: int = 0
    kpm: int = 0
    ledger: int = 0
    meeting: int = 0
    invitation: int = 0
    change: int = 0
    savings: int = 0
    goal: int = 0
    note: int = 0

    def next(self, name: str) -> int:
        value = getattr(self, name) + 1
        setattr(self, name, value)
        return value


def _amount(rng: random.Random, median: float, sigma: float = 0.5) -> int:
    value = rng.lognormvariate(math.log(median), sigma)
    step = 1000 if value >= 20_000 else 500
    return max(step, round(value / step) * step)


def pendamping_rows(p: int, today: date, ids: Ids) -> Rows:
    rng = random.Random(f"pendamping-{p}")
    rows = Rows()
    first_day = today - timedelta(days=364)
    rows.add(
        Pendamping.__table__,
        id=p,
        name=f"Pendamping {p:02d}",
        phone=pendamping_phone(p),
        tz=TZ,
        kecamatan=KECAMATAN[(p - 1) % len(KECAMATAN)],
        kota="Kota Bandung",
    )
    rows.add(
        Contact.__table__,
        phone=pendamping_phone(p),
        language="id",
        language_source="default",
        last_inbound_at=_utc(today, 8),
        failures_in_row=0,
        created_at=_utc(first_day, 8),
    )
    k_number = 0
    for g, size in enumerate(KELOMPOK_SIZES):
        kelompok_id = ids.next("kelompok")
        rows.add(
            Kelompok.__table__,
            id=kelompok_id,
            name=f"{FLOWERS[g]} {p:02d}",
            pendamping_id=p,
            nudges_enabled=True,
            nudge_weekday=6,
            nudge_hour=18,
        )
        members = []
        for _ in range(size):
            k_number += 1
            kpm_id = ids.next("kpm")
            members.append(kpm_id)
            _kpm_rows(rng, rows, ids, p, k_number, kpm_id, kelompok_id, first_day, today)
        _meeting_rows(rng, rows, ids, p, g, kelompok_id, members, first_day, today)
    return rows


def _kpm_rows(
    rng: random.Random,
    rows: Rows,
    ids: Ids,
    p: int,
    k: int,
    kpm_id: int,
    kelompok_id: int,
    first_day: date,
    today: date,
) -> None:
    phone = kpm_phone(p, k)
    business = None if rng.random() < 0.1 else rng.choice(BUSINESS)
    rows.add(
        Kpm.__table__,
        id=kpm_id,
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        phone=phone,
        kelompok_id=kelompok_id,
        birth_date=date(rng.randrange(1970, 2000), rng.randrange(1, 13), rng.randrange(1, 29)),
        business=business,
    )
    wrote = (
        None
        if rng.random() < 0.04
        else _utc(today - timedelta(days=int(rng.expovariate(1 / 8)) % 60), rng.randrange(6, 22), rng.randrange(60))
    )
    opted_out = rng.random() < 0.03
    rows.add(
        Contact.__table__,
        phone=phone,
        language="su" if rng.random() < 0.2 else "id",
        language_source="auto",
        last_inbound_at=wrote,
        opted_out_at=_utc(today - timedelta(days=rng.randrange(1, 200)), 10) if opted_out else None,
        opt_out_reason=rng.choice(["STOP", "twilio 21610", "5 kali gagal terkirim"]) if opted_out else None,
        failures_in_row=0,
        created_at=_utc(first_day, 9),
    )
    # Her bookkeeping: when she started and stopped, how often, how much.
    start = first_day if rng.random() < 0.6 else first_day + timedelta(days=rng.randrange(300))
    stop = today - timedelta(days=rng.randrange(7, 60)) if rng.random() < 0.15 else today
    share = min(0.95, rng.betavariate(0.8, 2.7))  # of her days she records something
    breaks = []
    for _ in range(rng.randrange(2, 4)):
        b = first_day + timedelta(days=rng.randrange(365))
        breaks.append((b, b + timedelta(days=rng.randrange(7, 29))))
    if rng.random() < 0.8:
        breaks.append((LEBARAN - timedelta(days=2), LEBARAN + timedelta(days=6)))
    typical_sale = rng.choice([40_000, 60_000, 85_000, 120_000, 150_000, 250_000, 400_000])
    typical_cost = typical_sale * rng.uniform(0.3, 0.7)
    day = start
    while day <= stop:
        if rng.random() < share and not any(a <= day <= b for a, b in breaks):
            items = []
            if rng.random() < 0.9:
                items.append(("sale", _amount(rng, typical_sale)))
                if rng.random() < 0.12:
                    items.append(("sale", _amount(rng, typical_sale / 2)))
            if rng.random() < 0.45:
                items.append(("expense", _amount(rng, typical_cost)))
            for index, (kind, amount) in enumerate(items):
                _entry(rng, rows, ids, kpm_id, day, kind, amount, index, today)
        day += timedelta(days=1)
    # Savings, and a goal for half of those who save.
    if rng.random() < 0.4:
        weekly = rng.choice([5_000, 10_000, 20_000, 25_000, 50_000])
        day = start + timedelta(days=rng.randrange(7))
        while day <= today:
            amount = -weekly * rng.randrange(2, 6) if rng.random() < 0.05 else weekly
            sid = ids.next("savings")
            rows.add(
                SavingsEntry.__table__,
                id=sid,
                kpm_id=kpm_id,
                entry_date=day,
                amount=amount,
                source_sid=f"s{sid}",
                created_at=_utc(day, 19),
            )
            day += timedelta(days=rng.randrange(5, 11))
        if rng.random() < 0.5:
            started = today - timedelta(days=rng.randrange(14, 150))
            target = rng.random() < 0.7
            rows.add(
                SavingsGoal.__table__,
                id=ids.next("goal"),
                kpm_id=kpm_id,
                purpose=rng.choice(["etalase", "sekolah anak", "modal", "lebaran", None]),
                target=rng.choice([500_000, 1_000_000, 2_000_000]) if target else None,
                deadline=today + timedelta(days=rng.randrange(30, 200)) if target else None,
                per_day=None,
                per_week=None if target else weekly,
                started_on=started,
                created_at=_utc(started, 19),
                closed_at=None,
            )
    if rng.random() < 0.1:
        rows.add(
            PendampingNote.__table__,
            id=ids.next("note"),
            pendamping_id=p,
            kpm_id=kpm_id,
            kind=rng.choice(["web", "pena_interest"]),
            text=rng.choice(NOTES),
            created_at=_utc(today - timedelta(days=rng.randrange(120)), 11),
        )


def _entry(
    rng: random.Random,
    rows: Rows,
    ids: Ids,
    kpm_id: int,
    day: date,
    kind: str,
    amount: int,
    index: int,
    today: date,
) -> None:
    entry_id = ids.next("ledger")
    created = _utc(day, 19, rng.randrange(60))
    deleted = None
    fate = rng.random()
    if fate < 0.025:  # corrected: the old amount stays in ledger_change
        old = _amount(rng, amount)
        rows.add(
            LedgerChange.__table__,
            id=ids.next("change"),
            entry_id=entry_id,
            action="update",
            old_amount=old,
            new_amount=amount,
            old_date=day,
            new_date=day,
            changed_by="kpm",
            source_sid=f"c{entry_id}",
            changed_at=created + timedelta(minutes=3),
        )
    elif fate < 0.035:  # deleted ("hapus yang tadi")
        deleted = created + timedelta(minutes=2)
        rows.add(
            LedgerChange.__table__,
            id=ids.next("change"),
            entry_id=entry_id,
            action="delete",
            old_amount=amount,
            new_amount=None,
            old_date=day,
            new_date=None,
            changed_by="kpm",
            source_sid=f"d{entry_id}",
            changed_at=deleted,
        )
    rows.add(
        LedgerEntry.__table__,
        id=entry_id,
        kpm_id=kpm_id,
        entry_date=day,
        kind=kind,
        amount=amount,
        note="",
        source_sid=f"m{entry_id}",
        item_index=index,
        created_at=created,
        deleted_at=deleted,
    )


def _meeting_rows(
    rng: random.Random,
    rows: Rows,
    ids: Ids,
    p: int,
    g: int,
    kelompok_id: int,
    members: list[int],
    first_day: date,
    today: date,
) -> None:
    day = first_day + timedelta(days=g % 28)
    while True:
        upcoming = day > today
        meeting_id = ids.next("meeting")
        cancelled = not upcoming and rng.random() < 1 / 12
        starts = _utc(day, 9)
        rows.add(
            Meeting.__table__,
            id=meeting_id,
            pendamping_id=p,
            starts_at=starts,
            tz=TZ,
            place=f"Rumah Bu RT {g + 1}",
            topic=f"P2K2 sesi {rng.randrange(1, 15)}",
            label=None,
            status="cancelled" if cancelled else ("scheduled" if upcoming else "done"),
            version=1,
            jobs_version=1,
            report_version=0,
            created_at=starts - timedelta(days=7),
            updated_at=starts - timedelta(days=7),
        )
        rows.add(meeting_kelompok, meeting_id=meeting_id, kelompok_id=kelompok_id)
        recorded = not upcoming and not cancelled and rng.random() < 0.9
        for kpm_id in members:
            answer = rng.choices(["yes", "no", "pending"], [0.7, 0.1, 0.2])[0]
            came = (rng.random() < (0.85 if answer == "yes" else 0.3)) if recorded else None
            rows.add(
                Invitation.__table__,
                id=ids.next("invitation"),
                meeting_id=meeting_id,
                kpm_id=kpm_id,
                status=answer,
                reply_text=None,
                reason=None,
                replied_at=None if answer == "pending" else starts - timedelta(days=rng.randrange(1, 6)),
                invited_at=starts - timedelta(days=7),
                reminded="day_before" if not upcoming else "",
                attended=came,
                attendance_at=starts + timedelta(hours=3) if recorded else None,
            )
        if upcoming:
            break
        day += timedelta(days=28 + rng.randrange(-3, 4))
        if day > today:  # the next one: next week
            day = today + timedelta(days=7 - (g % 3))


def _fast(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=OFF")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-200000")
        cur.close()


ORDER = [
    Pendamping.__table__,
    Contact.__table__,
    Kelompok.__table__,
    Kpm.__table__,
    LedgerEntry.__table__,
    LedgerChange.__table__,
    SavingsEntry.__table__,
    SavingsGoal.__table__,
    PendampingNote.__table__,
    Meeting.__table__,
    meeting_kelompok,
    Invitation.__table__,
]


def build(seed: Seed, log: bool = True) -> dict[str, object]:
    """Make the database for `seed` unless it is cached; what is in it and how long it took."""
    path = seed.path
    info_path = path.with_suffix(".json")
    if path.exists() and info_path.exists():
        return {**json.loads(info_path.read_text()), "cached": True}
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    url = f"sqlite:///{partial}"
    started = time.perf_counter()
    upgrade(url)
    get_engine(url).dispose()  # the migration's connection holds the file in WAL mode
    engine = create_engine(url)
    _fast(engine)
    ids = Ids()
    counts: dict[str, int] = {}
    for p in range(1, seed.pendamping + 1):
        rows = pendamping_rows(p, seed.today, ids)
        with engine.begin() as conn:
            for table in ORDER:
                values = rows.by_table.get(table, [])
                if values:
                    conn.execute(insert(table), values)
                    counts[table.name] = counts.get(table.name, 0) + len(values)  # type: ignore[attr-defined]
        if log and (p % 10 == 0 or p == seed.pendamping):
            print(
                f"  seeded {p}/{seed.pendamping} pendamping, {ids.ledger:,} ledger rows, "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
    with engine.begin() as conn:
        conn.execute(
            insert(Koordinator.__table__),
            [dict(id=1, name="Koordinator Kota", phone=KOORDINATOR_PHONE, kecamatan=None, kota="Kota Bandung")],
        )
    engine.dispose()
    info = {
        "seed": {**asdict(seed), "today": seed.today.isoformat()},
        "rows": counts,
        "seed_seconds": round(time.perf_counter() - started, 1),
        "file_mib": round(partial.stat().st_size / 2**20, 1),
    }
    partial.replace(path)
    info_path.write_text(json.dumps(info, indent=1) + "\n")
    return {**info, "cached": False}


if __name__ == "__main__":
    print(json.dumps(build(Seed(1)), indent=1))
