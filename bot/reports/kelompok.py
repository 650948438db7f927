"""One row per KPM of a kelompok: her business, how regularly she records, her sales this month
and their last 12 weeks, her last message, her savings goal, her attendance this quarter, her
latest PENA questionnaire and whether the weekly nudge reaches her.

The dashboard's table and its CSV/XLSX downloads are built from the same rows, sorted and
filtered by the same keys (plain query parameters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.graduation.service import latest_pena
from bot.ledger.periods import period
from bot.ledger.progress import last_entry_days, sales_between, savings_balances, weekly
from bot.ledger.savings import progress as savings_progress
from bot.meetings.summary import attendance_between
from bot.nudges.progress import last_nudges
from bot.reports import local_midnight, quarter_start
from bot.roster.models import Contact, Kelompok

# Weeks shown as "recorded in N of the last 8", and the sales sparkline's length.
RECORD_WEEKS = 8
SPARK_WEEKS = 12
RECENT_WEEKS = 4


@dataclass(frozen=True)
class MemberRow:
    kpm_id: int
    name: str
    phone: str
    business: str | None
    weeks_recorded: int  # of the last RECORD_WEEKS
    recorded_recently: bool  # in the last RECENT_WEEKS
    sales_this_month: int
    weekly_sales: tuple[int, ...]  # SPARK_WEEKS, oldest first
    last_entry: date | None
    last_message: datetime | None
    opted_out: bool
    savings: int
    goal_purpose: str | None
    goal_target: int | None
    goal_saved: int | None
    came: int  # meetings attended this quarter
    recorded_meetings: int  # meetings this quarter whose attendance was taken
    # Her latest PENA questionnaire: "eligible_willing", "eligible_not_willing", "not_eligible"; None: never.
    pena: str | None
    pena_at: datetime | None
    # The weekly nudge: "on", "kelompok_off" (her pendamping switched it off) or "stopped" (she stopped us).
    nudges: str
    last_nudge: datetime | None

    @property
    def goal_percent(self) -> int | None:
        if not self.goal_target or self.goal_saved is None:
            return None
        return min(100, max(0, self.goal_saved * 100 // self.goal_target))


def rows(session: Session, kelompok_id: int, today: date, tz: str) -> list[MemberRow]:
    kelompok = session.get(Kelompok, kelompok_id)
    if kelompok is None:
        raise LookupError(f"kelompok {kelompok_id}")
    members = sorted(kelompok.members, key=lambda k: k.name.lower())
    ids = [k.id for k in members]
    weeks = weekly(session, ids, today, max(RECORD_WEEKS, SPARK_WEEKS))
    month = period("this_month", today)
    sales = sales_between(session, ids, month.start, month.end)
    last = last_entry_days(session, ids)
    balances = savings_balances(session, ids)
    contacts = {
        c.phone: c for c in session.scalars(select(Contact).where(Contact.phone.in_([k.phone for k in members])))
    }
    start = local_midnight(quarter_start(today), tz)
    attendance = attendance_between(session, ids, start, local_midnight(today + timedelta(days=1), tz))
    pena = latest_pena(session, ids)
    nudged = last_nudges(session, [k.phone for k in members])
    result = []
    for kpm in members:
        his = weeks[kpm.id]
        goal = savings_progress(session, kpm.id, today)
        contact = contacts.get(kpm.phone)
        came, recorded = attendance.get(kpm.id, (0, 0))
        answer = pena.get(kpm.id)
        opted_out = bool(contact and contact.opted_out_at)
        result.append(
            MemberRow(
                kpm.id,
                kpm.name,
                kpm.phone,
                kpm.business,
                sum(1 for w in his[-RECORD_WEEKS:] if w.recorded),
                any(w.recorded for w in his[-RECENT_WEEKS:]),
                sales.get(kpm.id, 0),
                tuple(w.sales for w in his[-SPARK_WEEKS:]),
                last.get(kpm.id),
                contact.last_inbound_at if contact else None,
                opted_out,
                balances.get(kpm.id, 0),
                goal.goal.purpose if goal.goal else None,
                goal.goal.target if goal.goal else None,
                goal.saved_for_goal if goal.goal else None,
                came,
                recorded,
                _pena_result(answer.eligible, answer.willing) if answer else None,
                answer.answered_at if answer else None,
                "stopped" if opted_out else ("on" if kelompok.nudges_enabled else "kelompok_off"),
                nudged.get(kpm.phone),
            )
        )
    return result


def _pena_result(eligible: bool, willing: bool) -> str:
    if not eligible:
        return "not_eligible"
    return "eligible_willing" if willing else "eligible_not_willing"


# ---------------------------------------------------------------- sorting and filtering (query parameters)

SORTS: dict[str, Callable[[MemberRow], object]] = {
    "nama": lambda r: r.name.lower(),
    "usaha": lambda r: (r.business or "").lower(),
    "mencatat": lambda r: r.weeks_recorded,
    "penjualan": lambda r: r.sales_this_month,
    "pesan": lambda r: r.last_message.timestamp() if r.last_message else 0.0,
    "tabungan": lambda r: (r.goal_percent if r.goal_percent is not None else -1, r.savings),
    "hadir": lambda r: (r.came / r.recorded_meetings) if r.recorded_meetings else -1.0,
    "pena": lambda r: ("eligible_willing", "eligible_not_willing", "not_eligible", None).index(r.pena),
}
FILTERS: dict[str, Callable[[MemberRow], bool]] = {
    "semua": lambda r: True,
    "aktif": lambda r: r.recorded_recently,  # recorded in the last 4 weeks
    "tidak_aktif": lambda r: not r.recorded_recently,
    "berhenti_pesan": lambda r: r.opted_out,  # stopped our messages
}


def arrange(
    members: list[MemberRow], sort: str = "nama", desc: bool = False, show: str = "semua", q: str = ""
) -> list[MemberRow]:
    """Filter by `show` and a name/business search, then sort; unknown keys fall back to the defaults."""
    keep = FILTERS.get(show, FILTERS["semua"])
    needle = q.strip().lower()
    chosen = [
        r
        for r in members
        if keep(r) and (not needle or needle in r.name.lower() or needle in (r.business or "").lower())
    ]
    return sorted(chosen, key=SORTS.get(sort, SORTS["nama"]), reverse=desc)  # type: ignore[arg-type]


# ---------------------------------------------------------------- downloads

HEADER = (
    "nama",
    "no_hp",
    "usaha",
    "minggu_mencatat_dari_8",
    "penjualan_bulan_ini",
    "catatan_terakhir",
    "pesan_terakhir",
    "berhenti_pesan",
    "tabungan",
    "target_tabungan",
    "terkumpul_untuk_target",
    "hadir_kuartal_ini",
    "pertemuan_kuartal_ini",
    "pena",
    "pena_tanggal",
    "pesan_mingguan",
    "pesan_mingguan_terakhir",
)


def as_table(members: list[MemberRow], tz: str) -> list[tuple[object, ...]]:
    """The rows as plain values for CSV and XLSX (dates as dates, money as whole rupiah)."""
    zone = ZoneInfo(tz)
    return [
        (
            r.name,
            r.phone,
            r.business or "",
            r.weeks_recorded,
            r.sales_this_month,
            r.last_entry,
            r.last_message.astimezone(zone).date() if r.last_message else None,
            "ya" if r.opted_out else "",
            r.savings,
            r.goal_target,
            r.goal_saved,
            r.came,
            r.recorded_meetings,
            r.pena or "",
            r.pena_at.astimezone(zone).date() if r.pena_at else None,
            r.nudges,
            r.last_nudge.astimezone(zone).date() if r.last_nudge else None,
        )
        for r in members
    ]
