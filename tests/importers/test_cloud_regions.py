"""cloud_regions: region lists of five tools merged, one grid zone per region by a fixed rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from _cloud_pue_helpers import FIXTURES, problems, records, run_twice

UPSTREAM = FIXTURES / "cloud_regions"


def _zone(root: Path, provider: str, region: str) -> dict[str, object]:
    path = root / "zones" / "cloud" / provider / f"{region}.yaml"
    return records(path, "zones")[f"{provider}:{region}"]


def test_mapping_rule_and_fallbacks(tmp_path: Path) -> None:
    files = run_twice("cloud-regions", UPSTREAM, tmp_path)
    aws = _zone(tmp_path, "aws", "us-east-1")
    assert aws["grid_zone"] == "US-MIDA-PJM" and aws["parent"] == "US"
    # Electricity Maps' list (AGPL) only lists regions: the zone is CCF's (Apache-2.0).
    assert aws["mapping_source"] == "ccf-region-mapping"
    assert aws["operator"] == "aws" and aws["aliases"] == ["US East (N. Virginia)"]
    # Electricity Maps' choice (SWPP) is never used; CCF's MISO is (not a zone of the
    # fixture's zone list, so its country).
    gcp = _zone(tmp_path, "gcp", "us-central1")
    assert (gcp["grid_zone"], gcp["mapping_source"]) == ("US", "ccf-region-mapping")
    assert gcp["location"] == "Iowa"
    # CCF has null and Boavizta's (AGPL) country is not used: ML CO2 Impact's country is.
    cn = _zone(tmp_path, "aws", "cn-north-1")
    assert (cn["grid_zone"], cn["mapping_source"]) == ("CN", "mlco2-impact")
    # A region only AGPL tables map has no mapping without a hand-written entry: left out.
    assert "zones/cloud/azure/chilecentral.yaml" not in files
    # Google's file alone names us-east2 (Georgia, US).
    assert _zone(tmp_path, "gcp", "us-east2")["mapping_source"] == "google-region-carbon"
    # Azure display names become aliases; EUAP locations follow their physical region.
    assert _zone(tmp_path, "azure", "westeurope")["aliases"] == ["West Europe"]
    euap = _zone(tmp_path, "azure", "eastus2euap")
    assert euap["grid_zone"] == "US-MIDA-PJM" and "EUAP location of eastus2" in str(euap["name"])
    # OVHcloud ids are OVHcloud's; ML CO2 Impact's country gives the zone of Gravelines.
    gra = _zone(tmp_path, "ovh", "eu-west-gra")
    assert gra["grid_zone"] == "FR" and gra["aliases"] == ["fr-gravelines", "gra"]
    ali = _zone(tmp_path, "alibaba", "cn-hangzhou")
    assert ali["grid_zone"] == "CN" and ali["aliases"] == ["华东1（杭州）"]
    names = set(files)
    # Left out: CCF-only geography names, sovereign regions, unknown zones, non-cloud DCs.
    for absent in (
        "azure/unitedstates.yaml",
        "azure/germanycentral.yaml",
        "azure/eastusstage.yaml",
        "aws/ap-southeast-9.yaml",
        "aws/Unknown.yaml",
    ):
        assert f"zones/cloud/{absent}" not in names
    assert not any("hlrs" in n for n in names)
    assert "zones/cloud/coreweave/LGA1.yaml" in names


def test_output_validates(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    run_twice("cloud-regions", UPSTREAM, root)
    zones = ["US", "CN", "CL", "NL", "FR", "IE", "CH", "US-MIDA-PJM", "US-CENT-SWPP"]
    operators = ["aws", "google", "microsoft", "ovhcloud", "alibaba", "scaleway", "coreweave"]
    assert problems(root, zones, operators) == []


def test_hand_written_evidence_wins_and_every_region_says_why(tmp_path: Path) -> None:
    (tmp_path / "region-mappings.yaml").write_text(
        """\
cloud_regions:
- id: gcp:us-central1
  grid_zone: US-MIDA-PJM
  location: Somewhere, Iowa
  served_by: A utility
  evidence: A page says so.
  urls: [https://example.org/a]
  judgement: true
""",
        encoding="utf-8",
    )
    run_twice("cloud-regions", UPSTREAM, tmp_path)
    gcp = _zone(tmp_path, "gcp", "us-central1")
    assert (gcp["grid_zone"], gcp["mapping_source"], gcp["mapping_judgement"]) == (
        "US-MIDA-PJM",
        "region-mapping-evidence",
        True,
    )
    assert gcp["location"] == "Somewhere, Iowa"
    assert "served by A utility" in str(gcp["mapping_evidence"])
    assert "https://example.org/a" in str(gcp["mapping_evidence"])
    aws = _zone(tmp_path, "aws", "us-east-1")
    assert "Cloud Carbon Footprint's region table" in str(aws["mapping_evidence"])
    assert "mapping_judgement" not in aws


def test_a_region_no_upstream_lists_comes_from_its_entry(tmp_path: Path) -> None:
    """Oracle's regions (named by FOCUS bills) are in no upstream list: a hand-written entry
    alone writes the zone, with its evidence; a provider we do not know writes nothing."""
    (tmp_path / "region-mappings.yaml").write_text(
        """\
cloud_regions:
- id: oci:us-sanjose-1
  grid_zone: US-MIDA-PJM
  location: San Jose, California
  served_by: A utility
  evidence: A page says so.
  urls: [https://example.org/a]
  judgement: true
- id: nosuchcloud:r1
  grid_zone: US
  location: Somewhere
  served_by: A utility
  evidence: A page says so.
  urls: [https://example.org/b]
  judgement: false
""",
        encoding="utf-8",
    )
    files = run_twice("cloud-regions", UPSTREAM, tmp_path)
    oci = _zone(tmp_path, "oci", "us-sanjose-1")
    assert (oci["grid_zone"], oci["parent"], oci["operator"]) == ("US-MIDA-PJM", "US", "oracle")
    assert oci["mapping_source"] == "region-mapping-evidence"
    assert "https://example.org/a" in str(oci["mapping_evidence"])
    assert not [f for f in files if "nosuchcloud" in f]


def test_every_shipped_cloud_region_cites_hand_written_evidence() -> None:
    """Issue 19 item 4 / issue 20 class 5: no shipped mapping rests on an upstream (AGPL)
    table; each cites the facility's location and the grid serving it."""
    import yaml

    root = Path(__file__).resolve().parents[2] / "factors"
    hand = yaml.safe_load((root / "region-mappings.yaml").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in hand["cloud_regions"]}
    shipped = {}
    for path in sorted((root / "zones" / "cloud").glob("*/*.yaml")):
        for z in yaml.safe_load(path.read_text(encoding="utf-8"))["zones"]:
            shipped[z["id"]] = z
    assert len(shipped) > 150
    for zid, z in shipped.items():
        assert z["mapping_source"] == "region-mapping-evidence", zid
        assert zid in entries, zid
        assert z["grid_zone"] == entries[zid]["grid_zone"], zid
        assert entries[zid]["urls"] and entries[zid]["evidence"], zid
        assert "electricitymaps" not in " ".join(entries[zid]["urls"]), zid
    # The three cases the audit named.
    assert shipped["gcp:us-central1"]["grid_zone"] == "US-MIDW-MISO"
    assert shipped["ovh:us-west-hil"]["grid_zone"] == "US-NW-PGE"
    assert shipped["aws:us-gov-west-1"]["grid_zone"] != "US-NW-PACW"


def test_an_entry_names_the_operators_site_for_the_regions_pue(tmp_path: Path) -> None:
    """Audit 1796558261 class P: an Azure region in a Microsoft PUE geography resolves its
    PUE through that geography (``pue_operator``), with the evidence on the zone; a
    ``pue_operator`` without evidence is refused."""
    entry = """\
cloud_regions:
- id: gcp:us-central1
  grid_zone: US-MIDA-PJM
  location: Somewhere, Iowa
  served_by: A utility
  evidence: A page says so.
  urls: [https://example.org/a]
  judgement: true
  pue_operator: google:somewhere
"""
    (tmp_path / "region-mappings.yaml").write_text(
        entry + "  pue_evidence: The operator's page gives this site's PUE.\n", encoding="utf-8"
    )
    run_twice("cloud-regions", UPSTREAM, tmp_path)
    gcp = _zone(tmp_path, "gcp", "us-central1")
    assert gcp["operator"] == "google:somewhere"
    assert str(gcp["mapping_evidence"]).endswith(" PUE: The operator's page gives this site's PUE.")
    assert _zone(tmp_path, "aws", "us-east-1")["operator"] == "aws"
    (tmp_path / "region-mappings.yaml").write_text(entry, encoding="utf-8")
    with pytest.raises(ValueError, match="pue_operator without pue_evidence"):
        run_twice("cloud-regions", UPSTREAM, tmp_path)
