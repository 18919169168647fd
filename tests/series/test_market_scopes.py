"""Market-based totals beside location-based ones, and GHG Protocol scopes."""

from __future__ import annotations

import pytest

import carbonfactors as cf
from carbonfactors import Dataset, FactorNotFound, InvalidInput

JOB = {
    "hardware": [{"power_w": 1000.0, "embodied_kgco2e": 2500.0, "lifetime_years": 5.0}],
    "hours": 100,
    "location": "GB",
    "year": 2023,
    "pue": 1.2,
}
GB_2023 = 235.63  # ember-owid lifecycle, the location-based factor


def test_full_certificates_at_zero_make_market_operational_zero(series_ds: Dataset) -> None:
    plain = cf.footprint(JOB, dataset=series_ds)
    fp = cf.footprint(
        dict(JOB, market={"instruments": [{"type": "eac", "share": 1, "factor": 0}]}),
        dataset=series_ds,
    )
    assert fp.market_based_kgco2e == 0.0
    # The location-based figure, and every total, are unchanged.
    assert (
        fp.location_based_kgco2e
        == plain.operational_kgco2e
        == pytest.approx(100 * 1.2 * GB_2023 / 1000)
    )
    assert fp.total_kgco2e == plain.total_kgco2e
    d = fp.to_dict()
    assert (
        d["market_based_kgco2e"] == 0.0 and d["location_based_kgco2e"] == plain.operational_kgco2e
    )
    assert d["market"]["warnings"] == []


def test_uncovered_share_without_residual_mix_uses_location_factor(series_ds: Dataset) -> None:
    fp = cf.footprint(
        dict(JOB, market={"instruments": [{"type": "ppa", "share": 0.6, "factor": 10}]}),
        dataset=series_ds,
    )
    fe = 100 * 1.2
    assert fp.market_based_kgco2e == pytest.approx(fe * (0.6 * 10 + 0.4 * GB_2023) / 1000)
    assert any("no supplier factor or residual mix" in w for w in fp.warnings)
    # A residual mix, then a supplier factor, take the uncovered share instead.
    fp = cf.footprint(
        dict(JOB, market={"instruments": [{"share": 0.6, "factor": 10}], "residual_mix": 300}),
        dataset=series_ds,
    )
    assert fp.market_based_kgco2e == pytest.approx(fe * (0.6 * 10 + 0.4 * 300) / 1000)
    fp = cf.footprint(dict(JOB, market={"supplier_factor": 120}), dataset=series_ds)
    assert fp.market_based_kgco2e == pytest.approx(fe * 120 / 1000)
    assert fp.warnings == ()


def test_operator_cfe_estimate_is_labelled(series_ds: Dataset) -> None:
    fp = cf.footprint(
        dict(JOB, location="gcp:europe-west2", market={"cfe_estimate": True}), dataset=series_ds
    )
    m = fp.to_dict()["market"]
    assert m["estimate"] is True and "estimate" in m["method"]
    assert m["factors"] == ["cfe_share:gcp:europe-west2:2023:google-region-carbon"]
    fe = 100 * 1.2
    assert fp.market_based_kgco2e == pytest.approx(fe * 0.08 * GB_2023 / 1000)
    with pytest.raises(FactorNotFound) as info:
        cf.footprint(dict(JOB, market={"cfe_estimate": True}), dataset=series_ds)
    assert info.value.field == "market.cfe_estimate"


@pytest.mark.parametrize(
    ("market", "field"),
    [
        (
            {"instruments": [{"share": 0.7, "factor": 0}, {"share": 0.5, "factor": 0}]},
            "market.instruments",
        ),
        ({"instruments": [{"share": 0.5}]}, "market.instruments[0].factor"),
        ({"instruments": [{"share": 0, "factor": 0}]}, "market.instruments[0].share"),
        ({"supplier_factor": -1}, "market.supplier_factor"),
        ({"cfe_estimate": True, "supplier_factor": 100}, "market.cfe_estimate"),
        ({"green": True}, "market.green"),
        ({}, "market"),
    ],
)
def test_bad_market_names_the_field(series_ds: Dataset, market: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        cf.footprint(dict(JOB, market=market), dataset=series_ds)
    assert info.value.field == field


@pytest.mark.parametrize("ownership", ["owned", "cloud"])
def test_scope_totals_add_up_to_the_total(series_ds: Dataset, ownership: str) -> None:
    job = dict(
        JOB,
        ownership=ownership,
        hardware=[
            *JOB["hardware"],
            {"power_w": 300.0, "embodied_kgco2e": 900.0, "lifetime_years": 4.0},
        ],
    )
    fp = cf.footprint(job, dataset=series_ds)
    s = fp.to_dict()["scopes"]
    assert sum(s["totals"].values()) == fp.total_kgco2e
    assert [line["line"] for line in s["lines"]] == [
        "operational",
        "hardware[0].embodied",
        "hardware[1].embodied",
    ]
    if ownership == "owned":
        assert s["totals"]["scope_2"] == fp.operational_kgco2e
        assert s["totals"]["scope_3"] == fp.embodied_kgco2e
        assert s["lines"][1]["category"] == 2
    else:
        assert s["totals"]["scope_2"] == 0.0
        assert s["totals"]["scope_3"] == fp.total_kgco2e
        assert {line["category"] for line in s["lines"]} == {1}


def test_owned_with_market_reports_scope2_market_beside(series_ds: Dataset) -> None:
    fp = cf.footprint(
        dict(JOB, ownership="owned", market={"supplier_factor": 100}), dataset=series_ds
    )
    s = fp.to_dict()["scopes"]
    assert s["scope_2_market_based_kgco2e"] == fp.market_based_kgco2e
    with pytest.raises(InvalidInput) as info:
        cf.footprint(dict(JOB, ownership="rented"), dataset=series_ds)
    assert info.value.field == "ownership"


def test_the_job_echo_round_trips(series_ds: Dataset) -> None:
    job = dict(
        JOB,
        ownership="owned",
        market={"supplier_factor": 100},
        start="2023-06-07T01:00:00Z",
        end="2023-06-07T03:00:00Z",
    )
    job.pop("hours")
    fp = cf.footprint(job, dataset=series_ds)
    again = cf.footprint(fp.to_dict()["job"], dataset=series_ds)
    assert again.to_dict() == fp.to_dict()


def test_explain_shows_time_market_and_scopes(series_ds: Dataset) -> None:
    job = dict(
        JOB,
        basis="direct",
        start="2023-10-20T21:00:00Z",
        end="2023-10-20T23:00:00Z",
        ownership="owned",
        market={"instruments": [{"share": 0.5, "factor": 0}]},
    )
    job.pop("hours")
    text = cf.footprint(job, dataset=series_ds).explain()
    assert "I = s × I_series + (1 − s) × I_annual = 0.5 ×" in text
    assert "beside it, at the annual factor 209 g/kWh" in text
    assert "Market-based (contractual instruments" in text
    assert "Scope 3 category 2: capital goods" in text
