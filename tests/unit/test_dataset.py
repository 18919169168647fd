"""Dataset lookups: the resolution fallbacks, each step visible in the trail."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from carbonfactors import (
    Dataset,
    DatasetError,
    FactorNotFound,
    InvalidInput,
    NotFound,
    load_dataset,
)
from carbonfactors import snapshot as snap
from carbonfactors_pipeline.validate import validate_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "engine"


@pytest.fixture(scope="module")
def snapshot() -> dict[str, Any]:
    res = validate_tree(FIXTURE)
    assert res.ok, [str(p) for p in res.problems]
    return res.snapshot


@pytest.fixture(scope="module")
def ds(snapshot: dict[str, Any]) -> Dataset:
    return Dataset.from_snapshot(snapshot)


# -- grid intensity -------------------------------------------------------------------------
def test_exact_year_of_a_country(ds: Dataset) -> None:
    r = ds.resolve_grid("FR", 2023)
    assert r.factor.id == "grid_intensity:FR:2023:ember-owid"
    assert (r.value, r.factor.lo, r.factor.hi) == (55.27541, 49.0, 55.27541)
    assert r.summary == "FR, 2023"


def test_cloud_region_falls_back_to_grid_zone_and_earlier_year(ds: Dataset) -> None:
    # The region's own lifecycle values stop in 2020; its grid zone BE has 2022: fresher wins.
    r = ds.resolve_grid("gcp:europe-west1", 2023)
    assert r.factor.id == "grid_intensity:BE:2022:ember-owid"
    assert r.summary == "gcp:europe-west1 → BE, 2023 → 2022 nearest earlier year"
    text = "\n".join(r.steps)
    assert "gcp:europe-west1: no lifecycle value for 2023, nearest earlier year 2020" in text
    assert "nearest earlier year 2022" in text


def test_several_sources_lowest_priority_wins_and_is_said(ds: Dataset) -> None:
    r = ds.resolve_grid("BE", 2022)
    assert r.factor.source == "ember-owid"  # priority 10 beats electricitymaps-yearly (20)
    assert any(
        "ember-owid (priority 10) chosen over electricitymaps-yearly (priority 20)" in s
        for s in r.steps
    )


def test_region_own_published_value_comes_first(ds: Dataset) -> None:
    r = ds.resolve_grid("gcp:europe-west1", 2023, "direct")
    assert r.factor.id == "grid_intensity:gcp:europe-west1:2023:gcp-region-carbon-info"
    assert r.value == 122.0
    assert r.summary == "gcp:europe-west1, 2023"


def test_subnational_grid_zone_then_country(ds: Dataset) -> None:
    # 2022: PJM and US both have 2022 → the most specific (PJM) wins the tie.
    assert ds.resolve_grid("aws:us-east-1", 2022).factor.subject == "US-MIDA-PJM"
    assert ds.resolve_grid("aws:us-east-1", 2021).value == 439.0
    # 2023: PJM stops in 2022, the country has 2023 → fresher country value.
    r = ds.resolve_grid("aws:us-east-1", 2023)
    assert r.factor.id == "grid_intensity:US:2023:ember-owid"
    assert r.summary == "aws:us-east-1 → US-MIDA-PJM → US, 2023"
    assert "aws:us-east-1: no grid_intensity factor" in r.steps


def test_no_year_means_latest_available_and_says_so(ds: Dataset) -> None:
    r = ds.resolve_grid("FR")
    assert r.factor.year == 2023
    assert r.steps[0] == "year not given → latest available"
    assert r.summary == "FR, latest available 2023"


def test_later_years_are_never_used_silently(ds: Dataset) -> None:
    with pytest.raises(FactorNotFound) as err:
        ds.resolve_grid("FR", 2015)
    assert err.value.field == "year"
    assert "earliest is 2022" in err.value.message
    with pytest.raises(FactorNotFound) as err:
        ds.resolve_grid("gcp:europe-west1", 2021, "direct")
    assert err.value.field == "year"
    assert "2022" in err.value.message


def test_no_value_anywhere_in_the_chain(ds: Dataset) -> None:
    with pytest.raises(FactorNotFound) as err:
        ds.resolve_grid("FR", 2023, "marginal")
    assert err.value.field == "location"


def test_location_aliases_and_case(ds: Dataset) -> None:
    r = ds.resolve_grid("France", 2023)
    assert r.factor.subject == "FR"
    assert r.steps[0] == "location 'France' → zone FR"
    assert ds.resolve_grid("GCP:Europe-West1", 2023, "direct").value == 122.0


def test_unknown_location_and_basis(ds: Dataset) -> None:
    with pytest.raises(NotFound) as err:
        ds.resolve_grid("Atlantis", 2023)
    assert err.value.field == "location"
    with pytest.raises(InvalidInput) as err2:
        ds.resolve_grid("FR", 2023, "weird")
    assert err2.value.field == "basis"


def test_lookups_are_memoized_but_errors_are_fresh(ds: Dataset) -> None:
    assert ds.resolve_grid("FR", 2023) is ds.resolve_grid("FR", 2023)
    with pytest.raises(NotFound) as a:
        ds.resolve_grid("Nowhere")
    with pytest.raises(NotFound) as b:
        ds.resolve_grid("Nowhere")
    assert a.value is not b.value


# -- PUE ------------------------------------------------------------------------------------
def test_pue_country_uses_industry_average_of_that_year(ds: Dataset) -> None:
    r = ds.resolve_pue("FR", 2022)
    assert r.factor.id == "pue:industry:2022:uptime-pue-survey"
    assert "FR is not a cloud region → industry average" in r.steps


def test_pue_region_own_value_first(ds: Dataset) -> None:
    r = ds.resolve_pue("gcp:europe-west1", 2023)
    assert r.factor.id == "pue:gcp:europe-west1:2023:ccf-constants"


def test_pue_cloud_operator(ds: Dataset) -> None:
    r = ds.resolve_pue("aws:eu-west-3", 2024)
    assert r.factor.id == "pue:aws:2024:aws-sustainability"
    assert r.summary == "aws:eu-west-3 → aws, 2024"


def test_pue_operator_without_earlier_year_is_backfilled_not_industry(ds: Dataset) -> None:
    """Issue 20 class 1: the operator's earliest own fleet figure, said, not the industry's."""
    r = ds.resolve_pue("aws:eu-west-3", 2023)
    assert r.factor.id == "pue:aws:2024:aws-sustainability"
    assert r.summary == "aws:eu-west-3 → aws: 2023 → 2024 operator backfill"
    assert any("only for later years" in s for s in r.steps)
    assert any(
        w.startswith("BACKFILLED: aws publishes no PUE in or before 2023") for w in r.warnings
    )


def test_pue_campus_id_and_parent(ds: Dataset) -> None:
    assert ds.resolve_pue(operator="google:st-ghislain-belgium").value == 1.08
    r = ds.resolve_pue(operator="google:st-ghislain-belgium", year=2023)
    assert r.factor.subject == "google"  # campus has 2025 only; its parent has 2016
    assert "2023 → 2016 nearest earlier year" in r.summary
    with pytest.raises(NotFound) as err:
        ds.resolve_pue(operator="nobody")
    assert err.value.field == "pue"


# -- hardware -------------------------------------------------------------------------------
def test_hardware_matching(ds: Dataset) -> None:
    assert ds.match_hardware("nvidia-a100-sxm4-80gb").how == "id"
    m = ds.match_hardware("a100 sxm4 80gb")
    assert m.id == "nvidia-a100-sxm4-80gb" and "alias" in m.how
    assert m.trail == "'a100 sxm4 80gb' → nvidia-a100-sxm4-80gb (alias)"
    # Messy names go through carbonfactors.hardware_names when it is installed.
    m = ds.match_hardware("Amazon m5.xlarge")
    assert m.id == "aws:m5.xlarge" and "name matcher" in m.how
    with pytest.raises(NotFound) as err:
        ds.match_hardware("Z999", field="hardware[2].model")
    assert err.value.field == "hardware[2].model"


def test_model_own_lifetime_beats_category(snapshot: dict[str, Any]) -> None:
    data = copy.deepcopy(snapshot)
    # Test-only record (not data): same citation, re-filed on the model itself.
    data["factors"].append(
        {
            "id": "lifetime:nvidia-a100-sxm4-80gb:2022:luccioni-2022-bloom",
            "kind": "lifetime",
            "subject": "nvidia-a100-sxm4-80gb",
            "year": 2022,
            "value": 6.0,
            "unit": "years",
            "basis": "service",
            "source": "luccioni-2022-bloom",
        }
    )
    ds2 = Dataset.from_snapshot(data)
    hw = ds2.hardware["nvidia-a100-sxm4-80gb"]
    res = ds2.model_or_category("lifetime", hw, ("service",), "years")
    assert res is not None and res.factor.subject == "nvidia-a100-sxm4-80gb"
    res = Dataset.from_snapshot(snapshot).model_or_category("lifetime", hw, ("service",), "years")
    assert res is not None and res.factor.subject == "category:gpu"


def test_factor_lookup(ds: Dataset) -> None:
    f = ds.factor("pue:aws:2025:aws-sustainability")
    assert (f.value, f.unit, f.year) == (1.14, "dimensionless", 2025)
    with pytest.raises(FactorNotFound):
        ds.factor("nope")


def test_regions_of_a_provider(ds: Dataset) -> None:
    assert ds.regions("aws") == ["aws:eu-west-3", "aws:us-east-1"]
    assert ds.providers() == ["aws", "gcp"]


# -- loading --------------------------------------------------------------------------------
def test_load_dataset_from_file(snapshot: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "snap.json.gz"
    snap.write_gzip(snap.dumps(dict(snapshot, version="2099.01")), path)
    ds = load_dataset(path)
    assert ds.version == "2099.01"
    assert ds.resolve_grid("FR", 2023).value == 55.27541


def test_load_dataset_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        load_dataset(tmp_path / "missing.json")
    with pytest.raises(DatasetError):
        Dataset.from_snapshot({"factors": [{"id": "x"}]})
