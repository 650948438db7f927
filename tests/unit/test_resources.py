"""The resource map's service: filters, area matching, edits with before/after, inactive hidden,
the CSV import/export and the chat answer (bot/resources)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import create_app
from bot.config import ROOT, Settings
from bot.db import session_scope
from bot.i18n import gettext
from bot.replies import render
from bot.resources import chat
from bot.resources.area import Area, area_of, closeness, normalize_place
from bot.resources.csvfile import import_resources, parse_resources, to_csv
from bot.resources.kinds import KINDS, UnknownKind, kinds_in, normalize_kinds
from bot.resources.models import LocalResource
from bot.resources.service import (
    ResourceError,
    ResourceNotFound,
    add_resource,
    deactivate_resource,
    edit_resource,
    get_resource,
    list_resources,
    near,
    validate,
)
from bot.roster.identity import Identity
from bot.roster.importer import import_roster
from bot.roster.models import Kpm, Pendamping
from nlu.help_words import KIND_WORDS, asks_for_help

ROSTER = ROOT / "tests" / "data" / "roster_good.csv"
EXAMPLE = ROOT / "data" / "resources.example.csv"
SITI = "+6281220000002"  # KPM of kelompok Melati, whose pendamping is Rina
RINA = "+6281220000001"


def resource(**values: Any) -> dict[str, Any]:
    base = {"name": "Pelatihan", "offers": "Pelatihan usaha.", "kinds": "pelatihan"}
    return {**base, **values}


@pytest.fixture()
def session(db_url: str) -> Any:
    with session_scope(db_url) as s:
        yield s


def add(session: Session, **values: Any) -> int:
    return add_resource(session, resource(**values), by="test").id


# ---------------------------------------------------------------- kinds


def test_kind_tags_are_stored_canonical() -> None:
    assert normalize_kinds("pelatihan|PIRT") == ("pelatihan", "sertifikasi")
    assert normalize_kinds("sertifikasi/PIRT/halal") == ("sertifikasi",)
    assert normalize_kinds(["Modal", "KUR", "koperasi"]) == ("koperasi", "modal")
    with pytest.raises(UnknownKind):
        normalize_kinds("arisan")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("mau pelatihan/modal usaha kemana", {"pelatihan", "modal"}),
        ("ada pelatihan usaha di dekat sini?", {"pelatihan"}),
        ("pinjaman modal usaha dimana", {"modal"}),
        ("ngurus PIRT sareng sértifikat halal ka mana", {"sertifikasi"}),
        ("palatihan usaha di dieu aya teu", {"pelatihan"}),
        ("where can I get a business loan or training nearby", {"modal", "pelatihan"}),
        ("ada kopérasi caket dieu?", {"koperasi"}),
        ("mau ikut bazar", {"pemasaran"}),
        ("tempat bantuan usaha di sekitar sini", set()),
        ("usaha sy mau naik kelas", set()),
    ],
)
def test_the_kinds_she_asks_for_are_read_from_her_words(text: str, kinds: set[str]) -> None:
    assert kinds_in(text) == kinds


# ---------------------------------------------------------------- add, validate


def test_added_resource_comes_back_as_plain_values(session: Session) -> None:
    new = add_resource(
        session,
        resource(name="  KUR  mikro ", kinds=["kur", "modal"], kecamatan="Kiaracondong", contact="0812 3"),
        by="admin@dinsos",
    )
    assert new.name == "KUR mikro" and new.kinds == ("modal",) and new.active
    assert (new.created_by, new.updated_by) == ("admin@dinsos", "admin@dinsos")
    assert new.created_at.tzinfo is UTC and new.eligibility == "" and new.kota == ""
    assert get_resource(session, new.id) == new
    assert get_resource(session, new.id + 100) is None
    assert new.as_json()["kinds"] == ["modal"]


def test_bad_input_names_every_problem() -> None:
    with pytest.raises(ResourceError) as caught:
        validate({"name": " ", "kinds": "arisan", "colour": "red", "kota": "x" * 101})
    fields = [field for field, _ in caught.value.problems]
    assert sorted(fields) == ["colour", "kinds", "kota", "name", "offers"]
    with pytest.raises(ResourceError, match="paling sedikit satu jenis"):
        validate(resource(kinds=""))
    with pytest.raises(ResourceError, match="True atau False"):
        validate(resource(active="ya"))


@pytest.mark.parametrize("lang", ["su", "en"])
def test_problems_carry_a_text_to_translate_and_its_values(lang: str) -> None:
    with pytest.raises(ResourceError) as caught:
        validate({"name": "x" * 201, "offers": "", "kinds": "arisan"})
    details = {p.field: p for p in caught.value.details}
    assert details["name"].reason == "terlalu panjang (201 huruf, paling banyak 200)"
    assert details["name"].values == {"length": 201, "limit": 200}
    assert details["kinds"].reason == "jenis tidak dikenal: 'arisan'"
    assert caught.value.problems == [(p.field, p.reason) for p in caught.value.details]
    for problem in caught.value.details:
        translated = gettext(problem.text, lang)
        assert translated != problem.text and translated.format(**problem.values)


# ---------------------------------------------------------------- list and filters


@pytest.fixture()
def bandung(session: Session) -> dict[str, int]:
    """A small map: one per level of Kota Bandung, one elsewhere, one for the whole deployment."""
    return {
        "kelurahan": add(session, name="Koperasi RW", kinds="koperasi|modal", kelurahan="Kebon Jayanti",
                         kecamatan="Kiaracondong", kota="Bandung"),
        "kecamatan": add(session, name="Bazar kecamatan", kinds="pemasaran", kecamatan="Kec. Kiaracondong",
                         kota="Kota Bandung", offers="Lapak gratis di bazar."),
        "other_kecamatan": add(session, name="Kursus menjahit", kecamatan="Cicendo", kota="Bandung",
                               eligibility="Perempuan 18-50 tahun"),
        "kota": add(session, name="Dinas kota", kinds="pelatihan|pembinaan", kota="Bandung"),
        "other_kota": add(session, name="Pelatihan Cimahi", kota="Cimahi"),
        "kabupaten": add(session, name="Pelatihan kabupaten", kota="Kabupaten Bandung"),
        "everywhere": add(session, name="Sertifikat halal gratis", kinds="halal"),
    }  # fmt: skip


def names(resources: list[Any]) -> list[str]:
    return [r.name for r in resources]


def test_list_filters_by_kind_area_and_text(session: Session, bandung: dict[str, int]) -> None:
    assert len(list_resources(session)) == 7
    assert names(list_resources(session, kind="modal")) == ["Koperasi RW"]
    assert names(list_resources(session, kind="PIRT")) == ["Sertifikat halal gratis"]
    assert names(list_resources(session, kind=["koperasi", "pemasaran"])) == ["Bazar kecamatan", "Koperasi RW"]
    assert names(list_resources(session, kecamatan="kiaracondong")) == ["Bazar kecamatan", "Koperasi RW"]
    assert names(list_resources(session, kelurahan="Kel. Kebon Jayanti")) == ["Koperasi RW"]
    assert names(list_resources(session, kota="Kota Bandung", kind="pelatihan")) == ["Dinas kota", "Kursus menjahit"]
    assert names(list_resources(session, kota="Kab. Bandung")) == ["Pelatihan kabupaten"]
    assert names(list_resources(session, text="LAPAK")) == ["Bazar kecamatan"]
    assert names(list_resources(session, text="perempuan", kota="Bandung")) == ["Kursus menjahit"]
    with pytest.raises(UnknownKind):
        list_resources(session, kind="arisan")


def test_inactive_resources_are_hidden_but_kept(session: Session, bandung: dict[str, int]) -> None:
    edit = deactivate_resource(session, bandung["kota"], by="admin")
    assert edit.before.active and not edit.after.active and edit.changed == ("active",)
    assert "Dinas kota" not in names(list_resources(session))
    assert "Dinas kota" not in names(near(session, Area(kota="Bandung")))
    assert "Dinas kota" in names(list_resources(session, include_inactive=True))
    back = edit_resource(session, bandung["kota"], {"active": True}, by="admin")
    assert back.after.active and "Dinas kota" in names(near(session, Area(kota="Bandung")))


# ---------------------------------------------------------------- edit


def test_edit_returns_before_and_after_for_the_audit(session: Session, bandung: dict[str, int]) -> None:
    before = get_resource(session, bandung["kota"])
    assert before is not None
    edit = edit_resource(
        session, bandung["kota"], {"contact": "022 000", "kinds": "training|modal", "name": "Dinas kota"}, by="rina"
    )
    assert edit.before == before
    assert edit.changed == ("contact", "kinds")  # the name was given but is the same
    assert (edit.after.contact, edit.after.kinds) == ("022 000", ("modal", "pelatihan"))
    assert edit.after.updated_by == "rina" and edit.after.created_by == "test"
    assert edit.after.created_at == before.created_at
    assert get_resource(session, bandung["kota"]) == edit.after
    same = edit_resource(session, bandung["kota"], {"contact": "022 000"}, by="someone")
    assert same.changed == () and same.after == same.before and same.after.updated_by == "rina"


def test_edit_refuses_bad_values_and_unknown_ids(session: Session, bandung: dict[str, int]) -> None:
    with pytest.raises(ResourceError):
        edit_resource(session, bandung["kota"], {"name": ""}, by="x")
    with pytest.raises(ResourceError):
        edit_resource(session, bandung["kota"], {"id": 5}, by="x")
    with pytest.raises(ResourceNotFound):
        edit_resource(session, 9999, {"name": "x"}, by="x")
    with pytest.raises(ResourceNotFound):
        deactivate_resource(session, 9999, by="x")
    assert get_resource(session, bandung["kota"]).name == "Dinas kota"  # type: ignore[union-attr]


# ---------------------------------------------------------------- area matching


def test_place_names_compare_without_prefixes_or_case() -> None:
    assert normalize_place("kecamatan", " Kec.  Kiaracondong") == "kiaracondong"
    assert normalize_place("kota", "KOTA Bandung") == normalize_place("kota", "bandung") == "bandung"
    assert normalize_place("kota", "Kab. Bandung") == normalize_place("kota", "Kabupaten Bandung") != "bandung"
    assert normalize_place("kelurahan", "Kel. Kebon Jayanti") == "kebon jayanti"


def test_closeness_counts_shared_levels_and_excludes_other_places() -> None:
    her = Area(kecamatan="Kiaracondong", kota="Bandung")
    assert closeness(her, Area("Kebon Jayanti", "Kiaracondong", "Bandung")) == 2
    assert closeness(her, Area(kecamatan="Kiaracondong")) == 1
    assert closeness(her, Area(kota="Kota Bandung")) == 1
    assert closeness(her, Area()) == 0
    assert closeness(her, Area(kecamatan="Cicendo", kota="Bandung")) is None
    assert closeness(her, Area(kota="Cimahi")) is None
    assert closeness(Area(), Area(kecamatan="Cicendo", kota="Cimahi")) == 0


def test_near_lists_her_area_nearest_first(session: Session, bandung: dict[str, int]) -> None:
    kiaracondong = Area(kecamatan="Kiaracondong", kota="Bandung")
    assert names(near(session, kiaracondong)) == [
        "Bazar kecamatan",  # kecamatan and city
        "Koperasi RW",  # its kelurahan is not known of her: kecamatan and city
        "Dinas kota",  # the city
        "Sertifikat halal gratis",  # the whole deployment
    ]
    assert names(near(session, Area("Kebon Jayanti", "Kiaracondong", "Bandung")))[0] == "Koperasi RW"
    assert names(near(session, kiaracondong, {"pelatihan"})) == ["Dinas kota"]
    assert names(near(session, kiaracondong, {"pelatihan", "modal"})) == ["Koperasi RW", "Dinas kota"]
    assert names(near(session, Area(kota="Cimahi"))) == ["Pelatihan Cimahi", "Sertifikat halal gratis"]


def test_unknown_area_falls_back_to_every_active_resource(session: Session, bandung: dict[str, int]) -> None:
    assert len(near(session, Area())) == 7
    deactivate_resource(session, bandung["other_kota"], by="x")
    assert "Pelatihan Cimahi" not in names(near(session, Area()))


def test_her_area_comes_from_the_roster_when_it_has_one(session: Session) -> None:
    assert import_roster(session, ROSTER.read_bytes()).ok
    # The roster has no area columns yet: no area, so every resource is near.
    assert area_of(session, SITI) == Area() and not area_of(session, SITI).known
    assert area_of(session, RINA) == Area()
    assert area_of(session, "+6289999999999") == Area()
    # Migration 0010 adds pendamping.kecamatan/kota; any such attribute is read by name.
    rina = session.scalar(select(Pendamping).where(Pendamping.phone == RINA))
    assert rina is not None
    rina.kecamatan, rina.kota = "Kiaracondong", " Kota  Bandung "  # type: ignore[attr-defined]
    assert area_of(session, SITI) == Area(kecamatan="Kiaracondong", kota="Kota Bandung")
    assert area_of(session, RINA) == Area(kecamatan="Kiaracondong", kota="Kota Bandung")
    assert area_of(session, SITI).label() == "Kiaracondong, Kota Bandung"
    # A kelompok's own area (if the roster ever has one) is more local than its pendamping's.
    siti = session.scalar(select(Kpm).where(Kpm.phone == SITI))
    assert siti is not None
    siti.kelompok.kelurahan = "Kebon Jayanti"  # type: ignore[attr-defined]
    assert area_of(session, SITI) == Area("Kebon Jayanti", "Kiaracondong", "Kota Bandung")


# ---------------------------------------------------------------- the chat answer


def answer_text(session: Session, who: Identity, text: str) -> str:
    (say,) = chat.answer(session, who, text).says
    return render(say.response, who, **say.values)


KPM = Identity(SITI, "kpm", "Siti", ["Melati"], "id")


def test_answer_lists_active_resources_of_the_kinds_she_asks(session: Session, bandung: dict[str, int]) -> None:
    text = answer_text(session, KPM, "mau pelatihan usaha kemana bu")
    assert "Tempat pelatihan yang kami catat, Ibu Siti" in text
    assert "*1. Dinas kota*" in text and "Kursus menjahit" in text and "Pelatihan Cimahi" in text
    assert "Koperasi RW" not in text
    assert "👩 Untuk: Perempuan 18-50 tahun" in text and "🏠 Alamat: Cicendo, Bandung" in text
    assert "tanyakan dulu ke pendamping" in text
    deactivate_resource(session, bandung["other_kecamatan"], by="x")
    assert "Kursus menjahit" not in answer_text(session, KPM, "mau pelatihan usaha kemana bu")


def test_answer_uses_her_area_when_the_roster_knows_it(session: Session, bandung: dict[str, int]) -> None:
    assert import_roster(session, ROSTER.read_bytes()).ok
    rina = session.scalar(select(Pendamping).where(Pendamping.phone == RINA))
    rina.kecamatan, rina.kota = "Kiaracondong", "Bandung"  # type: ignore[union-attr]
    text = answer_text(session, KPM, "ada pelatihan usaha di dekat sini?")
    assert "untuk daerah Kiaracondong, Bandung" in text
    assert "Dinas kota" in text and "Kursus menjahit" not in text and "Pelatihan Cimahi" not in text


def test_nothing_found_is_a_kind_answer_pointing_to_the_pendamping(session: Session) -> None:
    add(session, name="Pelatihan Cimahi", kota="Cimahi", active=False)
    text = answer_text(session, KPM, "pinjaman modal usaha dimana")
    assert "belum punya catatan tempat modal usaha" in text and "Tanyakan ke pendamping PKH" in text
    rina = Identity(RINA, "pendamping", "Rina", ["Melati"], "id")
    assert "minta admin menambahkan" in answer_text(session, rina, "pinjaman modal usaha dimana")


def test_a_long_list_is_cut_and_counted(session: Session) -> None:
    for i in range(8):
        add(session, name=f"Pelatihan {i}")
    text = answer_text(session, KPM, "pelatihan dimana")
    assert "*5. Pelatihan 4*" in text and "Pelatihan 5" not in text and "dan 3 tempat lain" in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("su", ["Tempat palatihan anu kacatet", "👩 Kanggo:"]), ("en", ["Places for training", "👩 Who can apply:"])],
)
def test_answer_in_her_language(session: Session, bandung: dict[str, int], lang: str, expected: list[str]) -> None:
    text = answer_text(session, Identity(SITI, "kpm", "Siti", ["Melati"], lang), "training")
    assert all(e in text for e in expected), text


# ---------------------------------------------------------------- CSV


def test_example_file_imports_and_reimport_changes_nothing(session: Session) -> None:
    first = import_resources(session, EXAMPLE.read_bytes(), by="cli")
    assert first.ok and first.created == len(first.rows) == first.examples >= 5
    assert all(r.name.startswith("[CONTOH]") for r in list_resources(session))
    assert all("bukan" in r.contact for r in list_resources(session)), "example contacts say they are not real"
    again = import_resources(session, EXAMPLE.read_bytes(), by="cli")
    assert again.ok and (again.created, again.updated) == (0, 0)


def test_export_imports_back_unchanged_and_updates_by_name_and_area(session: Session) -> None:
    import_resources(session, EXAMPLE.read_bytes(), by="cli")
    first = list_resources(session)[0]
    deactivate_resource(session, first.id, by="admin")
    exported = to_csv(list_resources(session, include_inactive=True))
    assert ",tidak\n" in exported
    again = import_resources(session, exported.encode(), by="cli")
    assert again.ok and (again.created, again.updated) == (0, 0)
    edited = exported.replace(",tidak\n", ",ya\n").encode()
    result = import_resources(session, edited, by="cli 2")
    assert (result.created, result.updated) == (0, 1)
    assert get_resource(session, first.id).active  # type: ignore[union-attr]
    assert session.scalar(select(LocalResource).where(LocalResource.id == first.id)).updated_by == "cli 2"  # type: ignore[union-attr]


def test_bad_rows_are_each_named_and_nothing_is_written(session: Session) -> None:
    data = (
        "# a comment line\n"
        "nama;menawarkan;jenis;kecamatan;aktif\n"
        "Koperasi;Simpan pinjam;koperasi;Kiaracondong;ya\n"
        ";Tanpa nama;pelatihan;;\n"
        "Arisan;Kocokan;arisan;;ya\n"
        "Bazar;Lapak;pemasaran;;mungkin\n"
        "koperasi;Lagi;koperasi;Kec. Kiaracondong;\n"
        "Kurang;kolom\n"
    ).encode("utf-8-sig")
    result = import_resources(session, data, by="cli")
    assert not result.ok
    lines = dict(result.errors)
    assert sorted(lines) == [4, 5, 6, 7, 8]
    assert "nama wajib diisi" in lines[4]
    assert "jenis tidak dikenal: 'arisan'" in lines[5]
    assert "aktif harus ya atau tidak" in lines[6]
    assert "sama dengan baris 3" in lines[7]
    assert "jumlah kolom" in lines[8]
    assert list_resources(session, include_inactive=True) == []


def test_wrong_header_and_empty_file_are_explained() -> None:
    assert parse_resources(b"").errors == [(1, "file kosong")]
    assert parse_resources(b"# only a comment\n").errors == [(1, "file kosong")]
    ((line, reason),) = parse_resources(b"name,offers\nx,y\n").errors
    assert line == 1 and "kolom tidak ada" in reason and "menawarkan" in reason
    ((_, reason),) = parse_resources(b"nama,menawarkan,jenis,warna\n").errors
    assert "kolom tidak dikenal: warna" in reason


def test_cli_import_and_export(settings: Settings, tmp_path: Path) -> None:
    runner = create_app(settings).test_cli_runner()
    bad = tmp_path / "bad.csv"
    bad.write_text("nama,menawarkan,jenis\nX,,pelatihan\n")
    result = runner.invoke(args=["resources", "import", str(bad)])
    assert result.exit_code == 1 and "line 2:" in result.output and "Nothing imported" in result.output
    result = runner.invoke(args=["resources", "import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Imported 6 rows: 6 new, 0 updated, 0 same." in result.output
    assert "are examples ([CONTOH], not real contacts)" in result.output
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["resources", "export", "--out", str(out)])
    assert result.exit_code == 0 and "6 resources written" in result.output
    assert out.read_text().startswith("nama,menawarkan,jenis,syarat,kontak,alamat,kelurahan,kecamatan,kota,aktif\n")
    with session_scope(settings.database_url) as session:
        assert len(list_resources(session)) == 6
        assert all(r.created_by == "cli import resources.example.csv" for r in list_resources(session))


def test_timestamps_follow_the_clock(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    at = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    monkeypatch.setattr("bot.resources.service.utcnow", lambda: at)
    new = add_resource(session, resource(), by="x")
    assert new.created_at == new.updated_at == at


# ---------------------------------------------------------------- the words shared with the Rasa rule


def test_every_kind_she_can_ask_for_is_a_tag() -> None:
    assert set(KIND_WORDS) <= set(KINDS)


def test_training_examples_agree_with_the_rule_that_keeps_the_intent() -> None:
    """ResourceNeedsAHelpWord (nlu/overrides.py) keeps ask_local_resource only for a message naming
    help for a business: every example of the intent must, and its where-question negatives must not."""
    data = yaml.safe_load((ROOT / "data" / "nlu" / "resources.yml").read_text())
    by_intent = {b["intent"]: [t.strip()[2:] for t in b["examples"].splitlines() if t.strip()] for b in data["nlu"]}
    assert [t for t in by_intent["ask_local_resource"] if not asks_for_help(t)] == []
    assert [t for t in by_intent["out_of_scope"] if asks_for_help(t)] == []
    assert not asks_for_help("mau cari kerja dimana ya") and asks_for_help("tempat bantuan usaha di sekitar sini")
