"""Rules generation 18: three grid classes of audits 1796672257 and 1796674267.

* a-D3 (``resolve.direct_mix``): Cyprus 2019, 4.63 TWh of oil, was Ember's 596.12
  [..712.11] against the EEA's direct 660: the high bound took coal's uplift (x1.0789). Now
  the zone-year's fossil mix (filed in the Ember row's method note) prices it: oil 650/406.
* a-I2 (``resolve.isolated_gap.isolated_carry``): an isolated zone one year before its own
  series carries its first value flat where the figures on file agree within 25% (CA-NT 184
  [184..200]); otherwise the refusal names them (CA-NU 649 [649..900]). Screen
  ``grid-isolated-reach``.
* a-P2 (``resolve.part_year_gap``): a gap year's own reading on 4,175 hours (48%) lying more
  than 20% from rule G3's line is the centre, the line a bound. Screen ``grid-gap-part-year``.

A generation-17 snapshot answers as before.
"""

from __future__ import annotations

from typing import Any

import pytest
from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors.errors import FactorNotFound
from carbonfactors.resolve.corrected_rows import BELOW_DIRECT
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline import grid_gap_screens as ggs

SOURCES = [
    {"id": s, "priority": p, "license": "CC-BY-4.0"}
    for s, p in [
        ("ember", 10),
        ("emaps", 20),
        ("export", 30),
        ("eea", 40),
        ("ipcc", 50),
        ("em", 60),
    ]
]
ISO = "no interconnector (test)"
ZONES = [
    {"id": "CY", "name": "Cyprus", "type": "country"},
    {"id": "CA", "name": "Canada", "type": "country"},
    {"id": "CA-NT", "name": "NWT", "type": "subnational", "parent": "CA", "isolated": ISO},
    {"id": "CA-NU", "name": "Nunavut", "type": "subnational", "parent": "CA", "isolated": ISO},
    {"id": "JP", "name": "Japan", "type": "country"},
    {"id": "JP-SK", "name": "Shikoku", "type": "subnational", "parent": "JP"},
]
MIX = " FOSSIL MIX: coal 0, gas 0, oil 4.63 TWh (Ember via OWID)."
HOURS = "4,175 of 8,760 hours with data"


def factors(cy_method: str = MIX, sk_hours: str = HOURS) -> list[dict[str, Any]]:
    return [
        gi("tech:coal", 2014, 820.0, "ipcc"),
        gi("tech:coal", 2014, 760.0, "ipcc", basis="direct"),
        gi("tech:oil", 2014, 650.0, "em"),
        gi("tech:oil", 2021, 406.0, "em", basis="direct"),
        gi("CY", 2019, 596.12, "ember", method="Ember." + cy_method),
        gi("CY", 2019, 660.0, "eea", basis="direct"),
        *(gi("CA", y, 130.0, "ember") for y in (2019, 2020, 2021)),
        gi("CA-NT", 2021, 184.0, "emaps", low=184.0, high=200.0),
        gi("CA-NU", 2021, 649.0, "emaps", low=649.0, high=900.0),
        *(gi("JP", y, 500.0, "ember") for y in (2018, 2019, 2021)),
        gi("JP-SK", 2018, 550.48, "export", period="part year: 4,569 of 8,760 hours"),
        gi("JP-SK", 2021, 617.0, "emaps"),
        gi(
            "JP-SK",
            2019,
            463.78,
            "export",
            suffix=":partial-year",
            period=f"partial year: {sk_hours}",
            excluded=f"partial-year: partial year: {sk_hours}: one season",
        ),
    ]


def ds(rules: int = RULES, **kw: str) -> Dataset:
    snap = {"rules": rules, "sources": SOURCES, "zones": ZONES, "factors": factors(**kw)}
    return Dataset.from_snapshot(snap, version="t")


def test_rules_is_generation_18() -> None:
    assert RULES >= 18


def test_below_direct_uplift_follows_the_fossil_mix() -> None:
    res = ds().resolve_grid("CY", 2019)
    assert (res.factor.value, res.factor.high) == (596.12, round(660 * 650 / 406, 2))
    line = next(w for w in res.warnings if w.startswith(BELOW_DIRECT))
    assert "fossil mix" in line and "oil 4.63 TWh" in line and "indicative" in line
    # no mix filed: coal's least uplift, as before
    assert ds(cy_method="").resolve_grid("CY", 2019).factor.high == 712.11
    assert ds(17).resolve_grid("CY", 2019).factor.high == 712.11


def test_isolated_zone_carries_its_first_value_where_figures_agree() -> None:
    res = ds().resolve_grid("CA-NT", 2020)
    assert (res.factor.value, res.factor.lo, res.factor.hi) == (184.0, 184.0, 200.0)
    assert any(w.startswith("OWN SERIES") and "carried back flat" in w for w in res.warnings)
    assert any("STALE" in w for w in res.warnings)
    with pytest.raises(FactorNotFound) as old:
        ds(17).resolve_grid("CA-NT", 2020)
    assert "184" not in str(old.value)
    # two years before is beyond REACH: still refused
    with pytest.raises(FactorNotFound):
        ds().resolve_grid("CA-NT", 2019)


def test_isolated_zone_with_disagreeing_figures_is_refused_naming_them() -> None:
    with pytest.raises(FactorNotFound) as err:
        ds().resolve_grid("CA-NU", 2020)
    assert "649..900" in str(err.value) and "39% apart" in str(err.value)
    new = ds()
    assert ggs.lookup_flags(new, ["CA-NU"], 2020, None, str(err.value)) == []


def test_isolated_reach_screen_trips_on_an_unnamed_refusal() -> None:
    old = ds(17)
    with pytest.raises(FactorNotFound) as err:
        old.resolve_grid("CA-NT", 2020)
    flagged = ggs.lookup_flags(old, ["CA-NT"], 2020, None, str(err.value))
    assert ggs.ISOLATED_REACH in [f.rule for f in flagged]


def test_gap_year_is_centred_on_its_own_part_year_reading() -> None:
    res = ds().resolve_grid("JP-SK", 2019)
    assert res.factor.value == 463.78
    assert res.factor.lo == 463.78 and res.factor.hi >= 617.0
    assert any(w.startswith("PART YEAR") and "572.65" in w for w in res.warnings)
    assert ggs.lookup_flags(ds(), ["JP-SK"], 2019, res) == []
    # a reading on under 40% of the hours stays a bound
    short = ds(sk_hours="3,000 of 8,760 hours with data").resolve_grid("JP-SK", 2019)
    assert short.factor.value == 572.65


def test_gap_part_year_screen_trips_on_the_old_line() -> None:
    old = ds(17)
    res = old.resolve_grid("JP-SK", 2019)
    assert res.factor.value == 572.65
    flagged = ggs.lookup_flags(old, ["JP-SK"], 2019, res)
    assert [f.rule for f in flagged] == [ggs.GAP_PART]
    assert "4,175 of 8,760 hours" in flagged[0].reason


def test_the_importers_fossil_mark_is_what_the_engine_reads() -> None:
    from carbonfactors.records import Factor
    from carbonfactors.resolve.direct_mix import mix_of
    from carbonfactors_pipeline.importers.ember_owid import fossil_mark

    mark = fossil_mark({"oil": 4.63, "gas": 0.5})
    assert mark == "FOSSIL MIX: coal 0, gas 0.5, oil 4.63 TWh (Ember via OWID)."
    row = Factor.from_record(gi("CY", 2019, 596.12, "ember", method="Ember. " + mark))
    assert mix_of(row) == {"coal": 0.0, "gas": 0.5, "oil": 4.63}
