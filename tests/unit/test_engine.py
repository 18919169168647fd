"""Footprint engine: hand-computed cases for each path, bad input, batch and scenarios.

Expected values are written as the arithmetic of DESIGN.md's footprint model on the
fixture's factors (tests/fixtures/engine), so a reader can check them by hand.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import carbonfactors as cf
from carbonfactors import Dataset, FactorNotFound, InvalidInput, NotFound
from carbonfactors_pipeline.validate import validate_tree

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
H = 8760.0  # hours per year

# Fixture factors (see tests/fixtures/engine).
A100_TDP = 400.0
A100_M, A100_M_LO, A100_M_HI = 234.0, 150.0, 318.0
GPU_LIFE, GPU_SHARE = 6.0, 0.85
FR_2023, FR_2023_LO = 55.27541, 49.0
FR_2022, FR_2022_HI = 78.55024, 91.0
IND_2022, IND_2023 = 1.55, 1.58
#: The industry PUE's bounds: the range of its series, 2021..2024 (issue 20 class 8).
IND_LO, IND_HI = 1.55, 1.58
M5_EMB = 67.11625
CLOUD_LIFE = 4.0


@pytest.fixture(scope="module")
def ds() -> Dataset:
    res = validate_tree(FIXTURE)
    assert res.ok, [str(p) for p in res.problems]
    return Dataset.from_snapshot(res.snapshot)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


# -- hand-computed paths --------------------------------------------------------------------
def test_power_based_gpu_in_a_country(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "nvidia-a100-sxm4-80gb", "count": 8, "utilization": 0.5}],
        hours=10,
        location="FR",
        year=2023,
        dataset=ds,
    )
    e = 8 * A100_TDP * 0.5 * 10 / 1000  # 16 kWh
    op = e * IND_2023 * FR_2023 / 1000
    op_lo = e * IND_LO * FR_2023_LO / 1000
    emb = 8 * A100_M * 10 / (GPU_LIFE * H * GPU_SHARE)
    emb_lo = 8 * A100_M_LO * 10 / (GPU_LIFE * H * GPU_SHARE)
    emb_hi = 8 * A100_M_HI * 10 / (GPU_LIFE * H * GPU_SHARE)
    assert fp.energy_kwh == 16.0
    assert close(fp.facility_energy_kwh, 16.0 * IND_2023)
    assert close(fp.operational_kgco2e, op)
    assert close(fp.embodied_kgco2e, emb)
    assert close(fp.total_kgco2e, op + emb)
    assert close(fp.low["total_kgco2e"], op_lo + emb_lo)
    assert close(fp.high["total_kgco2e"], op + emb_hi)  # FR 2023 high == value
    ids = [f.id for f in fp.factors]
    assert ids == [
        "grid_intensity:FR:2023:ember-owid",
        "pue:industry:2023:uptime-pue-survey",
        "power:nvidia-a100-sxm4-80gb:2020:epoch-ml-hardware",
        "embodied:nvidia-a100-sxm4-80gb:2022:luccioni-2022-bloom",
        "lifetime:category:gpu:2022:luccioni-2022-bloom",
        "in_use_share:category:gpu:2022:luccioni-2022-bloom",
    ]
    assert fp.dataset_version == "dev"


def test_energy_based(ds: Dataset) -> None:
    fp = cf.footprint(energy_kwh=100, location="FR", year=2022, include_embodied=False, dataset=ds)
    assert fp.energy_kwh == 100.0
    assert close(fp.operational_kgco2e, 100 * IND_2022 * FR_2022 / 1000)
    assert close(fp.high["operational_kgco2e"], 100 * IND_HI * FR_2022_HI / 1000)
    assert fp.embodied_kgco2e == 0.0
    assert "energy_kwh given: it replaces the power-based estimate" in fp.notes


def test_energy_based_with_embodied_needs_hours(ds: Dataset) -> None:
    fp = cf.footprint(
        energy_kwh=50,
        hours=10,
        hardware=[{"model": "nvidia-a100-sxm4-80gb", "count": 2}],
        location="FR",
        year=2023,
        dataset=ds,
    )
    assert fp.energy_kwh == 50.0  # measured energy replaces 2 × 400 W × 10 h
    assert close(fp.embodied_kgco2e, 2 * A100_M * 10 / (GPU_LIFE * H * GPU_SHARE))
    with pytest.raises(InvalidInput) as err:
        cf.footprint(
            energy_kwh=50, hardware=[{"model": "nvidia-a100-sxm4-80gb"}], location="FR", dataset=ds
        )
    assert err.value.field == "hours"


def test_cloud_instance_with_provider_pue_and_load_curve(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "aws:m5.xlarge", "count": 2, "utilization": 0.3}],
        hours=10,
        location="aws:us-east-1",
        year=2024,
        dataset=ds,
    )
    # Teads curve: 14.0 W at 10 %, 28.2 W at 50 % → 0.3 is halfway: 21.1 W.
    p = 14.0 + (28.2 - 14.0) * (0.3 - 0.1) / (0.5 - 0.1)
    e = 2 * p * 10 / 1000
    assert close(fp.energy_kwh, e)
    # AWS fleet PUE 2024 = 1.15; grid: PJM stops in 2022, US has 2023 → US 2023.
    assert close(fp.operational_kgco2e, e * 1.15 * 392.848 / 1000)
    assert close(fp.embodied_kgco2e, 2 * M5_EMB * 10 / (CLOUD_LIFE * H * 1.0))
    roles = {f.role: f for f in fp.factors}
    assert roles["pue"].id == "pue:aws:2024:aws-sustainability"
    assert (
        roles["grid_intensity"].resolution
        == "aws:us-east-1 → US-MIDA-PJM → US, 2024 → 2023 nearest earlier year"
    )
    assert any("no in-use share factor" in n and "→ 1.0" in n for n in fp.notes)


def test_google_region_own_pue_and_grid_zone_fallback(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "A100 SXM4 80GB", "utilization": 1.0}],
        hours=1,
        location="gcp:europe-west1",
        year=2023,
        include_embodied=False,
        dataset=ds,
    )
    assert close(fp.operational_kgco2e, 0.4 * 1.09 * 139.4042 / 1000)
    grid = fp.factors[0]
    assert grid.resolution == "gcp:europe-west1 → BE, 2023 → 2022 nearest earlier year"
    assert grid.source == "ember-owid"


def test_explicit_overrides(ds: Dataset) -> None:
    job = {
        "hardware": [
            {
                "power_w": 250,
                "count": 2,
                "utilization": 0.8,
                "embodied_kgco2e": 1000,
                "lifetime_years": 5,
                "in_use_share": 0.5,
            }
        ],
        "hours": 24,
        "pue": 1.3,
        "grid_intensity": 100,
    }
    fp = cf.footprint(job, dataset=ds)
    e = 2 * 250 * 0.8 * 24 / 1000
    assert close(fp.energy_kwh, e)
    assert close(fp.operational_kgco2e, e * 1.3 * 100 / 1000)
    assert close(fp.embodied_kgco2e, 2 * 1000 * 24 / (5 * H * 0.5))
    assert (
        fp.low
        == fp.high
        == {
            "energy_kwh": fp.energy_kwh,
            "facility_energy_kwh": fp.facility_energy_kwh,
            "operational_kgco2e": fp.operational_kgco2e,
            "embodied_kgco2e": fp.embodied_kgco2e,
            "total_kgco2e": fp.total_kgco2e,
        }
    )
    assert all(f.source == "job" and f.id is None for f in fp.factors)


def test_model_with_override_of_catalog_values(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "nvidia-a100-sxm4-80gb", "power_w": 300, "lifetime_years": 4}],
        hours=2,
        location="FR",
        year=2023,
        pue=1.1,
        dataset=ds,
    )
    assert close(fp.energy_kwh, 0.3 * 2)
    assert close(fp.embodied_kgco2e, A100_M * 2 / (4 * H * GPU_SHARE))


def test_pue_given_as_operator_id(ds: Dataset) -> None:
    fp = cf.footprint(
        energy_kwh=10,
        location="BE",
        pue="google:st-ghislain-belgium",
        include_embodied=False,
        dataset=ds,
    )
    assert fp.facility_energy_kwh == pytest.approx(10.8)


def test_embodied_on_off(ds: Dataset) -> None:
    job: dict[str, Any] = {
        "hardware": [{"model": "aws:p4d.24xlarge"}],
        "hours": 3,
        "location": "FR",
        "year": 2023,
    }
    on = cf.footprint(job, dataset=ds)
    off = cf.footprint(dict(job, include_embodied=False), dataset=ds)
    assert close(on.embodied_kgco2e, 4676.79 * 3 / (CLOUD_LIFE * H))
    assert off.embodied_kgco2e == off.low["embodied_kgco2e"] == off.high["embodied_kgco2e"] == 0.0
    assert off.operational_kgco2e == on.operational_kgco2e
    assert close(on.total_kgco2e, off.total_kgco2e + on.embodied_kgco2e)


def test_sci(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "nvidia-a100-sxm4-80gb", "count": 8, "utilization": 0.5}],
        hours=10,
        location="FR",
        year=2023,
        functional_units=1000,
        dataset=ds,
    )
    sci = fp.sci
    assert sci is not None
    assert close(sci["value"], fp.total_kgco2e / 1000)
    assert close(sci["low"], fp.low["total_kgco2e"] / 1000)
    assert cf.footprint(energy_kwh=1, location="FR", dataset=ds).sci is None


def test_utilization_default_is_full_load_and_noted(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "nvidia-a100-sxm4-80gb"}], hours=1, location="FR", dataset=ds
    )
    assert fp.energy_kwh == 0.4
    assert "hardware[0]: utilization not given → 1.0 (full load)" in fp.notes


def test_power_preference_average_over_tdp_and_curve_first() -> None:
    # Synthetic test-only dataset (not data): checks the documented order of power bases.
    def f(basis: str, value: float) -> dict[str, Any]:
        return {
            "id": f"power:x:2020:s:{basis}",
            "kind": "power",
            "subject": "x",
            "year": 2020,
            "value": value,
            "unit": "W",
            "basis": basis,
            "source": "s",
        }

    base = {
        "sources": [{"id": "s"}],
        "zones": [],
        "operators": [],
        "technologies": [],
        "hardware": [{"id": "x", "name": "X", "category": "gpu", "vendor": "v"}],
    }
    job = {
        "hardware": [{"model": "x", "utilization": 0.5}],
        "hours": 1,
        "grid_intensity": 100,
        "pue": 1.0,
        "include_embodied": False,
    }
    ds1 = Dataset.from_snapshot(dict(base, factors=[f("tdp", 300), f("average", 200)]))
    fp1 = cf.footprint(job, dataset=ds1)
    # A measured average is a draw at operating load: used as is, never scaled by u again.
    assert fp1.energy_kwh == 0.2
    assert fp1.items[0].power_w == (200.0, 200.0, 200.0)
    assert any("utilization 0.5 not applied" in n for n in fp1.notes)
    ds2 = Dataset.from_snapshot(dict(base, factors=[f("tdp", 300), f("idle", 50), f("max", 250)]))
    assert cf.footprint(job, dataset=ds2).energy_kwh == 0.15
    ds3 = Dataset.from_snapshot(dict(base, factors=[f("tdp", 300), f("idle", 50)]))
    fp3 = cf.footprint(job, dataset=ds3)
    assert fp3.energy_kwh == 0.15  # partial curve ignored → TDP × u
    assert any("partial load curve" in n for n in fp3.notes)


def test_cradle_to_grave_totals_are_never_amortized_as_embodied() -> None:
    # A product footprint's whole-life total includes its use phase; amortizing it as
    # embodied carbon would count operation twice, so only a manufacturing value is used.
    factor = {
        "id": "embodied:x:2020:s:cradle-to-grave",
        "kind": "embodied",
        "subject": "x",
        "year": 2020,
        "value": 8640.0,
        "unit": "kgCO2e",
        "basis": "cradle-to-grave",
        "source": "s",
    }
    snap = {
        "sources": [{"id": "s"}],
        "zones": [],
        "operators": [],
        "technologies": [],
        "hardware": [{"id": "x", "name": "X", "category": "server", "vendor": "v"}],
        "factors": [factor],
    }
    ds0 = Dataset.from_snapshot(snap)
    job = {
        "hardware": [{"model": "x", "power_w": 300}],
        "hours": 1,
        "grid_intensity": 1,
        "pue": 1.1,
    }
    with pytest.raises(FactorNotFound) as err:
        cf.footprint(job, dataset=ds0)
    assert err.value.field == "hardware[0].embodied_kgco2e"


def test_missing_factors_raise_not_wrong_numbers() -> None:
    snap = {
        "sources": [{"id": "s"}],
        "zones": [{"id": "FR", "name": "France", "type": "country"}],
        "operators": [],
        "technologies": [],
        "hardware": [{"id": "x", "name": "X", "category": "gpu", "vendor": "v"}],
        "factors": [],
    }
    ds0 = Dataset.from_snapshot(snap)
    with pytest.raises(FactorNotFound) as err:
        cf.footprint(hardware=[{"model": "x"}], hours=1, grid_intensity=1, pue=1.1, dataset=ds0)
    assert err.value.field == "hardware[0].power_w"
    with pytest.raises(FactorNotFound) as err:
        cf.footprint(
            hardware=[{"model": "x", "power_w": 10}],
            hours=1,
            grid_intensity=1,
            pue=1.1,
            dataset=ds0,
        )
    assert err.value.field == "hardware[0].embodied_kgco2e"
    with pytest.raises(FactorNotFound) as err:
        cf.footprint(energy_kwh=1, location="FR", pue=1.1, dataset=ds0)
    assert err.value.field == "location"
    with pytest.raises(FactorNotFound) as err:
        cf.footprint(energy_kwh=1, location="FR", grid_intensity=5, dataset=ds0)
    assert err.value.field == "pue"


def test_result_document_is_json_and_complete(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "aws:m5.xlarge", "count": 3, "utilization": 0.5}],
        hours=5,
        location="aws:eu-west-3",
        year=2024,
        functional_units=10,
        dataset=ds,
    )
    doc = json.loads(json.dumps(fp.to_dict(), allow_nan=False))
    for key in (
        "energy_kwh",
        "facility_energy_kwh",
        "operational_kgco2e",
        "embodied_kgco2e",
        "total_kgco2e",
        "low",
        "high",
        "sci",
        "dataset_version",
        "factors",
    ):
        assert key in doc
    for f in doc["factors"]:
        assert {"id", "kind", "value", "unit", "year", "source", "resolution"} <= f.keys()
    assert doc["job"]["location"] == "aws:eu-west-3"


def test_explain_shows_the_arithmetic(ds: Dataset) -> None:
    fp = cf.footprint(
        hardware=[{"model": "nvidia-a100-sxm4-80gb", "count": 8, "utilization": 0.5}],
        hours=10,
        location="gcp:europe-west1",
        year=2023,
        functional_units=100,
        dataset=ds,
    )
    text = fp.explain()
    assert "E = (8 × 200 W) × 10 h / 1000 = 16 kWh" in text
    assert "16 kWh × 1.09 = 17.44 kWh" in text
    assert "8 × 234 kgCO2e × 10 h / (6 y × 8760 h/y × 0.85)" in text
    assert "gcp:europe-west1 → BE, 2023 → 2022 nearest earlier year" in text
    assert "SCI = total / functional units" in text


# -- bad input -------------------------------------------------------------------------------
GOOD: dict[str, Any] = {
    "hardware": [{"model": "nvidia-a100-sxm4-80gb"}],
    "hours": 1,
    "location": "FR",
}


def _hw(**kw: Any) -> dict[str, Any]:
    return dict(
        GOOD, hardware=[{"model": "nvidia-a100-sxm4-80gb"}, dict({"model": "aws:m5.xlarge"}, **kw)]
    )


@pytest.mark.parametrize(
    ("job", "error", "field"),
    [
        (dict(GOOD, hardware=[{"model": "nope-9000"}]), NotFound, "hardware[0].model"),
        (dict(GOOD, location="Atlantis"), NotFound, "location"),
        (dict(GOOD, hours=0), InvalidInput, "hours"),
        (dict(GOOD, hours=-3), InvalidInput, "hours"),
        (dict(GOOD, hours=float("nan")), InvalidInput, "hours"),
        (dict(GOOD, hours=float("inf")), InvalidInput, "hours"),
        (dict(GOOD, hours="10"), InvalidInput, "hours"),
        (_hw(count=0), InvalidInput, "hardware[1].count"),
        (_hw(count=1.5), InvalidInput, "hardware[1].count"),
        (_hw(count=True), InvalidInput, "hardware[1].count"),
        (_hw(utilization=1.5), InvalidInput, "hardware[1].utilization"),
        (_hw(utilization=-0.1), InvalidInput, "hardware[1].utilization"),
        (_hw(power_w=float("inf")), InvalidInput, "hardware[1].power_w"),
        (_hw(in_use_share=0), InvalidInput, "hardware[1].in_use_share"),
        (_hw(colour="red"), InvalidInput, "hardware[1].colour"),
        (dict(GOOD, hardware=[{"count": 2}]), InvalidInput, "hardware[0].model"),
        (
            dict(GOOD, hardware=[{"power_w": 5, "embodied_kgco2e": 9}]),
            InvalidInput,
            "hardware[0].lifetime_years",
        ),
        (dict(GOOD, hardware="a100"), InvalidInput, "hardware"),
        (dict(GOOD, hardware=["a100"]), InvalidInput, "hardware[0]"),
        (dict(GOOD, pue=0.9), InvalidInput, "pue"),
        (dict(GOOD, pue=True), InvalidInput, "pue"),
        (dict(GOOD, pue="nobody"), NotFound, "pue"),
        (dict(GOOD, grid_intensity=-1), InvalidInput, "grid_intensity"),
        (dict(GOOD, year="2023"), InvalidInput, "year"),
        (dict(GOOD, year=1800), InvalidInput, "year"),
        (dict(GOOD, basis="green"), InvalidInput, "basis"),
        (dict(GOOD, include_embodied="no"), InvalidInput, "include_embodied"),
        (dict(GOOD, functional_units=0), InvalidInput, "functional_units"),
        (dict(GOOD, speed=3), InvalidInput, "speed"),
        ({"hardware": GOOD["hardware"], "location": "FR"}, InvalidInput, "hours"),
        ({"energy_kwh": 5, "hardware": GOOD["hardware"], "location": "FR"}, InvalidInput, "hours"),
        ({"hours": 2, "location": "FR"}, InvalidInput, "hardware"),
        ({"energy_kwh": 5}, InvalidInput, "location"),
        ([1, 2], InvalidInput, "job"),
    ],
)
def test_bad_input_raises_typed_error_naming_the_field(
    ds: Dataset, job: Any, error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as err:
        cf.footprint(job, dataset=ds)
    assert getattr(err.value, "field", None) == field
    assert str(err.value)


def test_overflow_is_an_error_not_infinity(ds: Dataset) -> None:
    job = {
        "hardware": [{"power_w": 1e300, "count": 10**9}],
        "hours": 1e300,
        "pue": 1.0,
        "grid_intensity": 100,
        "include_embodied": False,
    }
    with pytest.raises(InvalidInput) as err:
        cf.footprint(job, dataset=ds)
    assert err.value.field == "job"


def test_document_and_keywords_are_the_same(ds: Dataset) -> None:
    assert cf.footprint(GOOD, dataset=ds) == cf.footprint(**GOOD, dataset=ds)
    with pytest.raises(InvalidInput):
        cf.footprint(GOOD, hours=2, dataset=ds)


def test_default_dataset_missing_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import carbonfactors.dataset as dsmod
    import carbonfactors.store as store

    monkeypatch.setattr(store, "BUNDLED", tmp_path / "none.json.gz")
    monkeypatch.setenv(store.CACHE_ENV, str(tmp_path / "empty-cache"))
    dsmod.forget_loaded()
    try:
        with pytest.raises(cf.DatasetError, match="bundled"):
            cf.footprint(GOOD)
    finally:
        dsmod.forget_loaded()


# -- batch -----------------------------------------------------------------------------------
def test_batch_keeps_order_and_reports_bad_items(ds: Dataset) -> None:
    jobs: list[Any] = [
        GOOD,
        dict(GOOD, hours=-1),
        dict(GOOD, location="gcp:europe-west1", year=2023),
        dict(GOOD, hardware=[{"model": "unknown-gpu"}]),
        dict(GOOD, location="FR", year=2010),
        GOOD,
    ]
    out = cf.footprints(jobs, dataset=ds)
    assert [r.ok for r in out] == [True, False, True, False, False, True]
    assert out[0] == out[5] or out[0].to_dict() == out[5].to_dict()
    single = [cf.footprint(j, dataset=ds) for j in (jobs[0], jobs[2])]
    assert out[0].total_kgco2e == single[0].total_kgco2e  # type: ignore[union-attr]
    assert out[2].total_kgco2e == single[1].total_kgco2e  # type: ignore[union-attr]
    err = out[1].to_dict()
    # A failed item is a problem document, the same shape and status as an HTTP error.
    assert err == {
        "index": 1,
        "ok": False,
        "error": {
            "type": "https://carbonfactors.org/problems/invalid-input",
            "title": "Invalid input",
            "status": 422,
            "detail": "hours: must be > 0 (got -1)",
            "errors": {"hours": ["hours: must be > 0 (got -1)"]},
        },
    }
    assert list(out[3].to_dict()["error"]["errors"]) == ["hardware[0].model"]
    assert out[3].to_dict()["error"]["status"] == 404
    assert out[4].to_dict()["error"]["type"].endswith("/factor-not-found")


@pytest.mark.parametrize("hardware", [[], [{"model": "nvidia-a100-sxm4-80gb", "count": 2}]])
def test_energy_and_hours_together_as_scheduler_logs_give_them(
    ds: Dataset, hardware: list[dict[str, Any]]
) -> None:
    """Energy drives the operational part, hours the embodied amortization; with nothing to
    amortize, the hours are recorded and a note says they were not needed."""
    job = {"energy_kwh": 50, "hours": 10, "location": "FR", "year": 2023, "hardware": hardware}
    fp = cf.footprint(job, dataset=ds)
    by_energy = cf.footprint({**job, "hours": None, "include_embodied": False}, dataset=ds)
    assert fp.operational_kgco2e == by_energy.operational_kgco2e
    assert fp.energy_kwh == 50
    if hardware:
        assert fp.embodied_kgco2e > 0
        assert any("amortize" in n for n in fp.notes)
    else:
        assert fp.embodied_kgco2e == 0
        assert any("recorded but not needed" in n for n in fp.notes)


# -- scenarios -------------------------------------------------------------------------------
def test_compare_ranks_locations_and_years(ds: Dataset) -> None:
    job = {"hardware": [{"model": "aws:m5.xlarge", "utilization": 0.5}], "hours": 100}
    cmp = cf.compare(job, "aws", years=[2023, 2024], dataset=ds)
    totals = [s.result.total_kgco2e for s in cmp.ranked]  # type: ignore[union-attr]
    assert totals == sorted(totals)
    assert {(s.location, s.year) for s in cmp.ranked} == {
        ("aws:eu-west-3", 2023),
        ("aws:eu-west-3", 2024),
        ("aws:us-east-1", 2023),
        ("aws:us-east-1", 2024),
    }
    assert cmp.ranked[0].location == "aws:eu-west-3"
    for s in cmp.ranked:
        fp = cf.footprint(dict(job, location=s.location, year=s.year), dataset=ds)
        assert fp.total_kgco2e == s.result.total_kgco2e  # type: ignore[union-attr]
    doc = cmp.to_dict()
    assert doc["ranking"][0]["rank"] == 1 and doc["ranking"][0]["result"]["factors"]


def test_compare_lists_failing_scenarios_separately(ds: Dataset) -> None:
    job = {"energy_kwh": 10}
    cmp = cf.compare(job, ["FR", "gcp:europe-west1"], years=[2015, 2023], dataset=ds)
    assert [(s.location, s.year) for s in cmp.errors] == [("FR", 2015), ("gcp:europe-west1", 2015)]
    assert len(cmp.ranked) == 2
    assert "error" in cmp.table()
    with pytest.raises(InvalidInput):
        cf.compare({"energy_kwh": -1}, ["FR"], dataset=ds)


def test_pinning_reads_naturally(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``footprint(job, version=...)`` and ``load_dataset(version=...)`` pin a release."""
    from carbonfactors import store

    monkeypatch.setenv(store.CACHE_ENV, str(tmp_path / "empty"))
    bundled = store.bundled_version()
    assert bundled is not None
    job = {"energy_kwh": 5, "location": "FR", "year": 2023}
    pinned = cf.footprint(job, version=bundled)
    assert pinned.dataset_version == bundled == cf.load_dataset(version=bundled).version
    assert cf.footprint(job).total_kgco2e == pinned.total_kgco2e
    with pytest.raises(cf.DatasetError, match="not available offline"):
        cf.footprint(job, version="1999.01")
    with pytest.raises(InvalidInput, match="not both"):
        cf.footprint(job, hours=2)


# -- power semantics and slices --------------------------------------------------------------
def _tpu_snapshot(power: list[tuple[str, float]]) -> Dataset:
    factors = [
        {
            "id": f"power:google-tpu-v5p:2023:s:{basis}",
            "kind": "power",
            "subject": "google-tpu-v5p",
            "year": 2023,
            "value": value,
            "unit": "W",
            "basis": basis,
            "source": "s",
        }
        for basis, value in power
    ]
    return Dataset.from_snapshot(
        {
            "sources": [{"id": "s"}],
            "hardware": [
                {
                    "id": "google-tpu-v5p",
                    "name": "Google TPU v5p",
                    "category": "tpu",
                    "vendor": "Google",
                    "aliases": ["TPU v5p"],
                }
            ],
            "factors": factors,
        }
    )


JOB_NO_EMB = {"hours": 10, "grid_intensity": 100, "pue": 1.0, "include_embodied": False}


@pytest.mark.parametrize(
    ("power", "utilization", "watts"),
    [
        ([("tdp", 500.0)], 0.5, 250.0),  # TDP × u
        ([("max", 600.0)], 0.5, 300.0),  # max × u
        ([("average", 400.0), ("tdp", 500.0)], 0.5, 400.0),  # measured average, as is
        ([("idle", 100.0), ("load-100", 500.0)], 0.5, 300.0),  # curve interpolated
        ([("idle", 100.0), ("load-50", 200.0), ("max", 500.0)], 0.75, 350.0),
    ],
)
def test_power_follows_its_basis(
    power: list[tuple[str, float]], utilization: float, watts: float
) -> None:
    ds = _tpu_snapshot(power)
    job = {**JOB_NO_EMB, "hardware": [{"model": "TPU v5p", "utilization": utilization}]}
    fp = cf.footprint(job, dataset=ds)
    assert fp.items[0].power_w[0] == watts
    assert fp.energy_kwh == watts * 10 / 1000
    # The batch path gives the same numbers as the single path and its per-line breakdown.
    [batch] = cf.footprints([job], dataset=ds)
    assert isinstance(batch, cf.Footprint) and batch.to_dict() == fp.to_dict()
    assert sum(it.energy_kwh[0] for it in fp.items) == fp.energy_kwh


def test_an_average_is_never_scaled_by_utilization_again() -> None:
    ds = _tpu_snapshot([("average", 400.0)])
    job = {**JOB_NO_EMB, "hardware": [{"model": "TPU v5p", "utilization": 0.3}]}
    fp = cf.footprint(job, dataset=ds)
    assert fp.energy_kwh == 4.0
    assert "used as is" in fp.items[0].power_method
    assert any("utilization 0.3 not applied" in n for n in fp.notes)
    # An explicit power_w is a rating: scaled by utilization.
    given = {**JOB_NO_EMB, "hardware": [{"model": "TPU v5p", "utilization": 0.3, "power_w": 400}]}
    assert cf.footprint(given, dataset=ds).energy_kwh == pytest.approx(1.2)


def test_a_tpu_slice_line_counts_its_chips() -> None:
    ds = _tpu_snapshot([("tdp", 500.0)])
    job = {**JOB_NO_EMB, "hardware": [{"model": "v5p-128", "count": 2, "utilization": 1.0}]}
    fp = cf.footprint(job, dataset=ds)
    [line] = fp.items
    assert (line.model, line.count, line.multiplier, line.units) == ("google-tpu-v5p", 2, 64, 128)
    assert fp.energy_kwh == 128 * 500 * 10 / 1000
    [power] = [f for f in fp.factors if f.role == "hardware[0].power"]
    assert power.steps[0].startswith("model v5p-128 → 64 × google-tpu-v5p")
    assert fp.to_dict()["hardware"][0]["units"] == 128
    assert "128 (2 × 64 per unit of the name given)" in fp.explain()
