"""Bad bills get a typed error naming the field, or are kept and counted; never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonfactors.dataset import Dataset
from carbonfactors.errors import InvalidInput
from carbonfactors.readers.bills import footprint_bill
from carbonfactors.readers.bills.mapping import parse_table

from .samples import CUR2_ROWS, FOCUS_COLUMNS, focus_rows, write_csv


def test_wrong_header_names_the_missing_column(tmp_path: Path, tiny: Dataset) -> None:
    cur = write_csv(tmp_path / "cur.csv", CUR2_ROWS)
    with pytest.raises(InvalidInput) as err:
        footprint_bill(cur, "focus", dataset=tiny)
    assert err.value.field == "header"
    assert "ServiceProviderName / ProviderName" in err.value.message
    focus = write_csv(tmp_path / "focus.csv", focus_rows(), FOCUS_COLUMNS)
    with pytest.raises(InvalidInput, match="line_item_product_code"):
        footprint_bill(focus, "aws-cur", dataset=tiny)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff\xfe garbage", b"a,b\n1,2,3,4\n"])
def test_unreadable_files(tmp_path: Path, tiny: Dataset, content: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as err:
        footprint_bill(path, "focus", dataset=tiny)
    assert err.value.field in ("header", "file")


def test_unknown_format_and_group(tmp_path: Path, tiny: Dataset) -> None:
    path = write_csv(tmp_path / "focus.csv", focus_rows(), FOCUS_COLUMNS)
    with pytest.raises(InvalidInput, match="unknown bill format 'focuss'"):
        footprint_bill(path, "focuss", dataset=tiny)
    with pytest.raises(InvalidInput, match="group_by: unknown 'tenant'"):
        footprint_bill(path, "focus", dataset=tiny, group_by=["tenant"])
    with pytest.raises(InvalidInput, match="method"):
        footprint_bill(path, "focus", dataset=tiny, method="guess")


def test_mixed_currencies_are_never_summed(tmp_path: Path, tiny: Dataset) -> None:
    rows = focus_rows()
    rows[0] = dict(rows[0], BillingCurrency="EUR", EffectiveCost="10")
    r = footprint_bill(write_csv(tmp_path / "f.csv", rows, FOCUS_COLUMNS), "focus", dataset=tiny)
    s = r.summary
    assert s["currencies"] == ["EUR", "USD"]
    assert s["usage_cost"]["EUR"] == pytest.approx(10.0)
    assert s["classified_cost_share"]["EUR"] == pytest.approx(1.0)
    assert s["usage_cost"]["USD"] == pytest.approx(0.4 + 0.1 + 80 + 0.1 + 0.5 + 1.7 + 0.526)


def test_negative_quantities_are_reversals(tmp_path: Path, tiny: Dataset) -> None:
    rows = focus_rows()[:1]
    rows.append(dict(rows[0], ConsumedQuantity="-2", BilledCost="-0.192", EffectiveCost="-0.192"))
    r = footprint_bill(write_csv(tmp_path / "f.csv", rows, FOCUS_COLUMNS), "focus", dataset=tiny)
    assert r.summary["non_usage_rows"] == {"refund": 1}
    assert r.summary["total_kgco2e"] == pytest.approx(0.16)  # the reversal is not subtracted
    assert len(r.lines) == 1


def test_unused_commitment_and_corrections_are_not_usage(tmp_path: Path, tiny: Dataset) -> None:
    rows = focus_rows()[:1]
    rows.append(dict(rows[0], CommitmentDiscountStatus="Unused"))
    rows.append(dict(rows[0], ChargeClass="Correction"))
    r = footprint_bill(write_csv(tmp_path / "f.csv", rows, FOCUS_COLUMNS), "focus", dataset=tiny)
    assert r.summary["non_usage_rows"] == {"correction": 1, "unused-commitment": 1}
    assert r.summary["computed_rows"] == 1


def test_unknown_provider_and_region_are_kept(tmp_path: Path, tiny: Dataset) -> None:
    rows = focus_rows()[:1]
    rows.append(dict(rows[0], ProviderName="Tiny Cloud Inc"))
    rows.append(dict(rows[0], RegionId="NULL", RegionName="NULL"))
    rows.append(dict(rows[0], RegionId="mars-north-1"))
    r = footprint_bill(write_csv(tmp_path / "f.csv", rows, FOCUS_COLUMNS), "focus", dataset=tiny)
    types = r.lines["error_type"].tolist()
    assert types[0] is None
    assert types[1] == "unsupported-provider"
    assert types[2] == "no-region"
    assert types[3] in ("not-found", "zone-not-found")
    assert r.summary["usage_rows"] == 4 and r.summary["computed_rows"] == 1


def test_instance_type_the_catalog_does_not_know(tmp_path: Path, tiny: Dataset) -> None:
    rows = [
        dict(focus_rows()[0], ChargeDescription="$9 per On Demand Linux zz9.huge Instance Hour")
    ]
    rows[0]["ChargeDescription"] = "$9 per On Demand Linux zz9.large Instance Hour"
    r = footprint_bill(write_csv(tmp_path / "f.csv", rows, FOCUS_COLUMNS), "focus", dataset=tiny)
    assert r.lines["model"].iloc[0] is None or r.lines["error"].iloc[0] is not None
    assert r.lines["error_type"].iloc[0] in ("not-found", "hardware-not-found")
    assert "zz9.large" in r.lines["error"].iloc[0]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            {
                "provider": "x",
                "rules": [{"id": "a", "where": {"sku": "x"}, "kind": "vcpu", "model": "m"}],
            },
            "where.sku",
        ),
        (
            {
                "provider": "x",
                "rules": [{"id": "a", "where": {"unit": "("}, "kind": "vcpu", "model": "m"}],
            },
            "invalid regular expression",
        ),
        (
            {
                "provider": "x",
                "rules": [{"id": "a", "where": {"unit": "h"}, "kind": "cpu", "model": "m"}],
            },
            "kind",
        ),
        (
            {
                "provider": "x",
                "rules": [{"id": "a", "where": {"unit": "h"}, "kind": "unsupported"}],
            },
            "reason",
        ),
        (
            {
                "provider": "x",
                "rules": [
                    {"id": "a", "where": {"unit": "h"}, "kind": "instance", "model": "x:{type}"}
                ],
            },
            "type",
        ),
        (
            {
                "provider": "x",
                "rules": [
                    {
                        "id": "a",
                        "where": {"unit": "h"},
                        "kind": "vcpu",
                        "model": "m",
                        "unit": "Widgets",
                    }
                ],
            },
            "unknown unit",
        ),
        ({"provider": "x", "colour": 1, "rules": []}, "colour"),
    ],
)
def test_bad_mapping_tables_are_refused(doc: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_table(doc, "x.yaml")
