"""`flask --app webhook ...` commands: db, roster, ledger, meetings, nudges, resources.

The terminal chat that pretends to be Twilio is dev tooling: `python -m devtools.chat` (make chat).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope
from bot.roster.phone import InvalidPhone, normalize_phone

db_cli = AppGroup("db", help="Database schema (Alembic).")
roster_cli = AppGroup("roster", help="Pendamping, kelompok and KPM.")
ledger_cli = AppGroup("ledger", help="Sales and spending recorded by chat.")
meetings_cli = AppGroup("meetings", help="Meetings, invitations and attendance.")
nudges_cli = AppGroup("nudges", help="The weekly savings nudge per kelompok.")
resources_cli = AppGroup("resources", help="The resource map: training, capital, certification, markets.")
DAY_NAMES = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]


def _refuse(name: str, errors: list[tuple[int, str]]) -> None:
    """An all-or-nothing import that found bad rows: name each, change nothing, exit 1."""
    click.echo(f"Nothing imported: {len(errors)} row(s) need fixing in {name}:", err=True)
    for line, reason in errors:
        click.echo(f"  line {line}: {reason}", err=True)
    sys.exit(1)


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations."""
    from bot.migrate import upgrade

    upgrade(_settings().database_url)
    click.echo("database is up to date")


@roster_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def roster_import(csv_file: Path) -> None:
    """Import FILE.csv (nama,no_hp,peran,kelompok,tanggal_lahir,usaha[,kecamatan,kota]): all rows or none."""
    from bot.roster.importer import import_roster

    with session_scope(_settings().database_url) as session:
        result = import_roster(session, csv_file.read_bytes())
        if not result.ok:
            session.rollback()
            _refuse(csv_file.name, result.errors)
    click.echo(f"Imported {len(result.rows)} rows: {result.created} new, {result.updated} updated.")


@ledger_cli.command("export")
@click.option("--kpm", "phone", help="One KPM by phone number.")
@click.option("--kelompok", help="Every KPM of a kelompok.")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD.")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day, YYYY-MM-DD.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.csv or FILE.xlsx")
def ledger_export(phone: str | None, kelompok: str | None, start: object, end: object, out: Path) -> None:
    """Export entries to CSV or XLSX (by the file's suffix)."""
    from bot.ledger import export

    if bool(phone) == bool(kelompok):
        raise click.UsageError("give exactly one of --kpm or --kelompok")
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise click.UsageError("--out must end in .csv or .xlsx")
    try:
        e164 = normalize_phone(phone) if phone else None
    except InvalidPhone as exc:
        raise click.BadParameter(str(exc)) from exc
    with session_scope(_settings().database_url) as session:
        ids = export.kpm_ids(session, phone=e164, kelompok=kelompok)
        if not ids:
            raise click.ClickException(f"no KPM found for {phone or kelompok}")
        count = export.write(out, export.rows(session, ids, start.date(), end.date()))  # type: ignore[attr-defined]
    click.echo(f"{count} entries written to {out}")


@meetings_cli.command("attendance")
@click.option("--month", required=True, help="YYYY-MM")
@click.option("--kelompok", help="Only this kelompok.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.csv or FILE.xlsx")
def meetings_attendance(month: str, kelompok: str | None, out: Path) -> None:
    """Monthly attendance per KPM to CSV or XLSX."""
    from bot.ledger.export import write
    from bot.meetings.attendance import HEADER, as_rows, month_of, monthly

    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise click.UsageError("--out must end in .csv or .xlsx")
    try:
        first = month_of(month)
    except ValueError as exc:
        raise click.BadParameter("use YYYY-MM, e.g. 2026-12", param_hint="--month") from exc
    with session_scope(_settings().database_url) as session:
        count = write(out, as_rows(monthly(session, first, kelompok)), HEADER, "kehadiran")
    click.echo(f"{count} KPM written to {out}")


@nudges_cli.command("schedule")
@click.option("--kelompok", required=True, help="The kelompok's name.")
@click.option("--day", type=click.Choice(DAY_NAMES), help="Weekday, in Indonesian.")
@click.option("--hour", type=click.IntRange(0, 23), help="Local hour (the pendamping's zone); night hours move to 07.")
@click.option("--on/--off", "enabled", default=None, help="Turn the kelompok's nudges on or off.")
def nudges_schedule(kelompok: str, day: str | None, hour: int | None, enabled: bool | None) -> None:
    """When a kelompok gets its weekly nudge (the worker follows within 30 s)."""
    from bot.roster.models import Kelompok

    with session_scope(_settings().database_url) as session:
        row = session.scalar(select(Kelompok).where(Kelompok.name == kelompok))
        if row is None:
            raise click.ClickException(f"no kelompok named {kelompok}")
        if day is not None:
            row.nudge_weekday = DAY_NAMES.index(day)
        if hour is not None:
            row.nudge_hour = hour
        if enabled is not None:
            row.nudges_enabled = enabled
        state = "on" if row.nudges_enabled else "off"
        click.echo(f"{row.name}: nudges {state}, {DAY_NAMES[row.nudge_weekday]} {row.nudge_hour:02d}:00")


@resources_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def resources_import(csv_file: Path) -> None:
    """Import FILE.csv (nama,menawarkan,jenis,syarat,kontak,alamat,kelurahan,kecamatan,kota,aktif): all rows or none."""
    from bot.resources.csvfile import EXAMPLE_MARK, import_resources

    with session_scope(_settings().database_url) as session:
        result = import_resources(session, csv_file.read_bytes(), by=f"cli import {csv_file.name}")
        if not result.ok:
            session.rollback()
            _refuse(csv_file.name, result.errors)
    unchanged = len(result.rows) - result.created - result.updated
    click.echo(f"Imported {len(result.rows)} rows: {result.created} new, {result.updated} updated, {unchanged} same.")
    if result.examples:
        click.echo(
            f"Note: {result.examples} row(s) are examples ({EXAMPLE_MARK}, not real contacts); "
            "the assistant shows them to people. Deactivate them (aktif=tidak) before going live.",
            err=True,
        )


@resources_cli.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.csv")
def resources_export(out: Path) -> None:
    """Every resource, inactive ones too, in the import's columns (import it back after editing)."""
    from bot.resources.csvfile import to_csv
    from bot.resources.service import list_resources

    with session_scope(_settings().database_url) as session:
        resources = list_resources(session, include_inactive=True)
    out.write_text(to_csv(resources), encoding="utf-8")
    click.echo(f"{len(resources)} resources written to {out}")


@roster_cli.command("report")
@click.option("--kelompok", "name", required=True, help="The kelompok's name.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.csv or FILE.xlsx")
def roster_report(name: str, out: Path) -> None:
    """The dashboard's kelompok table (one row per KPM) as CSV or XLSX, by the file's suffix."""
    from bot import clock
    from bot.ledger import export
    from bot.reports import kelompok as table
    from bot.roster.models import Kelompok

    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise click.UsageError("--out must end in .csv or .xlsx")
    with session_scope(_settings().database_url) as session:
        group = session.scalar(select(Kelompok).where(Kelompok.name == name))
        if group is None:
            raise click.ClickException(f"no kelompok named {name!r}")
        tz = group.pendamping.tz if group.pendamping else _settings().tz
        rows = table.as_table(table.rows(session, group.id, clock.local_today(tz), tz), tz)
    count = export.write(out, iter(rows), header=table.HEADER, sheet_name=name[:31])
    click.echo(f"Wrote {count} rows to {out}")


def register_cli(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(roster_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(meetings_cli)
    app.cli.add_command(nudges_cli)
    app.cli.add_command(resources_cli)
