"""Rules P, P0 and P1 (audit 2026-12-06 seed 1796574057, rules generation 2) and the
screens that list what they are for (``carbonfactors_pipeline.pue_screens``).

Small in-memory snapshots, each built to trip one rule; the same snapshot without the
``rules`` key (a release cut before generation 2) is answered as it was.
"""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi
from _pue_records import pue_record

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import pue_screens

SOURCES = [
    {"id": "ember", "priority": 10, "license": "CC-BY-4.0"},
    {"id": "google", "priority": 5, "license": "CC-BY-4.0"},
    {"id": "op", "priority": 50, "license": "CC-BY-4.0"},
    {"id": "tool", "priority": 100, "license": "CC-BY-4.0"},
    {"id": "uptime", "priority": 100, "license": "CC-BY-4.0"},
]


def pue(subject: str, year: int, value: float, source: str, scope: str) -> dict[str, Any]:
    basis = "estimated" if scope == "unstated" else "measured"
    return pue_record(subject, year, value, source=source, scope=scope, basis=basis)


ZONES = [
    {"id": "DE", "name": "Germany", "type": "country"},
    {
        "id": "gcp:europe-west3",
        "name": "Frankfurt",
        "type": "cloud_region",
        "parent": "DE",
        "provider": "gcp",
        "grid_zone": "DE",
        "operator": "google",
    },
]
OPERATORS = [
    {"id": "industry", "name": "Industry", "type": "industry"},
    {"id": "google", "name": "Google", "type": "operator"},
    {"id": "ovh", "name": "OVH", "type": "operator"},
    {"id": "ms", "name": "Microsoft", "type": "operator"},
    {"id": "ms:texas", "name": "Texas", "type": "campus", "parent": "ms"},
    {"id": "ms:wyoming", "name": "Wyoming", "type": "campus", "parent": "ms"},
]
FACTORS = [
    *(gi("DE", y, 400.0 - y + 2018, "ember") for y in range(2018, 2022)),
    gi("gcp:europe-west3", 2019, 319.0, "google"),
    pue("industry", 2019, 1.67, "uptime", "survey"),
    pue("industry", 2024, 1.56, "uptime", "survey"),
    pue("google", 2019, 1.1, "op", "fleet-annual"),
    pue("ovh", 2023, 1.09, "tool", "unstated"),
    pue("ms", 2022, 1.185, "op", "fleet-ttm"),
    pue("ms", 2024, 1.16, "op", "fleet-annual"),
    pue("ms:texas", 2024, 1.28, "op", "site-annual"),
    pue("ms:wyoming", 2024, 1.12, "op", "site-annual"),
]


def snapshot(rules: bool = True) -> dict[str, Any]:
    snap = {"sources": SOURCES, "zones": ZONES, "operators": OPERATORS, "factors": FACTORS}
    return {"rules": RULES, **snap} if rules else snap


def ds(rules: bool = True) -> Dataset:
    return Dataset.from_snapshot(snapshot(rules), version="t")


def test_p_a_regions_own_figure_reaches_its_grid_zones_value_of_the_same_year() -> None:
    # Audit #18: gcp:europe-west3 2019 was Google's 319 g with no bounds, DE 392.51 g.
    res = ds().resolve_grid("gcp:europe-west3", 2019)
    assert (res.factor.subject, res.value, res.factor.low, res.factor.high) == (
        "gcp:europe-west3",
        319.0,
        319.0,
        399.0,
    )
    assert any("its grid zone DE has 399 (ember)" in w for w in res.warnings)
    assert res.source_changed is None
    assert res.warnings[-1] == (
        "SOURCE CHANGED: gcp:europe-west3 2019 is its own published figure (google); 2018 and "
        "2020 are answered from its grid zone DE (ember), so its series steps between sources "
        "there"
    )
    # A year of the grid zone only is the grid zone's, untouched.
    assert ds().resolve_grid("gcp:europe-west3", 2020).factor.subject == "DE"


def test_p0_an_operator_without_a_figure_gets_the_industry_average_said() -> None:
    # Audit #28: ovhcloud 2019 was refused (only a 2023 tool estimate on file).
    res = ds().resolve_pue(operator="ovh", year=2019)
    assert (res.factor.subject, res.value, res.factor.low, res.factor.high) == (
        "industry",
        1.67,
        1.09,
        1.67,
    )
    assert res.warnings[0].startswith(
        "INDUSTRY PUE: the industry-average PUE (1.67, uptime 2019) stands in for operator "
        "'ovh', which has no PUE figure of its own in or before 2019"
    )
    assert any("rule P0" in w and "ovh 1.09 for 2023 (tool)" in w for w in res.warnings)
    # Its own year is its own.
    assert ds().resolve_pue(operator="ovh", year=2023).factor.subject == "ovh"


def test_p1_a_site_well_above_its_operator_is_centred_on_its_own_figure() -> None:
    # Audit #32: Microsoft Texas 2015 was the fleet's 1.185 [1.16..1.28]; its own FY24 1.28.
    res = ds().resolve_pue(operator="ms:texas", year=2015)
    f = res.factor
    # Rules generation 12 (resolve.pue_notes): carried back 9 years, the high bound reaches
    # the industry average used for 2015 (the 2019 survey's 1.67), past P1's 1.3076.
    assert (f.subject, f.year, f.value, f.low, f.high) == ("ms:texas", 2024, 1.28, 1.16, 1.67)
    assert "1.3076 = 1.28 x 1.185 / 1.16" in res.warnings[0]
    assert res.warnings[1].startswith("STALE: the value is ms:texas's figure for 2024, 9 years")
    # A site below its operator (the pulls offset, audit #29) keeps the operator's figure.
    wy = ds().resolve_pue(operator="ms:wyoming", year=2015).factor
    assert (wy.subject, wy.value, wy.low, wy.high) == ("ms", 1.185, 1.12, 1.67)


def test_a_release_cut_before_rules_p_p0_p1_is_answered_as_it_was() -> None:
    old = ds(rules=False)
    grid = old.resolve_grid("gcp:europe-west3", 2019)
    assert (grid.factor.low, grid.factor.high, grid.source_changed) == (None, None, None)
    with pytest.raises(FactorNotFound, match="no PUE for 'ovh' in or before 2019"):
        old.resolve_pue(operator="ovh", year=2019)
    tx = old.resolve_pue(operator="ms:texas", year=2015).factor
    assert (tx.subject, tx.value, tx.low, tx.high) == ("ms", 1.185, 1.16, 1.28)


def test_the_screens_list_each_class_on_a_snapshot_without_the_rules() -> None:
    found = {(f.rule, f.reason.split(":")[0]) for f in pue_screens.flags(snapshot(False))}
    assert (pue_screens.REGION_POINT, "gcp") in found
    refused = [f for f in pue_screens.flags(snapshot(False)) if f.rule == "pue-operator-refused"]
    assert [f.reason[:12] for f in refused] == ["ovh 2019 is "]
    off = {
        f.reason.split(" ")[0]: f.problem
        for f in pue_screens.flags(snapshot(False))
        if f.rule == pue_screens.SITE_OFF
    }
    assert off == {"ms:texas": False, "ms:wyoming": False}
    # With the rules, what is left is Wyoming for review (its pulls offset).
    now = [(f.rule, f.reason.split(" ")[0]) for f in pue_screens.flags(snapshot())]
    assert set(now) == {(pue_screens.SITE_OFF, "ms:wyoming")}


def test_p1b_a_site_below_a_carried_back_median_is_centred_on_its_own() -> None:
    # Audit 1796674267 SB (#29 Scaleway AMS1 2017): an operator with two sites (1.2 and
    # 1.5, median 1.35, all for 2018..2020) asked for 2017. Up to generation 16 the 1.2
    # site takes the median; the screen flags it, and rule P1b (17) centres it on its own.
    period = {"period": "2018..2020 (report)"}
    sw = [
        pue_record("sw", 2020, 1.35, source="op", scope="fleet-annual", basis="measured", **period),
        pue_record(
            "sw:lo", 2020, 1.2, source="op", scope="site-annual", basis="measured", **period
        ),
        pue_record(
            "sw:hi", 2020, 1.5, source="op", scope="site-annual", basis="measured", **period
        ),
    ]
    ops = [
        {"id": "sw", "name": "SW", "type": "operator"},
        {"id": "sw:lo", "name": "Low", "type": "campus", "parent": "sw"},
        {"id": "sw:hi", "name": "High", "type": "campus", "parent": "sw"},
    ]
    industry = pue("industry", 2017, 1.7, "uptime", "survey")
    snap = {**snapshot(), "operators": OPERATORS + ops, "factors": [*FACTORS, *sw, industry]}
    old = {**snap, "rules": 16}
    flagged = [f for f in pue_screens.flags(old) if f.rule == pue_screens.SITE_OWN_BACKFILL]
    assert [f.reason.split(" ")[:2] for f in flagged] == [["sw:lo", "2017"]]
    assert flagged[0].reason.startswith("sw:lo 2017 resolves to 1.35 (sw, 2020)")
    assert flagged[0].problem
    before = Dataset.from_snapshot(old, version="t").resolve_pue(operator="sw:lo", year=2017)
    assert (before.factor.subject, before.value) == ("sw", 1.35)
    assert not [f for f in pue_screens.flags(snap) if f.rule == pue_screens.SITE_OWN_BACKFILL]
    res = Dataset.from_snapshot(snap, version="t").resolve_pue(operator="sw:lo", year=2017)
    assert (res.factor.subject, res.value, res.factor.low) == ("sw:lo", 1.2, 1.2)
    assert res.factor.high == 1.7  # the operator's 1.35, then the industry's 1.7 (reach)
    assert "rule P1b" in res.warnings[0] and "(1.35 for 2020" in res.warnings[0]
    assert res.warnings[1].startswith("STALE: the value is sw:lo's figure for 2020")
    # The site above the median was already centred on its own (rule P1).
    hi = Dataset.from_snapshot(snap, version="t").resolve_pue(operator="sw:hi", year=2017)
    assert (hi.factor.subject, hi.value) == ("sw:hi", 1.5)
