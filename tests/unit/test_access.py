"""Who sees what on the dashboard (bot/roster/access.py), on the dashboard roster fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.roster import access
from bot.roster.importer import import_roster
from bot.roster.models import Kpm, Pendamping

DATA = Path(__file__).parent.parent / "data"
RATNA, WULAN, SRI, YENI = "+6281340000001", "+6281340000002", "+6281340000003", "+6281340000004"
LILIS, NENENG = "+6281340000011", "+6281340000021"


@pytest.fixture()
def roster(db_url: str) -> str:
    with session_scope(db_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), date(2026, 12, 1)).ok
    return db_url


def kpm_id(session, phone: str) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(Kpm.id).where(Kpm.phone == phone))


def viewer(session, phone: str) -> access.Viewer:  # type: ignore[no-untyped-def]
    found = access.viewer_for_phone(session, phone)
    assert found is not None
    return found


def test_only_pendamping_and_koordinator_are_viewers(roster: str) -> None:
    with session_scope(roster) as session:
        assert access.viewer_for_phone(session, LILIS) is None  # a KPM
        assert access.viewer_for_phone(session, "+6289999999999") is None
        ratna = viewer(session, RATNA)
        assert (ratna.role, ratna.name, ratna.can_edit) == ("pendamping", "Ratna Sari", True)
        sri = viewer(session, SRI)
        assert (sri.role, sri.can_edit) == ("koordinator", False)
        assert access.viewer_for_key(session, ratna.key) == ratna
        assert access.viewer_for_key(session, sri.key) == sri
        for bogus in ("", "pendamping:", "pendamping:x", "kpm:1", "koordinator:999"):
            assert access.viewer_for_key(session, bogus) is None


def test_a_pendamping_sees_her_own_kelompok_and_never_another_pendampings_kpm(roster: str) -> None:
    with session_scope(roster) as session:
        ratna = viewer(session, RATNA)
        assert [k.name for k in access.kelompok_in_view(session, ratna)] == ["Kembang Sepatu", "Nusa Indah"]
        assert access.kpm_for(session, ratna, kpm_id(session, LILIS)).name == "Lilis Suryani"
        assert access.kpm_to_edit(session, ratna, kpm_id(session, LILIS)).name == "Lilis Suryani"
        with pytest.raises(access.Denied):
            access.kpm_for(session, ratna, kpm_id(session, NENENG))
        wulan = viewer(session, WULAN)
        with pytest.raises(access.Denied):
            access.pendamping_for(session, ratna, wulan.id)
        with pytest.raises(access.Denied):
            access.kelompok_for(session, ratna, access.kelompok_in_view(session, wulan)[0].id)
        with pytest.raises(access.NotFound):
            access.kpm_for(session, ratna, 999_999)


def test_a_koordinator_sees_her_area_read_only(roster: str) -> None:
    with session_scope(roster) as session:
        sri = viewer(session, SRI)  # kecamatan Cibeunying Kaler in Bandung: Ratna only
        assert [p.name for p in access.pendamping_in_view(session, sri)] == ["Ratna Sari"]
        assert access.kpm_for(session, sri, kpm_id(session, LILIS)).name == "Lilis Suryani"
        with pytest.raises(access.Denied):
            access.kpm_for(session, sri, kpm_id(session, NENENG))
        with pytest.raises(access.Denied):
            access.kpm_to_edit(session, sri, kpm_id(session, LILIS))
        yeni = viewer(session, YENI)  # all of Bandung
        assert [p.name for p in access.pendamping_in_view(session, yeni)] == ["Ratna Sari", "Wulan Purnama"]
        assert access.kpm_for(session, yeni, kpm_id(session, NENENG)).name == "Neneng Hasanah"


def test_areas_match_without_regard_to_case_or_spaces(roster: str) -> None:
    with session_scope(roster) as session:
        wulan = session.scalar(select(Pendamping).where(Pendamping.phone == WULAN))
        assert wulan is not None
        wulan.kota, wulan.kecamatan = " bandung", "CIBEUNYING KALER "
    with session_scope(roster) as session:
        names = [p.name for p in access.pendamping_in_view(session, viewer(session, SRI))]
        assert names == ["Ratna Sari", "Wulan Purnama"]
