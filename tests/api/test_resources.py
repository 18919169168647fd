"""Each resource answers with the cited fixture values (tests/fixtures/factors)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ROOT, ContractClient

RELEASES = ROOT / "tests" / "fixtures" / "factors" / "releases"


def _all_pages(api: ContractClient, url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    sep = "&" if "?" in url else "?"
    cursor = None
    while True:
        r = api.get(url + (f"{sep}cursor={cursor}" if cursor else ""))
        assert r.status_code == 200, r.get_json()
        body = r.get_json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_health(api: ContractClient) -> None:
    body = api.get("/v1/health").get_json()
    assert body == {
        "status": "ok",
        "dataset_version": "2026.02",
        "bundle": "full",
        "bundle_sha256": body["bundle_sha256"],
        "latest": "2026.02",
        "versions": 3,
    }


def test_factor_by_id_with_source_and_license(api: ContractClient) -> None:
    r = api.get("/v1/factors/grid_intensity:FR:2023:ember-owid")
    body = r.get_json()
    assert body["dataset_version"] == "2026.02"
    assert body["factor"]["value"] == 55.27541
    assert body["factor"]["license"] == "CC-BY-4.0"
    assert body["source"]["id"] == "ember-owid"
    assert r.headers["X-Dataset-Version"] == "2026.02"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "kind=pue&subject=industry",
            {f"pue:industry:{y}:uptime-survey" for y in range(2020, 2025)},
        ),
        ("zone=FR", {f"grid_intensity:FR:{y}:ember-owid" for y in range(2021, 2025)}),
        (
            "year=2025&kind=pue",
            {
                "pue:google:council-bluffs-iowa:2025:google-efficiency",
                "pue:google:st-ghislain-belgium:2025:google-efficiency",
            },
        ),
        (
            "source=ccf-constants&basis=service",
            {
                "lifetime:category:server:2024:ccf-constants",
                "lifetime:category:cloud_instance:2024:ccf-constants",
            },
        ),
        ("license=ODbL 1.0&kind=embodied", {"embodied:dell-poweredge-r740:2019:boavizta-pcf"}),
        ("q=teads&basis=idle", {"power:aws:p4d.24xlarge:2021:ccf-coefficients:idle"}),
        ("q=100%25", {"power:aws:p4d.24xlarge:2021:ccf-coefficients:load-100"}),
        ("q=1_0", set()),  # LIKE wildcards are matched literally
    ],
)
def test_factor_filters(api: ContractClient, query: str, expected: set[str]) -> None:
    items = _all_pages(api, f"/v1/factors?{query}")
    assert {f["id"] for f in items} == expected


def test_license_filter_covers_the_whole_dataset(api: ContractClient) -> None:
    every = _all_pages(api, "/v1/factors?limit=1000")
    licenses = {f["license"] for f in every}
    by_license = [f for lic in licenses for f in _all_pages(api, f"/v1/factors?license={lic}")]
    assert sorted(f["id"] for f in by_license) == sorted(f["id"] for f in every)


def test_pagination_is_complete_and_ordered(api: ContractClient) -> None:
    whole = api.get("/v1/factors?limit=1000").get_json()["items"]
    paged = _all_pages(api, "/v1/factors?limit=7")
    assert [f["id"] for f in paged] == [f["id"] for f in whole]
    assert [f["id"] for f in whole] == sorted(f["id"] for f in whole)


def test_zone_filters(api: ContractClient) -> None:
    ids = lambda q: {z["id"] for z in _all_pages(api, f"/v1/zones?{q}")}  # noqa: E731
    assert ids("type=subnational") == {"US-MIDA-PJM"}
    assert ids("type=cloud_region&provider=aws") == {"aws:eu-west-3", "aws:us-east-1"}
    assert ids("type=country") == {"BE", "DE", "FR", "US"}
    assert ids("parent=US") == {"US-MIDA-PJM", "aws:us-east-1"}
    assert ids("q=paris") == {"aws:eu-west-3"}


def test_zone_detail_has_mapping_and_years(api: ContractClient) -> None:
    body = api.get("/v1/zones/aws:us-east-1").get_json()
    assert body["zone"]["grid_zone"] == "US-MIDA-PJM"
    assert body["grid_zone"]["type"] == "subnational"
    assert body["parent"]["id"] == "US"
    assert body["mapping_source"]["license"] == "AGPL-3.0-only"
    assert body["resolution_chain"] == ["aws:us-east-1", "US-MIDA-PJM", "US"]
    assert body["years_available"] == []
    assert body["resolvable_years"] == {"lifecycle": [2022, 2023, 2024]}
    pjm = api.get("/v1/zones/US-MIDA-PJM").get_json()
    assert pjm["years_available"] == [2022, 2023, 2024]
    assert pjm["children"] == ["aws:us-east-1"]


def test_zone_by_messy_name(api: ContractClient) -> None:
    assert api.get("/v1/zones/france").get_json()["zone"]["id"] == "FR"
    assert api.get("/v1/zones/GCP:EUROPE-WEST1").get_json()["zone"]["id"] == "gcp:europe-west1"


def test_grid_intensity_resolution_and_trail(api: ContractClient) -> None:
    body = api.get("/v1/zones/gcp:europe-west1/grid-intensity?year=2023").get_json()
    assert (body["resolved_zone"], body["resolved_year"], body["value"]) == ("BE", 2023, 134.91486)
    assert body["source"]["id"] == "ember-owid"
    assert any("grid zone" in step for step in body["trail"])
    own = api.get("/v1/zones/gcp:europe-west1/grid-intensity?year=2023&basis=direct").get_json()
    assert (own["resolved_zone"], own["value"]) == ("gcp:europe-west1", 122)
    earlier = api.get("/v1/zones/US-MIDA-PJM/grid-intensity?year=2030").get_json()
    assert (earlier["resolved_year"], earlier["value"]) == (2024, 403)
    assert "nearest earlier" in earlier["summary"]
    latest = api.get("/v1/zones/aws:us-east-1/grid-intensity").get_json()
    assert (latest["resolved_zone"], latest["resolved_year"]) == ("US-MIDA-PJM", 2024)
    assert latest["requested"]["year"] is None


def test_grid_intensity_matches_the_sdk(api: ContractClient) -> None:
    from carbonfactors import snapshot as snap
    from carbonfactors.dataset import Dataset

    ds = Dataset.from_snapshot(snap.read(RELEASES / "2026.02.json"))
    for zone, year in [("gcp:europe-west1", 2022), ("aws:eu-west-3", None), ("DE", 2024)]:
        res = ds.resolve_grid(zone, year)
        q = f"?version=2026.02{'' if year is None else f'&year={year}'}"
        body = api.get(f"/v1/zones/{zone}/grid-intensity{q}").get_json()
        assert body["factor"]["id"] == res.factor.id
        assert body["trail"] == list(res.steps)


def test_pue_list_and_detail(api: ContractClient) -> None:
    items = {i["id"]: i for i in api.get("/v1/pue").get_json()["items"]}
    assert items["industry"]["latest"]["value"] == 1.56
    assert items["google:council-bluffs-iowa"]["type"] == "campus"
    assert {i["id"] for i in api.get("/v1/pue?type=campus").get_json()["items"]} == {
        "google:council-bluffs-iowa",
        "google:st-ghislain-belgium",
    }
    body = api.get("/v1/pue/industry?year=2022").get_json()
    assert (body["value"], body["resolved_year"]) == (1.55, 2022)
    assert len(body["series"]) == 5
    google = api.get("/v1/pue/google").get_json()
    assert google["campuses"] == ["google:council-bluffs-iowa", "google:st-ghislain-belgium"]
    campus = api.get("/v1/pue/google:st-ghislain-belgium").get_json()
    assert (campus["value"], campus["parent"]["id"]) == (1.08, "google")
    assert campus["factor"]["period"] == "TTM, page read 2025-10-16"


def test_hardware_list_filters(api: ContractClient) -> None:
    ids = lambda q: {h["id"] for h in _all_pages(api, f"/v1/hardware?{q}")}  # noqa: E731
    assert ids("category=gpu") == {
        "nvidia-a100-sxm4-40gb",
        "nvidia-a100-sxm4-80gb",
        "nvidia-h100-nvl",
        "nvidia-h100-sxm5-80gb",
    }
    assert ids("vendor=nvidia&q=h100") == {"nvidia-h100-nvl", "nvidia-h100-sxm5-80gb"}
    assert ids("category=cloud_instance&provider=aws") == {"aws:p4d.24xlarge"}
    assert ids("category=cpu") == {"amd-epyc-7763"}
    assert ids("category=server") == {"dell-poweredge-r740"}


def test_text_search_is_ranked_by_relevance(api: ContractClient) -> None:
    ids = lambda q: [h["id"] for h in _all_pages(api, f"/v1/hardware?{q}")]  # noqa: E731
    # The exact alias first, then the other word match; not alphabetical.
    assert ids("q=H100 SXM") == ["nvidia-h100-sxm5-80gb"]
    assert set(ids("q=H100")) == {"nvidia-h100-nvl", "nvidia-h100-sxm5-80gb"}
    assert ids("q=A100 80GB")[0] == "nvidia-a100-sxm4-80gb"
    # Among equal word matches the mainstream part first: the one aws:p4d.24xlarge contains.
    assert ids("q=a100") == ["nvidia-a100-sxm4-40gb", "nvidia-a100-sxm4-80gb"]
    # Ranked pages carry an offset cursor: page by page gives the same order as one page.
    assert ids("q=a100&limit=1") == ids("q=a100&limit=100")
    assert ids("q=a100&category=cloud_instance") == []
    # A typo still finds the part (fuzzy tier, after every exact or word hit).
    assert ids("q=H10O SXM")[0] == "nvidia-h100-sxm5-80gb"
    zones = [z["id"] for z in _all_pages(api, "/v1/zones?q=fr")]
    assert zones[0] == "FR"
    factors = _all_pages(api, "/v1/factors?q=FR&limit=2")
    assert factors[0]["subject"] == "FR" and all(f["subject"] == "FR" for f in factors[:2])


@pytest.mark.parametrize(
    "name", ["nvidia-h100-sxm5-80gb", "H100 SXM", "h100-sxm5", "NVIDIA H100 SXM5 80GB"]
)
def test_hardware_by_alias_or_messy_name(api: ContractClient, name: str) -> None:
    body = api.get(f"/v1/hardware/{name}").get_json()
    assert body["hardware"]["id"] == "nvidia-h100-sxm5-80gb"
    assert body["power"][0]["value"] == 700
    assert body["sources"]["epoch-ml-hardware"]["license"] == "CC-BY-4.0"


def test_hardware_detail_with_defaults_and_composition(api: ContractClient) -> None:
    body = api.get("/v1/hardware/p4d.24xlarge").get_json()
    assert body["hardware"]["id"] == "aws:p4d.24xlarge"
    assert {f["basis"] for f in body["power"]} == {"idle", "load-50", "load-100"}
    assert body["embodied"][0]["value"] == 4676.79
    assert body["category_defaults"]["lifetime"][0]["value"] == 4
    [part] = body["composition"]
    assert (part["model"], part["count"]) == ("nvidia-a100-sxm4-40gb", 8)
    assert part["power"][0]["value"] == 400
    assert set(body["sources"]) == {"ccf-coefficients", "ccf-constants", "epoch-ml-hardware"}
    server = api.get("/v1/hardware/dell-poweredge-r740").get_json()
    assert server["lifetime"][0]["value"] == 4
    assert server["embodied"][0]["inputs"] == {
        "gwp_total_kgco2e": 8640,
        "gwp_manufacturing_ratio": 0.152,
    }


def test_sources(api: ContractClient) -> None:
    items = api.get("/v1/sources").get_json()["items"]
    assert all(s["license"] and s["license_url"] for s in items)
    odbl = api.get("/v1/sources?license=ODbL 1.0").get_json()["items"]
    assert {s["id"] for s in odbl} == {"boavizta-pcf", "electricitymaps-yearly"}
    body = api.get("/v1/sources/uptime-survey").get_json()
    assert body["factor_counts"] == {"pue": 5}


def test_versions_list_and_detail(api: ContractClient) -> None:
    body = api.get("/v1/versions").get_json()
    assert [v["version"] for v in body["versions"]] == ["dev", "2026.02", "2026.01"]
    assert body["latest"] == "2026.02"
    v = api.get("/v1/versions/2026.02").get_json()
    assert v["changelog"] == {"from": "2026.01", "added": 1, "changed": 1, "removed": 0}
    assert v["counts"]["grid_intensity"] == 20
    first = api.get("/v1/versions/2026.01").get_json()
    assert first["changelog"] is None and first["previous"] is None


def test_changes_between_releases(api: ContractClient) -> None:
    body = api.get("/v1/versions/2026.02/changes?from=2026.01").get_json()
    assert [f["id"] for f in body["added"]] == ["grid_intensity:FR:2024:ember-owid"]
    [changed] = body["changed"]
    assert changed["id"] == "grid_intensity:DE:2024:ember-owid"
    assert (changed["old"]["value"], changed["new"]["value"]) == (344.13992, 342.06)
    assert changed["fields"] == ["method", "value"]
    assert body["removed"] == []
    dev = api.get("/v1/versions/dev/changes?from=2026.02").get_json()
    assert [f["id"] for f in dev["added"]] == ["grid_intensity:US:2024:ember-owid"]


def test_a_pinned_version_gives_the_same_numbers_forever(api: ContractClient) -> None:
    url = "/v1/factors/grid_intensity:DE:2024:ember-owid"
    assert api.get(url + "?version=2026.01").get_json()["factor"]["value"] == 344.13992
    assert api.get(url + "?version=2026.02").get_json()["factor"]["value"] == 342.06
    assert (
        api.get("/v1/factors/grid_intensity:FR:2024:ember-owid?version=2026.01").status_code == 404
    )
    us = "/v1/factors/grid_intensity:US:2024:ember-owid"
    assert api.get(us).status_code == 404
    assert api.get(us + "?version=dev").get_json()["dataset_version"] == "dev"


@pytest.mark.parametrize(
    ("name", "expected", "how"),
    [
        ("AMD EPYC 7763 64-Core Processor", "amd-epyc-7763", "name matcher"),
        ("NVIDIA A100-SXM4-40GB", "nvidia-a100-sxm4-40gb", "alias"),
        ("nvidia-a100-sxm4-80gb", "nvidia-a100-sxm4-80gb", "id"),
    ],
)
def test_hardware_names_reported_by_tools(
    api: ContractClient, name: str, expected: str, how: str
) -> None:
    body = api.get(f"/v1/hardware/{name}").get_json()
    assert (body["hardware"]["id"], body["match"]["how"]) == (expected, how)


def test_an_ambiguous_name_is_not_guessed(api: ContractClient) -> None:
    # "A100" could be the 40 GB or the 80 GB model: no neighbour is picked.
    assert api.get("/v1/hardware/A100").status_code == 404
