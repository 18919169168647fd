"""Rules generation 5 (issue 20): the before-opening warning
(``resolve.grid_notes.before_opening``) and the importer field that carries a cited opening
year from ``factors/region-mappings.yaml`` onto the zone.

A small in-memory snapshot with one region opened in 2024; the same snapshot cut with
generation 4 (``rules: 4``) is answered exactly as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _grid_records import gi

import carbonfactors as cf
from carbonfactors.dataset import Dataset
from carbonfactors.resolve.grid_notes import BEFORE_OPENING
from carbonfactors.snapshot import RULES
from carbonfactors_pipeline.importers import _mappings

SOURCES = [{"id": "ember", "priority": 10, "license": "CC-BY-4.0"}]
EVIDENCE = "AWS News Blog, 21 August 2024"
ZONES = [
    {"id": "MY", "name": "Malaysia", "type": "country"},
    {"id": "MY-WM", "name": "Peninsula", "type": "subnational", "parent": "MY"},
    {
        "id": "aws:ap-southeast-5",
        "name": "AWS ap-southeast-5 (Asia Pacific (Malaysia))",
        "type": "cloud_region",
        "parent": "MY",
        "provider": "aws",
        "grid_zone": "MY-WM",
        "opened": 2024,
        "opened_evidence": EVIDENCE,
    },
    {
        "id": "aws:ap-southeast-1",
        "name": "AWS ap-southeast-1 (no opening year on file)",
        "type": "cloud_region",
        "parent": "MY",
        "provider": "aws",
        "grid_zone": "MY-WM",
    },
]
FACTORS = [gi("MY-WM", y, 550.0 + y - 2020, "ember") for y in range(2020, 2026)]


def ds(rules: int = RULES) -> Dataset:
    snap: dict[str, Any] = {"rules": rules, "sources": SOURCES, "zones": ZONES}
    return Dataset.from_snapshot({**snap, "factors": list(FACTORS)}, version="t")


def test_rules_is_generation_5() -> None:
    assert RULES >= 5  # 6: resolve.row_notes (test_row_notes.py)


def test_a_year_before_the_cited_opening_warns_and_keeps_the_grid_zone_value() -> None:
    res = ds().resolve_grid("aws:ap-southeast-5", 2023)
    assert (res.factor.subject, res.value) == ("MY-WM", 553.0)
    lines = [w for w in res.warnings if w.startswith(BEFORE_OPENING)]
    assert lines == [
        "BEFORE OPENING: aws:ap-southeast-5 opened in 2024, after the year asked (2023); the "
        f"value is the grid of its zone MY-WM, not of a running site ({EVIDENCE})"
    ]
    assert lines[0] in res.steps  # the trail says it too


@pytest.mark.parametrize("year", [2024, 2025, None])
def test_the_opening_year_and_later_say_nothing(year: int | None) -> None:
    res = ds().resolve_grid("aws:ap-southeast-5", year)
    assert not any(w.startswith(BEFORE_OPENING) for w in res.warnings)


def test_a_region_without_a_cited_opening_year_says_nothing() -> None:
    res = ds().resolve_grid("aws:ap-southeast-1", 2021)
    assert res.value == 551.0
    assert not any(w.startswith(BEFORE_OPENING) for w in res.warnings)


def test_generation_4_answers_exactly_as_before() -> None:
    old, new = (
        ds(4).resolve_grid("aws:ap-southeast-5", 2023),
        ds().resolve_grid("aws:ap-southeast-5", 2023),
    )
    assert not any(BEFORE_OPENING in w for w in old.warnings)
    assert (old.factor, old.fallback) == (new.factor, new.fallback)
    assert old.warnings == tuple(w for w in new.warnings if not w.startswith(BEFORE_OPENING))


def test_the_footprint_of_a_job_before_opening_carries_the_warning() -> None:
    def warnings(rules: int) -> tuple[str, ...]:
        fp = cf.footprint(
            energy_kwh=100.0, location="aws:ap-southeast-5", year=2022, pue=1.0, dataset=ds(rules)
        )
        return tuple(fp.warnings)

    assert any(w.startswith(f"grid_intensity: {BEFORE_OPENING}") for w in warnings(RULES))
    assert not any(BEFORE_OPENING in w for w in warnings(4))


def _entry(**extra: Any) -> dict[str, Any]:
    return {
        "id": "aws:ap-southeast-5",
        "grid_zone": "MY-WM",
        "location": "Kuala Lumpur",
        "served_by": "the peninsula's grid",
        "evidence": "announced",
        "urls": ["https://example.org"],
        "judgement": True,
        **extra,
    }


def test_the_importer_writes_a_cited_opening_year_on_the_zone() -> None:
    rec = _mappings.apply({"id": "aws:ap-southeast-5"}, _entry(opened=2024, opened_evidence="x"))
    assert (rec["opened"], rec["opened_evidence"]) == (2024, "x")
    assert "opened" not in _mappings.apply({"id": "aws:ap-southeast-5"}, _entry())


def test_an_opening_year_without_its_evidence_is_refused() -> None:
    with pytest.raises(ValueError, match="opened without opened_evidence"):
        _mappings.apply({"id": "aws:ap-southeast-5"}, _entry(opened=2024))


def test_the_tree_cites_the_opening_years_it_warns_with() -> None:
    root = Path(__file__).resolve().parents[2] / "factors"
    entries = _mappings.read_mappings(root, "cloud_regions")
    opened = {k: v["opened"] for k, v in entries.items() if v.get("opened") is not None}
    assert opened == {
        "aws:ap-southeast-4": 2023,
        "aws:ap-southeast-5": 2024,
        "aws:ap-southeast-6": 2025,
        "aws:ca-central-1": 2016,
        "aws:ca-west-1": 2023,
        "aws:eu-north-1": 2018,
        "aws:mx-central-1": 2025,
        "aws:us-west-2": 2011,
        "azure:australiacentral": 2018,
        "azure:australiacentral2": 2018,
        "azure:chilecentral": 2025,
        "azure:eastus": 2012,  # w15-open: launched April 2012 (rcpmag.com, secondary)
        "azure:francecentral": 2018,
        "azure:italynorth": 2023,
        "azure:malaysiawest": 2025,
        "azure:polandcentral": 2023,
        "azure:southafricanorth": 2019,
        "azure:southafricawest": 2019,
        "azure:swedencentral": 2021,
        # audit 1796630035 a-O5: Turin opened in March 2023, Milan in June 2022
        "gcp:africa-south1": 2024,
        "gcp:europe-central2": 2021,
        "gcp:europe-southwest1": 2022,
        "gcp:europe-west12": 2023,
        "gcp:europe-west8": 2022,
    }
    assert all(entries[k].get("opened_evidence") for k in opened)
