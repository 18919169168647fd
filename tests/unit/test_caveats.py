"""Issue 20 classes 1 and 7: stale and beyond-the-data years, stand-in PUEs, energy basis.

Small in-memory datasets, each built to trip one rule; the rule's warning must appear on
the resolution, on the footprint's factor and at the top of the footprint result.
"""

from __future__ import annotations

from typing import Any

import pytest
from _pue_records import pue_record

import carbonfactors as cf
from carbonfactors import InvalidInput
from carbonfactors.dataset import Dataset

SOURCES = [
    {"id": "ember", "priority": 10},
    {"id": "op", "priority": 50},
    {"id": "tool", "priority": 100},
    {"id": "uptime", "priority": 100},
]


def gi(subject: str, year: int, value: float) -> dict[str, Any]:
    return {
        "id": f"grid_intensity:{subject}:{year}:ember",
        "kind": "grid_intensity",
        "subject": subject,
        "year": year,
        "value": value,
        "unit": "gCO2e/kWh",
        "basis": "lifecycle",
        "source": "ember",
    }


def pue(
    subject: str, year: int, value: float, source: str, scope: str, **kw: Any
) -> dict[str, Any]:
    basis = "estimated" if scope == "unstated" else "measured"
    return pue_record(subject, year, value, source=source, scope=scope, basis=basis, **kw)


def dataset(*factors: dict[str, Any]) -> Dataset:
    zones = [
        {"id": "FR", "name": "France", "type": "country"},
        {"id": "MY", "name": "Malaysia", "type": "country"},
        {"id": "MY-EM", "name": "East Malaysia", "type": "subnational", "parent": "MY"},
        {
            "id": "aws:eu-west-3",
            "name": "AWS eu-west-3",
            "type": "cloud_region",
            "parent": "FR",
            "provider": "aws",
            "grid_zone": "FR",
            "operator": "aws",
        },
        {
            "id": "tiny:r1",
            "name": "Tiny r1",
            "type": "cloud_region",
            "parent": "FR",
            "provider": "tiny",
            "grid_zone": "FR",
            "operator": "tiny",
        },
    ]
    operators = [
        {"id": "industry", "name": "Industry", "type": "industry"},
        {"id": "aws", "name": "AWS", "type": "operator"},
        {"id": "tiny", "name": "Tiny", "type": "operator"},
    ]
    snapshot = {
        "sources": SOURCES,
        "zones": zones,
        "operators": operators,
        "factors": list(factors),
    }
    return Dataset.from_snapshot(snapshot, version="t")


BASE = [
    gi("FR", 2016, 60.0),
    gi("FR", 2024, 40.0),
    pue("industry", 2019, 1.67, "uptime", "survey"),
    pue("industry", 2024, 1.56, "uptime", "survey"),
    pue("aws", 2022, 1.135, "tool", "unstated"),
    pue("aws", 2023, 1.15, "op", "fleet-annual"),
    pue("tiny", 2023, 1.3, "tool", "unstated"),
]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return dataset(*BASE)


def test_a_value_older_than_the_year_asked_is_flagged(ds: Dataset) -> None:
    r = ds.resolve_grid("FR", 2023)
    assert r.factor.year == 2016
    assert r.warnings == (
        "STALE: the value is for 2016, 7 years older than the year asked (2023); it is used "
        "as is, not projected",
    )
    # The exact year and "latest" carry no staleness warning.
    assert ds.resolve_grid("FR", 2024).warnings == ()
    assert ds.resolve_grid("FR").warnings == ()


def test_a_year_beyond_every_value_says_it_is_not_a_forecast(ds: Dataset) -> None:
    r = ds.resolve_grid("FR", 2031)
    assert r.factor.year == 2024
    assert r.warnings[0].startswith("STALE: the value is for 2024, 7 years older")
    assert r.warnings[1] == (
        "YEAR BEYOND DATA: no value for 2031 or any later year (the newest is 2024); the "
        "2024 value is not a forecast for 2031"
    )
    fp = cf.footprint(energy_kwh=10.0, location="FR", year=2031, pue=1.0, dataset=ds)
    assert any(w.startswith("grid_intensity: YEAR BEYOND DATA") for w in fp.to_dict()["warnings"])


def test_industry_pue_for_a_country_is_flagged(ds: Dataset) -> None:
    r = ds.resolve_pue("FR", 2024)
    assert r.factor.subject == "industry"
    assert r.warnings == (
        "INDUSTRY PUE: the industry-average PUE (1.56, uptime 2024) stands in for FR (a "
        "country with no operator on file); give pue (a number or an operator id) when the "
        "site's own PUE is known",
    )
    fp = cf.footprint(energy_kwh=10.0, location="FR", year=2024, dataset=ds)
    assert fp.to_dict()["warnings"] == [f"pue: {r.warnings[0]}"]
    # Asking for the industry average by name is not a stand-in.
    assert ds.resolve_pue(operator="industry", year=2024).warnings == ()


def test_industry_pue_for_a_named_operator_is_flagged() -> None:
    r = dataset(*BASE).resolve_pue("tiny:r1", 2020)  # tiny has nothing in or before 2020
    assert r.factor.subject == "industry"
    assert "stands in for tiny:r1 (operator tiny)" in r.warnings[0]
    assert r.warnings[1].startswith("STALE: the value is for 2019")


def test_operator_series_is_backfilled_from_its_own_fleet_figure(ds: Dataset) -> None:
    r = ds.resolve_pue("aws:eu-west-3", 2020)
    assert (r.factor.subject, r.factor.year, r.value) == ("aws", 2023, 1.15)
    assert r.summary == "aws:eu-west-3 → aws: 2020 → 2023 operator backfill"
    assert r.warnings == (
        "BACKFILLED: aws publishes no PUE in or before 2020; its earliest own figure (1.15 "
        "for 2023, op) stands in for it rather than the industry average",
    )


def test_a_tool_estimate_filed_under_a_commit_year_gives_way_to_the_operators_figure(
    ds: Dataset,
) -> None:
    r = ds.resolve_pue("aws:eu-west-3", 2022)
    assert r.factor.id == "pue:aws:2023:op"
    assert (
        "the tool estimate 1.135 (tool, no stated period, filed under 2022) is set aside"
        in (r.warnings[0])
    )
    # A tool estimate is never the source of a backfill: tiny falls to the industry average.
    assert dataset(*BASE).resolve_pue("tiny:r1", 2019).factor.subject == "industry"


def test_backfill_names_the_period_of_the_figure() -> None:
    ds = dataset(
        *BASE[:4], pue("aws", 2024, 1.16, "op", "fleet-annual", period="FY2024 (2023-07..2024-06)")
    )
    assert (
        "(1.16 for 2024, period FY2024 (2023-07..2024-06), op)"
        in (ds.resolve_pue("aws:eu-west-3", 2021).warnings[0])
    )


# -- energy basis ---------------------------------------------------------------------------
def test_facility_energy_is_not_multiplied_by_pue_again(ds: Dataset) -> None:
    it = cf.footprint(energy_kwh=1100.0, grid_intensity=100.0, pue=1.1, dataset=ds)
    fac = cf.footprint(
        energy_kwh=1100.0, energy_basis="facility", grid_intensity=100.0, pue=1.1, dataset=ds
    )
    assert it.energy_basis == "it" and fac.energy_basis == "facility"
    assert it.facility_energy_kwh == pytest.approx(1210.0)
    assert it.operational_kgco2e == pytest.approx(121.0)
    assert fac.facility_energy_kwh == 1100.0
    assert fac.energy_kwh == pytest.approx(1000.0)
    assert fac.operational_kgco2e == pytest.approx(110.0)
    d = fac.to_dict()
    assert d["energy_basis"] == "facility" and d["job"]["energy_basis"] == "facility"
    assert any("PUE is not applied again" in n for n in d["notes"])
    # Not said: taken as IT energy, and the result says so.
    assert it.to_dict()["energy_basis"] == "it"
    assert any("energy_basis not given" in n for n in it.to_dict()["notes"])


def test_facility_energy_bounds_follow_the_pue_range() -> None:
    ds = dataset(
        gi("FR", 2024, 40.0), pue("aws", 2024, 1.15, "op", "fleet-annual", low=1.1, high=1.2)
    )
    fp = cf.footprint(
        energy_kwh=1200.0, energy_basis="facility", location="aws:eu-west-3", dataset=ds
    )
    assert fp.low["facility_energy_kwh"] == fp.high["facility_energy_kwh"] == 1200.0
    assert fp.low["energy_kwh"] == pytest.approx(1000.0)
    assert fp.high["energy_kwh"] == pytest.approx(1200.0 / 1.1)


@pytest.mark.parametrize(
    ("job", "reason"),
    [
        (
            {"energy_kwh": 1.0, "energy_basis": "wall", "grid_intensity": 1.0},
            "must be one of it, facility",
        ),
        (
            {"energy_kwh": 1.0, "energy_basis": 1, "grid_intensity": 1.0},
            "must be one of it, facility",
        ),
        (
            {
                "hours": 1.0,
                "hardware": [{"power_w": 10}],
                "energy_basis": "facility",
                "grid_intensity": 1.0,
            },
            "give energy_kwh with it",
        ),
    ],
)
def test_a_bad_energy_basis_names_the_field(ds: Dataset, job: dict[str, Any], reason: str) -> None:
    with pytest.raises(InvalidInput) as err:
        cf.footprint(job, dataset=ds)
    assert err.value.field == "energy_basis" and reason in str(err.value)


def test_a_subnational_jump_is_said_on_the_lookup() -> None:
    ds = dataset(
        gi("MY-EM", 2024, 385.0),
        gi("MY-EM", 2025, 517.0),
        gi("MY", 2024, 385.0),
        gi("MY", 2025, 517.0),
    )
    r = ds.resolve_grid("MY-EM", 2025)
    assert r.warnings == (
        "JUMP: MY-EM 2025 is 517 gCO2e/kWh after 385 in 2024 (+34%) in ember's series of a "
        "sub-national grid; check it before relying on it (carbonfactors validate lists such "
        "jumps)",
    )
    assert ds.resolve_grid("MY-EM", 2024).warnings == ()
    assert ds.resolve_grid("MY", 2025).warnings == ()  # a country: the 2x rule applies there


# -- bounds (issue 20 class 8) ---------------------------------------------------------------
def test_grid_bounds_are_the_spread_of_the_sources_for_the_zone_year() -> None:
    other = {**gi("FR", 2024, 40.0), "id": "grid_intensity:FR:2024:tool", "source": "tool"}
    ds = dataset(gi("FR", 2024, 33.0), other)
    r = ds.resolve_grid("FR", 2024)
    assert (r.value, r.factor.low, r.factor.high) == (33.0, 33.0, 40.0)
    assert "bounds 33..40: the spread of the sources for FR 2024 (ember 33, tool 40)" in r.steps
    fp = cf.footprint(energy_kwh=1000.0, location="FR", year=2024, pue=1.0, dataset=ds)
    assert fp.low["operational_kgco2e"] == 33.0 and fp.high["operational_kgco2e"] == 40.0
    # One source: no spread to report, the bounds stay the value's own.
    one = dataset(gi("FR", 2024, 33.0)).resolve_grid("FR", 2024)
    assert one.factor.low is None and one.factor.high is None


def test_a_wider_areas_value_before_the_zones_own_series_reaches_it_in_its_bounds() -> None:
    # East Malaysia's own series starts in 2021 at 500 g; in 2017 Malaysia's 650 g stands in.
    ds = dataset(gi("MY", 2017, 650.0), gi("MY-EM", 2021, 500.0))
    r = ds.resolve_grid("MY-EM", 2017)
    assert (r.value, r.factor.subject, r.factor.low, r.factor.high) == (650.0, "MY", 500.0, 650.0)
    assert any("MY-EM 2021: 500 gCO2e/kWh (ember)" in c for c in r.caveats)
    fp = cf.footprint(energy_kwh=1000.0, location="MY-EM", year=2017, pue=1.0, dataset=ds)
    assert (fp.low["operational_kgco2e"], fp.high["operational_kgco2e"]) == (500.0, 650.0)
    # From the zone's own first year on, its own value, with no borrowed bounds.
    own = ds.resolve_grid("MY-EM", 2021)
    assert (own.value, own.factor.low, own.factor.high) == (500.0, None, None)
    # A zone with no own series at all: the country's value as it is (nothing to reach).
    country_only = dataset(gi("MY", 2017, 650.0)).resolve_grid("MY-EM", 2017)
    assert (country_only.factor.low, country_only.factor.high) == (None, None)


def test_pue_bounds_are_the_range_of_the_operators_series(ds: Dataset) -> None:
    r = ds.resolve_pue("FR", 2024)  # industry 2019 1.67, 2024 1.56
    assert (r.value, r.factor.low, r.factor.high) == (1.56, 1.56, 1.67)
    assert any(s.startswith("bounds 1.56..1.67: the range of industry's") for s in r.steps)
    fp = cf.footprint(energy_kwh=100.0, location="FR", year=2024, dataset=ds)
    assert fp.high["facility_energy_kwh"] == pytest.approx(167.0)


def _power(subject: str, value: float, basis: str, source: str = "op") -> dict[str, Any]:
    return {
        "id": f"power:{subject}:2024:{source}:{basis}",
        "kind": "power",
        "subject": subject,
        "year": 2024,
        "value": value,
        "unit": "W",
        "basis": basis,
        "source": source,
    }


def test_without_utilization_the_low_end_is_the_measured_draw_in_real_work() -> None:
    gpu = {"id": "gpu-x", "name": "GPU X", "category": "gpu", "vendor": "v"}
    snap = {
        "sources": SOURCES,
        "zones": [{"id": "FR", "name": "France", "type": "country"}],
        "operators": [],
        "hardware": [gpu],
        "factors": [_power("gpu-x", 700.0, "tdp"), _power("gpu-x", 496.3, "typical", "tool")],
    }
    ds = Dataset.from_snapshot(snap, version="t")
    job = {"hardware": [{"model": "gpu-x", "count": 2}], "hours": 10.0, "grid_intensity": 100.0}
    fp = cf.footprint({**job, "pue": 1.0, "include_embodied": False}, dataset=ds)
    assert fp.items[0].power_w == (700.0, 496.3, 700.0)
    assert fp.energy_kwh == 14.0 and fp.low["energy_kwh"] == pytest.approx(9.926)
    assert any("low bound 496.3 W, the measured median draw" in n for n in fp.notes)
    assert "hardware[0].power_typical" in {f.role for f in fp.factors}
    # A stated utilization is the job's own: no measured low end; nor is typical a default.
    given = {**job, "hardware": [{"model": "gpu-x", "count": 2, "utilization": 0.5}]}
    fp2 = cf.footprint({**given, "pue": 1.0, "include_embodied": False}, dataset=ds)
    assert fp2.items[0].power_w == (350.0, 350.0, 350.0)
    only_typical = Dataset.from_snapshot(
        {**snap, "factors": [_power("gpu-x", 496.3, "typical", "tool")]}, version="t"
    )
    with pytest.raises(cf.errors.FactorNotFound):
        cf.footprint({**job, "pue": 1.0, "include_embodied": False}, dataset=only_typical)


def test_an_industry_series_starting_after_the_year_is_backfilled_and_said() -> None:
    """The open bundle's industry series starts in 2024 (earlier survey years are full-only):
    a 2020 job takes the earliest figure with a BACKFILLED warning instead of raising."""
    only_2024 = [f for f in BASE if not (f["subject"] == "industry" and f["year"] < 2024)]
    r = dataset(*only_2024).resolve_pue("FR", 2020)
    assert (r.factor.subject, r.factor.year, r.value) == ("industry", 2024, 1.56)
    assert r.summary == "industry: 2020 → 2024 industry backfill"
    assert r.warnings[0].startswith("INDUSTRY PUE: the industry-average PUE (1.56, uptime 2024)")
    assert r.warnings[1].startswith(
        "BACKFILLED: this bundle has no industry-average PUE in or before 2020; its earliest "
        "(1.56 for 2024, uptime) stands in."
    )
    # With the year's own survey value on file, nothing is backfilled.
    assert dataset(*BASE).resolve_pue("FR", 2020).factor.year == 2019


def test_a_sites_own_pue_outside_its_operators_range_is_reached_by_the_bounds() -> None:
    """Audit 1796558261 #31: Microsoft Texas 2018 got the fleet's 1.185 [1.16..1.185] although
    the geography itself publishes 1.28 (FY2024); the value stays the fleet's, the bounds
    reach the site's figure and a SITE PUE warning says so."""
    base = dataset(*BASE)
    snapshot = {
        "sources": SOURCES,
        "zones": [
            {"id": "FR", "name": "France", "type": "country"},
            {
                "id": "aws:us-hot-1",
                "name": "AWS us-hot-1",
                "type": "cloud_region",
                "parent": "FR",
                "provider": "aws",
                "grid_zone": "FR",
                "operator": "aws:hot",
            },
        ],
        "operators": [
            {"id": "industry", "name": "Industry", "type": "industry"},
            {"id": "aws", "name": "AWS", "type": "operator"},
            {"id": "aws:hot", "name": "AWS hot site", "type": "campus", "parent": "aws"},
            {"id": "aws:mild", "name": "AWS mild site", "type": "campus", "parent": "aws"},
            {"id": "aws:near", "name": "AWS near site", "type": "campus", "parent": "aws"},
        ],
        "factors": [
            *BASE[2:6],
            pue("aws", 2024, 1.14, "op", "fleet-annual"),
            pue("aws:hot", 2024, 1.28, "op", "site-annual"),
            pue("aws:mild", 2024, 1.15, "op", "site-annual"),
            pue("aws:near", 2024, 1.16, "op", "site-annual"),
        ],
    }
    ds = Dataset.from_snapshot(snapshot, version="t")
    hot = ds.resolve_pue(operator="aws:hot", year=2020)
    assert (hot.factor.subject, hot.value, hot.factor.low, hot.factor.high) == (
        "aws",
        1.15,
        1.14,
        1.28,
    )
    assert hot.warnings[-1] == (
        "SITE PUE: aws:hot's own published PUE (1.28 for 2024) lies outside the range of aws's "
        "figure that stands in for it; the bounds 1.14..1.28 reach it"
    )
    # A site figure inside the operator's range changes nothing; the site's own year is its own.
    mild = ds.resolve_pue(operator="aws:mild", year=2020)
    assert (mild.factor.low, mild.factor.high) == (1.14, 1.15)
    assert not any(w.startswith("SITE PUE") for w in mild.warnings)
    # A hundredth outside (within 2%): the bounds reach it quietly.
    near = ds.resolve_pue(operator="aws:near", year=2020)
    assert (near.factor.low, near.factor.high) == (1.14, 1.16)
    assert not any(w.startswith("SITE PUE") for w in near.warnings)
    assert ds.resolve_pue(operator="aws:hot", year=2024).factor.subject == "aws:hot"
    # A cloud region whose operator is the site (a Microsoft geography) reaches it the same way.
    region = ds.resolve_pue("aws:us-hot-1", 2020)
    assert (region.value, region.factor.low, region.factor.high) == (1.15, 1.14, 1.28)
    assert region.warnings[-1].startswith("SITE PUE: aws:hot's own published PUE (1.28 for 2024)")
    assert ds.resolve_pue("aws:us-hot-1", 2024).factor.subject == "aws:hot"
    no_site = base.resolve_pue("aws:eu-west-3", 2020).factor  # the region has no figures
    assert (no_site.low, no_site.high) == (None, None)
