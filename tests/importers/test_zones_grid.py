"""grid-zones: country ids are ISO2 from three spellings, sub-national zones know their country."""

from __future__ import annotations

from pathlib import Path

import pytest
from _grid_fixtures import records, run, validate_with_zones


def test_zone_files(tmp_path: Path) -> None:
    files = run("grid-zones", tmp_path)
    countries = sorted(Path(p).stem for p in files if p.startswith("zones/country/"))
    # FR/NO/KY/NA from OWID ISO3, XK from OWID_KOS, DK/GB/US from Electricity Maps, CY from IFI;
    # ATL (no ISO2 known), XX (placeholder) and uncoded IFI rows are not zones.
    assert countries == ["CY", "DK", "FR", "GB", "KY", "NA", "NO", "US", "XK"]
    assert sorted(Path(p).stem for p in files if p.startswith("zones/subnational/")) == [
        "DK-DK1",
        "GB-NIR",
        "NO-NO1",
        "US-CAL-CISO",
    ]
    assert list(files).count("zones/aggregate/WORLD.yaml") == 1
    ciso = records(tmp_path / "zones/subnational/US-CAL-CISO.yaml", "zones")["US-CAL-CISO"]
    assert ciso == {"id": "US-CAL-CISO", "name": "CAISO", "type": "subnational", "parent": "US"}
    # OWID's name wins over Electricity Maps' and co2.js's; Norway's id is quoted for YAML.
    assert records(tmp_path / "zones/country/KY.yaml", "zones")["KY"]["name"] == "Cayman Islands"
    assert b"id: 'NO'" in files["zones/country/NO.yaml"]
    assert files["zones/country/NO.yaml"].startswith(b"# Written by importer 'grid-zones' from:")


def test_stale_zone_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / "zones/country/ZZ.yaml"
    stale.parent.mkdir(parents=True)
    stale.write_text("# generated: do not edit by hand\nzones: []\n", encoding="utf-8")
    hand = tmp_path / "zones/country/hand-written.yaml"
    hand.write_text("zones: []\n", encoding="utf-8")
    run("grid-zones", tmp_path)
    assert not stale.exists()
    assert hand.exists()


def test_output_validates(tmp_path: Path) -> None:
    assert validate_with_zones(tmp_path) == []


def test_an_isolated_grid_carries_its_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Audit 2026-12-06 class A: the zone record says why its country's value never stands
    # for it (the list itself is hand-written facts in _isolated_grids).
    from carbonfactors_pipeline.importers import _isolated_grids, zones_grid

    assert "NZ-NZC" in _isolated_grids.ISOLATED and "US-CAL-CISO" not in _isolated_grids.ISOLATED
    monkeypatch.setattr(zones_grid, "ISOLATED", frozenset({"GB-NIR", "GB"}))
    run("grid-zones", tmp_path)
    nir = records(tmp_path / "zones/subnational/GB-NIR.yaml", "zones")["GB-NIR"]
    assert nir["isolated"] == _isolated_grids.EVIDENCE
    # only sub-national grids: a country has no wider area to fall back to
    assert "isolated" not in records(tmp_path / "zones/country/GB.yaml", "zones")["GB"]
    ciso = records(tmp_path / "zones/subnational/US-CAL-CISO.yaml", "zones")["US-CAL-CISO"]
    assert "isolated" not in ciso
    assert validate_with_zones(tmp_path) == []


def test_a_country_inside_a_neighbours_grid_maps_to_it_with_its_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Audit 2026-12-06 seed 1796563618 class R: San Marino and Monaco have no series of their
    # own; the IFI factors give each its neighbour's row, so they draw on that grid.
    from carbonfactors_pipeline.importers import _host_grids, zones_grid

    assert _host_grids.HOST_GRIDS["SM"][0] == "IT" and _host_grids.HOST_GRIDS["MC"][0] == "FR"
    monkeypatch.setattr(zones_grid, "HOST_GRIDS", {"NO": ("FR", "a test: NO draws on FR")})
    run("grid-zones", tmp_path)
    no = records(tmp_path / "zones/country/NO.yaml", "zones")["NO"]
    assert (no["grid_zone"], no["mapping_source"]) == ("FR", "host-grid-evidence")
    assert no["mapping_evidence"] == "a test: NO draws on FR"
    assert "grid_zone" not in records(tmp_path / "zones/country/FR.yaml", "zones")["FR"]
    assert validate_with_zones(tmp_path) == []


def test_a_country_maps_to_a_grid_zone_only_with_evidence() -> None:
    from marshmallow import ValidationError

    from carbonfactors_pipeline.fileschemas import ZoneSchema

    bare = {"id": "SM", "name": "San Marino", "type": "country", "grid_zone": "IT"}
    with pytest.raises(ValidationError, match="only with its evidence"):
        ZoneSchema().load(bare)
    cited = {**bare, "mapping_source": "host-grid-evidence", "mapping_evidence": "row"}
    assert ZoneSchema().load(cited)["grid_zone"] == "IT"


def test_a_grid_fed_from_outside_its_parent_carries_its_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Audit 1796636393 a-M1: Crimea's only interconnector leads to Russia's grid; the zone
    # record refuses Ukraine's value (the facts are hand-written in _foreign_linked_grids).
    from carbonfactors_pipeline.importers import zones_grid

    monkeypatch.setattr(zones_grid, "NOT_FED_BY_PARENT", {"GB-NIR": (2015, "fed from IE")})
    run("grid-zones", tmp_path)
    nir = records(tmp_path / "zones/subnational/GB-NIR.yaml", "zones")["GB-NIR"]
    assert nir["isolated"] == "fed from IE"
    # w15: the year the parent link ended travels with it (rules generation 12)
    assert nir["isolated_since"] == 2015
    assert validate_with_zones(tmp_path) == []
