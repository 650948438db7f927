from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from bot import create_app
from bot.config import Settings
from bot.db import session_scope
from bot.roster.identity import identify
from bot.roster.importer import import_roster, parse_roster
from bot.roster.models import Kelompok, Koordinator, Kpm, Pendamping

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


def test_areas_and_koordinator_are_imported(db_url: str) -> None:
    with session_scope(db_url) as session:
        result = import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), TODAY)
        assert result.ok, result.errors
        assert result.created == 9
    with session_scope(db_url) as session:
        ratna = session.scalar(select(Pendamping).where(Pendamping.phone == "+6281340000001"))
        assert ratna is not None and (ratna.kecamatan, ratna.kota) == ("Cibeunying Kaler", "Bandung")
        chiefs = {k.name: (k.kecamatan, k.kota) for k in session.scalars(select(Koordinator))}
        assert chiefs == {"Sri Mulyani": ("Cibeunying Kaler", "Bandung"), "Yeni Rahayu": (None, "Bandung")}
        sri = identify(session, "+6281340000003")
        assert (sri.role, sri.name, sri.kelompok) == ("koordinator", "Sri Mulyani", [])


def test_a_file_without_area_columns_keeps_the_areas(db_url: str) -> None:
    with session_scope(db_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), TODAY).ok
    old_format = b"nama,no_hp,peran,kelompok,tanggal_lahir,usaha\nRatna S,081340000001,pendamping,Nusa Indah,,\n"
    with session_scope(db_url) as session:
        assert import_roster(session, old_format, TODAY).ok
    with session_scope(db_url) as session:
        ratna = session.scalar(select(Pendamping).where(Pendamping.phone == "+6281340000001"))
        assert ratna is not None and ratna.name == "Ratna S" and ratna.kota == "Bandung"


def test_koordinator_rows_need_an_area_and_no_kelompok(db_url: str) -> None:
    csv = (
        b"nama,no_hp,peran,kelompok,tanggal_lahir,usaha,kecamatan,kota\n"
        b"Sri,081340000003,koordinator,Melati,,,,Bandung\n"
        b"Yeni,081340000004,KOORDINATOR,,,,,\n"
        b"Ani,081340000005,koordinator,,,,Coblong,\n"
    )
    with session_scope(db_url) as session:
        result = import_roster(session, csv, TODAY)
    errors = dict(result.errors)
    assert sorted(errors) == [2, 3]
    assert "tidak punya kelompok" in errors[2]
    assert "kecamatan dan/atau kota" in errors[3]


def test_one_number_has_one_role(db_url: str) -> None:
    with session_scope(db_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), TODAY).ok
    csv = b"nama,no_hp,peran,kelompok,tanggal_lahir,usaha,kecamatan,kota\nSri,081340000003,pendamping,Melati,,,,\n"
    with session_scope(db_url) as session:
        result = import_roster(session, csv, TODAY)
        assert result.errors == [(2, "nomor HP sudah terdaftar sebagai koordinator")]
