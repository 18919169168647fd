"""One default series per zone: source switches and wider-area fallbacks are flagged."""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi

from carbonfactors import Job, footprint
from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.snapshot import RULES

SOURCES = [
    {"id": "ember", "priority": 10},
    {"id": "emaps", "priority": 20},
]


def dataset(*factors: dict[str, Any], rules: int = RULES) -> Dataset:
    zones = [
        {"id": "WORLD", "name": "World", "type": "aggregate"},
        {"id": "BE", "name": "Belgium", "type": "country", "parent": "WORLD"},
        {"id": "CF", "name": "Central African Republic", "type": "country", "parent": "WORLD"},
        {"id": "US", "name": "United States", "type": "country"},
        {"id": "US-CAL-CISO", "name": "CAISO", "type": "subnational", "parent": "US"},
        {
            "id": "US-CA",
            "name": "California",
            "type": "subnational",
            "parent": "US",
            "grid_zone": "US-CAL-CISO",
        },
    ]
    return Dataset.from_snapshot(
        {"rules": rules, "sources": SOURCES, "zones": zones, "factors": list(factors)},
        version="t",
    )


BE = [
    *(gi("BE", y, 100.0 + y - 2015, "ember", accounting="production") for y in range(2015, 2025)),
    *(gi("BE", y, 180.0, "emaps", accounting="consumption") for y in range(2021, 2026)),
]


def test_nearest_earlier_year_of_the_same_series_beats_another_sources_exact_year() -> None:
    res = dataset(*BE).resolve_grid("BE", 2025)
    assert (res.factor.source, res.factor.year, res.value) == ("ember", 2024, 109.0)
    assert res.source_changed is None and res.fallback is None
    # Issue 20 class 7: a value older than the year asked always says so; from rules
    # generation 13 (audit 1796647084 a-S1) emaps' 180, 1.65x away, is named first.
    assert res.warnings == (
        "SOURCES DISAGREE: emaps gives BE 2024 180 gCO2e/kWh, 1.65x this answer's 109 "
        "(ember 2024); the answer keeps the zone's default series and the bounds reach it",
        "STALE: the value is for 2024, 1 year older than the year asked (2025); it is used as "
        "is, not projected",
    )
    assert "2025 → 2024 nearest earlier year" in res.summary
    latest = dataset(*BE).resolve_grid("BE")
    assert (latest.factor.source, latest.factor.year) == ("ember", 2024)


def test_another_source_fills_a_year_only_with_a_flag() -> None:
    ds = dataset(
        *(gi("BE", y, 120.0, "ember", accounting="production") for y in (2023, 2024)),
        gi("BE", 2021, 180.0, "emaps", accounting="consumption"),
    )
    res = ds.resolve_grid("BE", 2022)
    assert (res.factor.source, res.factor.year) == ("emaps", 2021)
    assert res.source_changed and "default series ember (production-based)" in res.source_changed
    assert "emaps (consumption-based) 2021 is used instead" in res.source_changed
    assert res.warnings[0] == res.source_changed
    assert res.warnings[1].startswith("STALE: the value is for 2021, 1 year older")
    assert "source changed to emaps" in res.summary
    # The footprint carries the flag on its factor, at the top of the result and in explain().
    fp = footprint(
        Job(location="BE", year=2022, energy_kwh=10.0, include_embodied=False, pue=1.0), dataset=ds
    )
    used = fp.to_dict()["factors"][0]
    assert used["source_changed"] is True and used["fallback"] is False
    assert used["warnings"] == list(res.warnings)
    assert fp.to_dict()["warnings"] == [f"grid_intensity: {w}" for w in res.warnings]
    text = fp.explain()
    assert "WARNINGS" in text and "[SOURCE CHANGED]" in text
    # Without a switch there is no flag anywhere.
    plain = footprint(
        Job(location="BE", year=2024, energy_kwh=10.0, include_embodied=False, pue=1.0), dataset=ds
    )
    assert (
        plain.to_dict()["warnings"] == [] and "source_changed" not in plain.to_dict()["factors"][0]
    )
    assert "WARNINGS" not in plain.explain()


def test_excluded_values_are_never_a_default_and_the_trail_says_why() -> None:
    ds = dataset(
        *(
            gi("CF", y, 0.0, "ember", excluded="lifecycle-floor: 0 is below 3.7")
            for y in (2021, 2022)
        ),
        *(gi("CF", y, 24.0, "emaps") for y in (2021, 2022)),
    )
    res = ds.resolve_grid("CF", 2022)
    assert (res.factor.source, res.value) == ("emaps", 24.0)
    assert res.source_changed is None  # the only usable series is the default one
    assert any("grid_intensity:CF:2022:ember" in s and "lifecycle-floor" in s for s in res.steps)
    # Still queryable by id.
    assert ds.factor("grid_intensity:CF:2021:ember").value == 0.0


def test_a_wider_area_is_a_fallback_said_at_the_top() -> None:
    ds = dataset(
        *(gi("US", y, 400.0, "ember") for y in range(2015, 2026)),
        *(gi("US-CAL-CISO", y, 230.0, "emaps") for y in range(2021, 2026)),
    )
    # A state resolves to the balancing authority that serves it, not to the country.
    res = ds.resolve_grid("California", 2024)
    assert (res.factor.subject, res.value, res.fallback) == ("US-CAL-CISO", 230.0, None)
    # The year before the authority's series starts: its own first value carried back by
    # the country's change (rule G3, audit 1796563618 class B), flagged, bounds reaching both.
    old = ds.resolve_grid("US-CA", 2020)
    assert old.factor.subject == "US-CAL-CISO" and old.fallback
    assert (old.factor.source, old.value) == ("carbonfactors-derived", 230.0)
    assert "derived from US-CAL-CISO's own series (rule G3)" in old.fallback
    fp = footprint(
        Job(location="US-CA", year=2020, energy_kwh=1.0, include_embodied=False, pue=1.0),
        dataset=ds,
    )
    assert fp.to_dict()["factors"][0]["fallback"] is True
    assert fp.to_dict()["warnings"] == [
        f"grid_intensity: {old.fallback}",
        "grid_intensity: OWN SERIES: US-CAL-CISO's own series starts in 2021, after 2020: "
        "its 2021 value (230, emaps) scaled by the change of the wider area US from 2021 to "
        "2020 (400 → 400) gives 230.00 gCO2e/kWh; bounds 230..400 reach US's value (400) and "
        "US-CAL-CISO's",
    ]
    # Two years before, rules generation 3: the country's value, bounds reaching the
    # authority's first value.
    gen3 = dataset(
        *(gi("US", y, 400.0, "ember") for y in range(2015, 2026)),
        *(gi("US-CAL-CISO", y, 230.0, "emaps") for y in range(2021, 2026)),
        rules=3,
    )
    far = gen3.resolve_grid("US-CA", 2019)
    assert (far.factor.subject, far.value, far.factor.low, far.factor.high) == (
        "US",
        400.0,
        230.0,
        400.0,
    )
    # Generation 4 (rule G3b): the authority is 0.575x the country wherever both have values,
    # so its own first value is carried back, bounds reaching the country's.
    far = ds.resolve_grid("US-CA", 2019)
    assert (far.factor.subject, far.value, far.factor.low, far.factor.high) == (
        "US-CAL-CISO",
        230.0,
        230.0,
        400.0,
    )
    assert (fp.low["operational_kgco2e"], fp.high["operational_kgco2e"]) == (0.23, 0.4)
    assert "[FALLBACK]" in fp.explain()


def test_an_isolated_grid_never_takes_its_countrys_value() -> None:
    # Audit 2026-12-06 class A: NZ-NZC (Chatham Islands, a diesel island grid) got New
    # Zealand's hydro-heavy 103 g as "the wider area".
    zones = [
        {"id": "NZ", "name": "New Zealand", "type": "country"},
        {
            "id": "NZ-NZC",
            "name": "Chatham Islands",
            "type": "subnational",
            "parent": "NZ",
            "isolated": "no interconnector (test)",
        },
        {"id": "US", "name": "United States", "type": "country"},
        {
            "id": "US-HI",
            "name": "Hawaii",
            "type": "subnational",
            "parent": "US",
            "isolated": "no interconnector (test)",
        },
        {
            "id": "US-HI-STATE",
            "name": "Hawaii (state)",
            "type": "subnational",
            "parent": "US",
            "grid_zone": "US-HI",
        },
    ]
    ds = Dataset.from_snapshot(
        {
            "sources": SOURCES,
            "zones": zones,
            "factors": [
                gi("NZ", 2022, 103.12, "ember"),
                gi("US", 2019, 439.45, "ember"),
                gi("US-HI", 2021, 700.0, "emaps"),
            ],
        },
        version="t",
    )
    with pytest.raises(FactorNotFound) as err:
        ds.resolve_grid("NZ-NZC", 2022)
    assert "isolated grid" in err.value.message and "give grid_intensity" in err.value.message
    # before its own series starts: an error that names the first year, not the US value
    for loc in ("US-HI", "US-HI-STATE"):
        with pytest.raises(FactorNotFound, match="its own series starts in 2021"):
            ds.resolve_grid(loc, 2019)
    assert ds.resolve_grid("US-HI-STATE", 2022).value == 700.0
    # an interconnected zone still falls back, said out loud
    assert ds.resolve_grid("NZ", 2022).value == 103.12


def test_nothing_usable_is_still_an_error() -> None:
    ds = dataset(gi("BE", 2024, 1306.0, "ember", excluded="lifecycle-ceiling: too high"))
    with pytest.raises(FactorNotFound):
        ds.resolve_grid("BE", 2024)


def _g1_dataset(*, with_authority: bool, bundle: str | None = None) -> Dataset:
    """Rule G1: a state estimate, its balancing authority (full only) and a cloud region."""
    zones = [
        {"id": "US", "name": "United States", "type": "country"},
        {"id": "US-NW-BPAT", "name": "BPA", "type": "subnational", "parent": "US"},
        {"id": "US-OR", "name": "Oregon", "type": "subnational", "parent": "US"},
        {
            "id": "US-WA",
            "name": "Washington",
            "type": "subnational",
            "parent": "US",
            "grid_zone": "US-NW-BPAT",
        },
        {
            "id": "aws:us-west-2",
            "name": "AWS us-west-2",
            "type": "cloud_region",
            "parent": "US-OR",
            "grid_zone": "US-NW-BPAT",
        },
    ]
    factors = [
        *(gi("US", y, 400.0, "ember") for y in range(2021, 2026)),
        *(gi("US-OR", y, 150.0, "carbonfactors-derived") for y in range(2021, 2026)),
        *(gi("US-WA", y, 90.0, "carbonfactors-derived") for y in range(2021, 2026)),
    ]
    if with_authority:
        factors += [gi("US-NW-BPAT", y, 110.0, "emaps") for y in range(2021, 2026)]
    snap: dict[str, Any] = {
        "sources": [*SOURCES, {"id": "carbonfactors-derived", "priority": 500}],
        "zones": zones,
        "factors": factors,
    }
    if bundle:
        snap["bundle"] = bundle
    return Dataset.from_snapshot(snap, version="t")


def test_g1_the_authority_wins_where_it_exists_and_the_state_beats_the_country() -> None:
    full = _g1_dataset(with_authority=True)
    for loc in ("aws:us-west-2", "US-WA"):
        res = full.resolve_grid(loc, 2025)
        assert (res.factor.subject, res.value, res.fallback) == ("US-NW-BPAT", 110.0, None)
    # Without the authority (the open bundle): the state's estimate, not the national mean.
    open_ = _g1_dataset(with_authority=False, bundle="open")
    region = open_.resolve_grid("aws:us-west-2", 2025)
    assert (region.factor.subject, region.value) == ("US-OR", 150.0)
    assert "wider area US-OR" in region.fallback
    assert 'pip install "carbonfactors[full]"' in region.fallback
    assert any(c.startswith("ESTIMATE: US-OR 2025") for c in region.caveats)
    state = open_.resolve_grid("US-WA", 2025)
    assert (state.factor.subject, state.value) == ("US-WA", 90.0)
    assert "US-WA's grid zone US-NW-BPAT" in state.fallback and "bundle=full" in state.fallback
    # The chains: region → authority → its state → country; a mapped state after its grid.
    assert [c[0] for c in open_.grid_chain(open_.zone("aws:us-west-2")[0])] == [
        "aws:us-west-2",
        "US-NW-BPAT",
        "US-OR",
        "US",
    ]
    assert [c[0] for c in open_.grid_chain(open_.zone("US-WA")[0])] == [
        "US-NW-BPAT",
        "US-WA",
        "US",
    ]


def test_a_gap_in_a_zones_own_series_is_interpolated() -> None:
    # Audit 1796563618 #18: MISO has its own 2017 and 2021 values, not 2018; the state's
    # value used to stand in for 2018. Rule G3: the line between the zone's own values.
    ds = dataset(
        *(gi("US", y, 400.0, "ember") for y in range(2015, 2026)),
        gi("US-CAL-CISO", 2017, 300.0, "emaps-2021"),
        *(gi("US-CAL-CISO", y, 230.0, "emaps") for y in range(2021, 2026)),
    )
    res = ds.resolve_grid("US-CA", 2019)
    assert (res.factor.subject, res.value) == ("US-CAL-CISO", 265.0)
    assert (res.factor.low, res.factor.high, res.factor.year) == (230.0, 400.0, 2019)
    assert any(
        "a gap in its own series: the straight line between its own 2017 (300, emaps-2021) "
        "and 2021 (230, emaps) gives 265.00" in w
        for w in res.warnings
    )


def test_before_its_series_the_zone_follows_the_wider_areas_change() -> None:
    # Audit 1796563618 #14: a zone below the country keeps its own level back in time.
    ds = dataset(
        *(gi("US", y, 400.0 + 10 * (2025 - y), "ember") for y in range(2015, 2026)),
        *(gi("US-CAL-CISO", y, 200.0, "emaps") for y in range(2021, 2026)),
    )
    res = ds.resolve_grid("US-CA", 2020)
    # 200 x US 2020 (450) / US 2021 (440)
    assert (res.value, res.factor.low, res.factor.high) == (204.55, 200.0, 450.0)
    # More than REACH (1) year before its series: the wider area's value, bounds reaching
    # the zone's own first value (a zone's mix can part from its country's over years), for
    # a zone like its wider area; this one is 0.45-0.5x the country, so rules generation 4
    # carries its own first value back (rule G3b) and generation 3 kept the country's.
    gen3 = dataset(
        *(gi("US", y, 400.0 + 10 * (2025 - y), "ember") for y in range(2015, 2026)),
        *(gi("US-CAL-CISO", y, 200.0, "emaps") for y in range(2021, 2026)),
        rules=3,
    )
    far = gen3.resolve_grid("US-CA", 2019)
    assert (far.factor.subject, far.value, far.factor.low) == ("US", 460.0, 200.0)
    gen13 = dataset(
        *(gi("US", y, 400.0 + 10 * (2025 - y), "ember") for y in range(2015, 2026)),
        *(gi("US-CAL-CISO", y, 200.0, "emaps") for y in range(2021, 2026)),
        rules=13,
    )
    far = gen13.resolve_grid("US-CA", 2019)
    assert (far.factor.subject, far.value, far.factor.low, far.factor.high) == (
        "US-CAL-CISO",
        200.0,
        200.0,
        460.0,
    )
    # generation 14 (audit 1796655557 a-SM, ``seam``): it carries back rule G3's 2020 answer
    # instead (the US falling throughout), so 2019 joins 2020; bounds reach both
    far = ds.resolve_grid("US-CA", 2019)
    assert (far.factor.subject, far.value, far.factor.low, far.factor.high) == (
        "US-CAL-CISO",
        204.55,
        200.0,
        460.0,
    )
    near = [
        *(gi("US", y, 400.0 + 10 * (2025 - y), "ember") for y in range(2015, 2026)),
        *(gi("US-CAL-CISO", y, 300.0, "emaps") for y in range(2021, 2026)),
    ]
    # 0.68-0.75x the country: like it by rule G3b's median, kept through generation 8
    far = dataset(*near, rules=8).resolve_grid("US-CA", 2019)
    assert (far.factor.subject, far.value, far.factor.low) == ("US", 460.0, 300.0)
    # generation 9 (rule G3c): its first two years' ratio (300/440, 300/430: 0.69) lies
    # outside 0.8..1.25, so the country's value is scaled by it, bounds keeping the plain one
    far = dataset(*near).resolve_grid("US-CA", 2019)
    assert (far.factor.subject, far.value, far.factor.low, far.factor.high) == (
        "US-CAL-CISO",
        317.28,
        300.0,
        460.0,
    )
    # Staleness still fires: nothing for 2030, the newest value is used and said so.
    late = ds.resolve_grid("US-CA", 2030)
    assert late.value == 200.0 and any(c.startswith("STALE") for c in late.caveats)
    # A year in the zone's own series is untouched.
    assert ds.resolve_grid("US-CA", 2022).factor.source == "emaps"


def test_a_release_cut_before_rules_g3_g4_is_answered_as_it_was() -> None:
    # One version, one answer (issue 19): a snapshot without ``rules`` (releases before
    # 2027.06) keeps the wider area's value, whatever engine answers it.
    factors = [
        *(gi("US", y, 400.0 + 10 * (2025 - y), "ember") for y in range(2015, 2026)),
        *(gi("US-CAL-CISO", y, 200.0, "emaps") for y in range(2021, 2026)),
    ]
    snapshot = dict(dataset(*factors).snapshot)
    new = Dataset.from_snapshot(snapshot).resolve_grid("US-CA", 2020)
    old = Dataset.from_snapshot({k: v for k, v in snapshot.items() if k != "rules"})
    assert (new.factor.subject, new.value) == ("US-CAL-CISO", 204.55)
    was = old.resolve_grid("US-CA", 2020)
    assert (was.factor.subject, was.value) == ("US", 450.0)


def test_g3_a_state_estimate_is_bounded_by_the_authorities_serving_it() -> None:
    # Audit 1796563618 #12: Washington's estimate 79 g, BPAT 92, PSEI 152 (2021).
    def snap(bundle: str | None, with_authorities: bool) -> Dataset:
        zones = [
            {"id": "US", "name": "United States", "type": "country"},
            {"id": "US-NW-BPAT", "name": "BPA", "type": "subnational", "parent": "US"},
            {"id": "US-NW-PSEI", "name": "PSE", "type": "subnational", "parent": "US"},
            {
                "id": "US-WA",
                "name": "Washington",
                "type": "subnational",
                "parent": "US",
                "serving_zones": ["US-NW-BPAT", "US-NW-PSEI"],
            },
        ]
        factors = [gi("US", 2021, 400.0, "ember"), gi("US-WA", 2021, 79.3, "carbonfactors-derived")]
        if with_authorities:
            factors += [
                gi("US-NW-BPAT", 2021, 92.0, "emaps"),
                gi("US-NW-PSEI", 2021, 152.0, "emaps"),
            ]
        data: dict[str, Any] = {
            "rules": RULES,
            "sources": [*SOURCES, {"id": "carbonfactors-derived", "priority": 500}],
            "zones": zones,
            "factors": factors,
        }
        if bundle:
            data["bundle"] = bundle
        return Dataset.from_snapshot(data, version="t")

    full = snap(None, True).resolve_grid("US-WA", 2021)
    assert (full.value, full.factor.low, full.factor.high) == (79.3, 79.3, 152.0)
    assert any(
        c.startswith(
            "AUTHORITIES: the balancing authorities serving US-WA give US-NW-BPAT 92, "
            "US-NW-PSEI 152"
        )
        for c in full.caveats
    )
    # The open bundle holds no authority values (ODbL): no bounds are made up for it.
    open_ = snap("open", False).resolve_grid("US-WA", 2021)
    assert (open_.value, open_.factor.low, open_.factor.high) == (79.3, None, None)
