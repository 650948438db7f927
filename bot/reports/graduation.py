"""The graduation pipeline for the dashboard: a pendamping's candidates (and those who almost
qualify) with the numbers behind each rule and each KPM's decision history, and graduations per
pendamping per month against the target, as plain values for the pages and their downloads.

Everything is read through the graduation service (bot/graduation/service.py: evaluate,
history/latest decisions, counts_by_pendamping_month); this module only chooses who is shown,
names who decided, and lays the rows out for CSV and XLSX.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.graduation import service
from bot.graduation.rules import Rules, load
from bot.ledger.periods import add_months
from bot.resources.area import normalize_place
from bot.roster.models import Koordinator, Kpm, Pendamping

# A KPM who is not a candidate is still shown when this many required rules (or fewer) are not met
# and at least one holds: the pendamping sees what is missing (often just the PENA questionnaire).
ALMOST_MISSING = 1
# Months of graduations shown against the target: this month and the five before it.
COUNT_MONTHS = 6
# Decisions listed on the graduation page (newest first); her own page lists all of hers.
RECENT_DECISIONS = 50

# The decisions in the downloads: plain Indonesian codes (the page shows translated labels).
DECISION_CODES = {
    "discussed": "sudah_dibahas",
    "proposed_pena": "diusulkan_pena",
    "graduated": "graduasi",
    "not_now": "belum_sekarang",
}


@dataclass(frozen=True)
class DecisionLine:
    """One decision about a KPM, with who decided named from the roster (her phone when unknown)."""

    id: int
    kpm_id: int
    kpm_name: str
    decision: str  # one of service.DECISIONS
    note: str
    decided_by: str  # as stored: the phone she signed in with
    decided_by_name: str
    decided_at: datetime  # aware UTC


@dataclass(frozen=True)
class Row:
    """One KPM on the graduation page: the service's evaluation and her decisions, oldest first."""

    candidate: service.Candidate
    status: str  # "candidate" | "almost" | "graduated" | "other"
    history: tuple[DecisionLine, ...]

    @property
    def not_met(self) -> tuple[service.RuleResult, ...]:
        return tuple(r for r in self.candidate.rules if r.required and not r.passed)

    @property
    def month_starts(self) -> tuple[date, ...]:
        return tuple(m.start for m in self.candidate.months)

    @property
    def streak_months(self) -> frozenset[str]:
        """The months of her sales streak ('YYYY-MM'), from every sales rule's evidence."""
        found: set[str] = set()
        for r in self.candidate.rules:
            if r.check == "sales_rising":
                found.update(str(m) for m in r.evidence.get("months", []))  # type: ignore[attr-defined]
        return frozenset(found)


@dataclass(frozen=True)
class PendampingPage:
    candidates: tuple[Row, ...]
    almost: tuple[Row, ...]
    kota: str  # whose UMK was used (a key of data/graduation.yml's umk)
    kota_asked: str  # the pendamping's own kota in the roster ("" when unknown)
    kota_matched: bool  # her kota has its own UMK figures in the file
    recent: tuple[DecisionLine, ...]  # her KPM's decisions, newest first
    counts: tuple[service.MonthCount, ...]  # hers, oldest month first
    target: int


@dataclass(frozen=True)
class PendampingCounts:
    pendamping_id: int
    name: str
    phone: str
    months: tuple[service.MonthCount, ...]  # oldest first

    @property
    def total(self) -> int:
        return sum(m.graduated for m in self.months)


def umk_kota(rules: Rules, place: str | None) -> tuple[str, bool]:
    """The UMK table's kota for a roster kota ('Bandung' finds 'Kota Bandung'), and whether it was found;
    the file's default_kota when it was not."""
    wanted = normalize_place("kota", place)
    if wanted:
        for kota in rules.umk:
            if normalize_place("kota", kota) == wanted:
                return kota, True
    return rules.default_kota, False


def month_keys(today: date, count: int = COUNT_MONTHS) -> list[str]:
    """'YYYY-MM' of today's month and the count - 1 before it, oldest first."""
    return [add_months(today, -n).strftime("%Y-%m") for n in range(count - 1, -1, -1)]


def month_start(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def _names_by_phone(session: Session, phones: Sequence[str]) -> dict[str, str]:
    wanted = list(set(phones))
    if not wanted:
        return {}
    found = {
        p: n
        for p, n in session.execute(select(Koordinator.phone, Koordinator.name).where(Koordinator.phone.in_(wanted)))
    }
    found |= {
        p: n for p, n in session.execute(select(Pendamping.phone, Pendamping.name).where(Pendamping.phone.in_(wanted)))
    }
    return found


def kpm_names(session: Session, kpm_ids: Sequence[int]) -> dict[int, str]:
    ids = list(set(kpm_ids))
    if not ids:
        return {}
    return {kpm_id: name for kpm_id, name in session.execute(select(Kpm.id, Kpm.name).where(Kpm.id.in_(ids)))}


def _lines(session: Session, decisions: Sequence[service.Decision]) -> list[DecisionLine]:
    names = _names_by_phone(session, [d.decided_by for d in decisions])
    kpm = kpm_names(session, [d.kpm_id for d in decisions])
    return [
        DecisionLine(
            d.id,
            d.kpm_id,
            kpm.get(d.kpm_id, ""),
            d.decision,
            d.note,
            d.decided_by,
            names.get(d.decided_by, d.decided_by),
            d.decided_at,
        )
        for d in decisions
    ]


def history(session: Session, kpm_id: int) -> list[DecisionLine]:
    """Her decisions, oldest first (service.history), with who decided named."""
    return _lines(session, service.history(session, kpm_id))


def histories(session: Session, kpm_ids: Sequence[int]) -> dict[int, list[DecisionLine]]:
    """Every decision about each of these KPM, oldest first (service.histories), who decided named."""
    found = service.histories(session, kpm_ids)
    lines = _lines(session, [d for ds in found.values() for d in ds])
    by_kpm: dict[int, list[DecisionLine]] = {}
    for line in lines:
        by_kpm.setdefault(line.kpm_id, []).append(line)
    return by_kpm


def _is_almost(candidate: service.Candidate) -> bool:
    if candidate.qualifies:
        return False
    if candidate.latest_decision is not None and candidate.latest_decision.decision == "graduated":
        return False
    required = [r for r in candidate.rules if r.required]
    missing = sum(1 for r in required if not r.passed)
    return 0 < missing <= ALMOST_MISSING and missing < len(required)


def pendamping_page(
    session: Session, pendamping: Pendamping, today: date, rules: Rules | None = None
) -> PendampingPage:
    """Her candidates and almost-candidates (by kelompok, then name), recent decisions and her monthly counts.

    `today` is her local day: its month is never judged (service.evaluate) but is counted for the target.
    """
    rules = rules or load()
    kota, matched = umk_kota(rules, pendamping.kota)
    evaluated = service.evaluate(session, today=today, pendamping_id=pendamping.id, kota=kota, rules=rules)
    by_kpm = histories(session, [c.kpm_id for c in evaluated])
    newest = sorted((line for lines in by_kpm.values() for line in lines), key=lambda d: (d.decided_at, d.id))
    rows = [Row(c, _status(c), tuple(by_kpm.get(c.kpm_id, ()))) for c in evaluated]
    candidates = tuple(r for r in rows if r.status == "candidate")
    almost = tuple(r for r in rows if r.status == "almost")
    counts = service.counts_by_pendamping_month(session, [pendamping.id], month_keys(today), rules=rules)
    return PendampingPage(
        candidates,
        almost,
        kota,
        pendamping.kota or "",
        matched,
        tuple(newest[::-1][:RECENT_DECISIONS]),
        tuple(counts),
        rules.graduated_per_month,
    )


def _status(candidate: service.Candidate) -> str:
    if candidate.qualifies:
        return "candidate"
    if candidate.latest_decision is not None and candidate.latest_decision.decision == "graduated":
        return "graduated"
    return "almost" if _is_almost(candidate) else "other"


def kpm_row(session: Session, kpm_id: int, pendamping: Pendamping, today: date, rules: Rules | None = None) -> Row:
    """One KPM of this pendamping, evaluated like on the graduation page, with her whole decision history."""
    rules = rules or load()
    kota, _matched = umk_kota(rules, pendamping.kota)
    (found,) = service.evaluate(session, today=today, kpm_ids=[kpm_id], kota=kota, rules=rules)
    return Row(found, _status(found), tuple(history(session, kpm_id)))


def area_counts(
    session: Session, people: Sequence[Pendamping], today: date, rules: Rules | None = None
) -> list[PendampingCounts]:
    """Graduations per pendamping (in the order given) for this month and the five before, against the target."""
    rules = rules or load()
    counts = service.counts_by_pendamping_month(session, [p.id for p in people], month_keys(today), rules=rules)
    by_person: dict[int, list[service.MonthCount]] = {}
    for c in counts:
        by_person.setdefault(c.pendamping_id, []).append(c)
    return [PendampingCounts(p.id, p.name, p.phone, tuple(by_person.get(p.id, ()))) for p in people]


# ---------------------------------------------------------------- downloads

CANDIDATE_HEADER = (
    "nama",
    "no_hp",
    "kelompok",
    "status",
    "syarat_belum_terpenuhi",
    "bulan_naik_berturut",
    "bulan_penjualan_naik",
    "penjualan_bulan_itu",
    "bulan_laba",
    "penjualan",
    "belanja",
    "laba",
    "umk",
    "tahun_umk",
    "kota_umk",
    "pena_dijawab",
    "pena_layak",
    "pena_bersedia",
    "keputusan_terakhir",
    "tanggal_keputusan",
    "catatan_keputusan",
)
STATUS_CODES = {"candidate": "kandidat", "almost": "hampir"}


def _yes_no(value: object) -> str:
    return "" if value is None else ("ya" if value else "tidak")


def _evidence(row: Row, check: str) -> dict[str, object]:
    for r in row.candidate.rules:
        if r.check == check:
            return dict(r.evidence)
    return {}


def candidate_table(rows: Sequence[Row], tz: str) -> list[tuple[object, ...]]:
    """Candidates, then those who almost qualify, as plain values (months 'YYYY-MM', money whole rupiah,
    several months joined by '|', days in the pendamping's zone)."""
    zone = ZoneInfo(tz)
    table = []
    for row in rows:
        c = row.candidate
        rising = _evidence(row, "sales_rising")
        profit_months = _evidence(row, "profit_above_umk").get("months") or []
        last: dict[str, object] = profit_months[-1] if profit_months else {}  # type: ignore[index]
        pena = _evidence(row, "pena_answer")
        answered = pena.get("answered_at")
        latest = row.history[-1] if row.history else None
        table.append(
            (
                c.name,
                c.phone,
                c.kelompok,
                STATUS_CODES[row.status],
                "|".join(r.name for r in row.not_met),
                rising.get("streak"),
                "|".join(str(m) for m in rising.get("months", [])),  # type: ignore[attr-defined]
                "|".join(str(s) for s in rising.get("sales", [])),  # type: ignore[attr-defined]
                last.get("month"),
                last.get("sales"),
                last.get("expenses"),
                last.get("profit"),
                last.get("umk"),
                last.get("umk_year"),
                last.get("umk_kota"),
                answered.astimezone(zone).date() if isinstance(answered, datetime) else None,
                _yes_no(pena.get("eligible")),
                _yes_no(pena.get("willing")),
                DECISION_CODES[latest.decision] if latest else "",
                latest.decided_at.astimezone(zone).date() if latest else None,
                latest.note if latest else "",
            )
        )
    return table


COUNT_HEADER = ("pendamping", "no_hp", "bulan", "graduasi", "target", "tercapai", "kpm_graduasi")


def count_table(people: Sequence[PendampingCounts], names: dict[int, str]) -> list[tuple[object, ...]]:
    """One row per pendamping per month: graduations, the target, whether it was met, and who graduated."""
    return [
        (
            p.name,
            p.phone,
            m.month,
            m.graduated,
            m.target,
            "ya" if m.met else "tidak",
            "|".join(names.get(k, str(k)) for k in m.kpm_ids),
        )
        for p in people
        for m in p.months
    ]
