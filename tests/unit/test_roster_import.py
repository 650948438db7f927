from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bot import create_app
from bot.config import Settings
from bot.db import session_scope
from bot.roster.identity import identify
from bot.roster.importer import import_roster, parse_roster
from bot.roster.models import Kelompok, Kpm, Pendamping

DATA = Path(__file__).parent.parent / "data"
TODAY = date(2026, 11, 28)


def test_good_roster_is_imported_with_e164_numbers(db_url: str) -> None:
    with session_scope(db_url) as session:
        result = import_roster(session, (DATA / "roster_good.csv").read_bytes(), TODAY)
        assert result.ok and result.created == 7
    with session_scope(db_url) as session:
        siti = identify(session, "+6281220000002")
        assert (siti.role, siti.name, siti.kelompok) == ("kpm", "Siti Aminah", ["Melati"])
        rina = identify(session, "+6281220000001")
        assert (rina.role, rina.kelompok) == ("pendamping", ["Mawar", "Melati"])
        euis = session.scalar(select(Kpm).where(Kpm.name == "Euis Kurniasih"))
        assert euis is not None and euis.phone == "+6281220000003" and euis.birth_date is None
        assert euis.business == "nasi uduk"
        dewi = session.scalar(select(Kpm).where(Kpm.name == "Dewi Lestari"))
        assert dewi is not None and dewi.birth_date == date(1990, 12, 24)
        assert identify(session, "+6289999999999").role == "unknown"


def test_reimport_updates_instead_of_duplicating(db_url: str) -> None:
    data = (DATA / "roster_good.csv").read_bytes()
    with session_scope(db_url) as session:
        import_roster(session, data, TODAY)
    with session_scope(db_url) as session:
        result = import_roster(session, data.replace(b"Siti Aminah", b"Siti Aminah S"), TODAY)
        assert result.ok and result.updated == 7 and result.created == 0
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Kpm)) == 6
        assert session.scalar(select(Kpm.name).where(Kpm.phone == "+6281220000002")) == "Siti Aminah S"


def test_bad_rows_are_each_named_and_nothing_is_written(db_url: str) -> None:
    csv = (
        b"nama,no_hp,peran,kelompok,tanggal_lahir,usaha\n"
        b"Rina,081220000001,pendamping,Melati,,\n"
        b"Siti,0812,kpm,Melati,,gorengan\n"
        b",081220000003,ketua,Melati,1985-13-01,\n"
        b"Euis,081220000004,kpm,,,\n"
        b"Dewi,081220000001,kpm,Melati,2030-01-01,\n"
        b"Ani,081220000005,kpm,Melati\n"
        b"Sri,081220000006,kpm,Melati,1980-02-02,warung\n"
    )
    with session_scope(db_url) as session:
        result = import_roster(session, csv, TODAY)
    errors = dict(result.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert "tidak valid" in errors[3]
    assert "nama kosong" in errors[4] and "peran" in errors[4] and "tanggal_lahir" in errors[4]
    assert "tepat satu kelompok" in errors[5]
    assert "sama dengan baris 2" in errors[6] and "tidak masuk akal" in errors[6]
    assert "jumlah kolom" in errors[7]
    with session_scope(db_url) as session:
        for model in (Kpm, Pendamping, Kelompok):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_excel_semicolon_csv_with_bom_is_read() -> None:
    csv = "\ufeffnama;no_hp;peran;kelompok;tanggal_lahir;usaha\nSiti;081220000002;KPM;Melati;;gorengan\n".encode()
    result = parse_roster(csv, TODAY)
    assert result.ok and result.rows[0].role == "kpm" and result.rows[0].phone == "+6281220000002"


def test_wrong_header_and_empty_file_are_explained() -> None:
    assert parse_roster(b"", TODAY).errors == [(1, "file kosong")]
    ((line, reason),) = parse_roster(b"name,phone\nSiti,0812\n", TODAY).errors
    assert line == 1 and "kolom tidak ada" in reason and "no_hp" in reason


def test_cli_import_reports_lines_and_exits_nonzero(settings: Settings, tmp_path: Path) -> None:
    app = create_app(settings)
    bad = tmp_path / "bad.csv"
    bad.write_text("nama,no_hp,peran,kelompok,tanggal_lahir,usaha\nSiti,12,kpm,Melati,,\n")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["roster", "import", str(bad)])
    assert result.exit_code == 1
    assert "line 2:" in result.output and "Nothing imported" in result.output
    result = runner.invoke(args=["roster", "import", str(DATA / "roster_good.csv")])
    assert result.exit_code == 0, result.output
    assert "Imported 7 rows: 7 new, 0 updated." in result.output
