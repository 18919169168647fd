"""Each bill format on a hand-made file: classification and totals computed by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbonfactors.dataset import Dataset
from carbonfactors.readers.bills import footprint_bill

from .samples import (
    AZURE_ROWS,
    AZURE_TOTAL,
    CUR2_ROWS,
    CUR2_TOTAL,
    FOCUS_COLUMNS,
    FOCUS_TOTAL,
    GCP_ROWS,
    GCP_TOTAL,
    LEGACY_CUR_ROWS,
    focus_rows,
    rounded,
    write_csv,
)


def test_focus_lines_and_hand_totals(tmp_path: Path, tiny: Dataset) -> None:
    path = write_csv(tmp_path / "focus.csv", focus_rows(), FOCUS_COLUMNS)
    r = footprint_bill(path, "focus", dataset=tiny)
    lines = r.lines
    # Two non-usage lines (tax, credit) are counted, never computed.
    assert len(lines) == 9
    assert r.summary["non_usage_rows"] == {"credit": 1, "tax": 1}
    by_line = lines.set_index("line")
    assert by_line.loc[2, "model"] == "aws:m5.large"
    assert by_line.loc[2, "total_kgco2e"] == pytest.approx(0.16)
    assert by_line.loc[2, "embodied_kgco2e"] == pytest.approx(0.04)
    assert by_line.loc[3, "usage_kind"] == "vcpu"
    assert by_line.loc[3, "total_kgco2e"] == pytest.approx(0.018)
    assert by_line.loc[4, "usage_kind"] == "memory"
    assert by_line.loc[4, "total_kgco2e"] == pytest.approx(0.0048)
    assert by_line.loc[5, "usage_amount"] == pytest.approx(730.0)  # TB-hours
    assert by_line.loc[5, "total_kgco2e"] == pytest.approx(0.5256)
    assert by_line.loc[6, "usage_kind"] == "network"
    assert by_line.loc[6, "total_kgco2e"] == pytest.approx(0.003)
    assert by_line.loc[7, "error_type"] == "unsupported-requests"  # the rule says why
    assert by_line.loc[10, "error_type"] == "unknown-sku"
    assert by_line.loc[11, "error_type"] == "no-quantity"
    assert by_line.loc[12, "model"] == "aws:g4dn.xlarge"
    assert by_line.loc[12, "total_kgco2e"] == pytest.approx(0.16)
    s = r.summary
    assert s["total_kgco2e"] == pytest.approx(FOCUS_TOTAL)
    assert s["usage_rows"] == 9 and s["computed_rows"] == 6
    # classified: everything but the unsupported, unknown and quantity-less lines
    assert s["classified_rows"] == 6
    assert s["classified_cost_share"]["USD"] == pytest.approx(
        (0.192 + 0.4 + 0.1 + 80 + 0.1 + 0.526) / (0.192 + 0.4 + 0.1 + 80 + 0.1 + 0.5 + 1.7 + 0.526)
    )
    assert s["errors"] == {"no-quantity": 1, "unknown-sku": 1, "unsupported-requests": 1}
    assert {u["sku"] for u in s["top_unclassified"]} >= {"Foo widgets"}
    assert lines["dataset_version"].dropna().unique().tolist() == ["bills-test"]
    assert lines.loc[lines["model"] == "aws:m5.large", "grid_factor"].iloc[0] == (
        "grid_intensity:XX:2024:hand"
    )


def test_focus_groups(tmp_path: Path, tiny: Dataset) -> None:
    path = write_csv(tmp_path / "focus.csv", focus_rows(), FOCUS_COLUMNS)
    r = footprint_bill(path, "focus", dataset=tiny, group_by=("account", "month", "region"))
    acct = r.groups["account"].set_index("account")
    assert acct.loc["acct-b", "total_kgco2e"] == pytest.approx(0.16)
    assert acct.loc["acct-a", "total_kgco2e"] == pytest.approx(FOCUS_TOTAL - 0.16)
    assert acct.loc["acct-b", "lines"] == 1
    month = r.groups["month"].set_index("month")
    assert month.loc["2024-10", "total_kgco2e"] == pytest.approx(0.16)
    region = r.groups["region"]
    assert region["location"].tolist() == ["aws:us-east-1"]
    assert region["total_kgco2e_low"].iloc[0] <= region["total_kgco2e"].iloc[0]
    assert "power:aws:m5.large:2024:hand" in region["power_factor"].iloc[0]
    assert region["dataset_version"].iloc[0] == "bills-test"


def test_aws_cur2_and_legacy(tmp_path: Path, tiny: Dataset) -> None:
    r = footprint_bill(write_csv(tmp_path / "cur.csv", CUR2_ROWS), "aws-cur", dataset=tiny)
    assert r.summary["total_kgco2e"] == pytest.approx(CUR2_TOTAL)
    assert r.summary["non_usage_rows"] == {"purchase": 1, "tax": 1}
    assert r.lines["model"].tolist() == ["aws:m5.large", "ccf-ssd-tb", "ccf-network-gb-hourly"]
    legacy = footprint_bill(
        write_csv(tmp_path / "legacy.csv", LEGACY_CUR_ROWS), "aws-cur", dataset=tiny
    )
    assert legacy.summary["total_kgco2e"] == pytest.approx(0.08)
    assert legacy.lines["account"].tolist() == ["111"]


def test_gcp_billing_export(tmp_path: Path, tiny: Dataset) -> None:
    r = footprint_bill(write_csv(tmp_path / "gcp.csv", GCP_ROWS), "gcp-billing", dataset=tiny)
    kinds = r.lines.set_index("sku").index  # no sku.id column: sku is empty
    assert len(kinds) == 5
    assert r.lines["usage_kind"].tolist() == ["vcpu", "memory", "gpu", "storage", "storage"]
    assert r.lines["usage_amount"].tolist()[:3] == pytest.approx([4.0, 16.0, 1.0])
    assert r.summary["total_kgco2e"] == pytest.approx(GCP_TOTAL)
    assert r.summary["non_usage_rows"] == {"tax": 1}
    proj = r.groups if "project" in r.groups else None
    assert proj is None  # project is not a default group
    by_project = footprint_bill(
        write_csv(tmp_path / "gcp.csv", GCP_ROWS), "gcp-billing", dataset=tiny, group_by=["project"]
    ).groups["project"]
    assert by_project.set_index("project").loc["proj-a", "total_kgco2e"] == pytest.approx(
        0.0096 + 0.00384
    )


def test_azure_cost_details(tmp_path: Path, tiny: Dataset) -> None:
    r = footprint_bill(write_csv(tmp_path / "az.csv", AZURE_ROWS), "azure-cost", dataset=tiny)
    lines = r.lines
    assert lines["model"].tolist() == [
        "azure:standard_d2s_v3",
        "azure:standard_d2s_v3",
        "ccf-ssd-tb",
    ]
    assert lines["location"].tolist() == ["azure:eastus", "azure:westeurope", "azure:eastus"]
    assert lines["month"].tolist() == ["2023-09"] * 3
    assert r.summary["total_kgco2e"] == pytest.approx(AZURE_TOTAL)
    # the negative quantity is a reversal, the reservation a purchase: both non-usage
    assert r.summary["non_usage_rows"] == {"purchase": 1, "refund": 1}
    assert r.summary["currencies"] == ["EUR"]


def test_parquet_in_and_out(tmp_path: Path, tiny: Dataset) -> None:
    src = write_csv(tmp_path / "focus.csv", focus_rows(), FOCUS_COLUMNS)
    pq = tmp_path / "focus.parquet"
    pd.read_csv(src, dtype=str, keep_default_na=False).to_parquet(pq, index=False)
    out = tmp_path / "lines.parquet"
    r = footprint_bill(pq, "focus", dataset=tiny, out=out, keep_lines=False)
    assert r.lines is None
    back = pd.read_parquet(out)
    assert len(back) == 9
    assert back["total_kgco2e"].sum() == pytest.approx(FOCUS_TOTAL)
    csv_out = tmp_path / "lines.csv"
    footprint_bill(src, "focus", dataset=tiny, out=csv_out)
    assert pd.read_csv(csv_out)["total_kgco2e"].sum() == pytest.approx(FOCUS_TOTAL)


def test_chunks_do_not_change_results(tmp_path: Path, tiny: Dataset) -> None:
    """Streaming in chunks of 2 lines gives the same lines, groups and summary as one chunk."""
    path = write_csv(tmp_path / "focus.csv", focus_rows() * 3, FOCUS_COLUMNS)
    whole = footprint_bill(path, "focus", dataset=tiny)
    small = footprint_bill(path, "focus", dataset=tiny, chunk_rows=2)
    pd.testing.assert_frame_equal(whole.lines, small.lines)
    for name in whole.groups:
        pd.testing.assert_frame_equal(whole.groups[name], small.groups[name])
    assert rounded(whole.summary) == rounded(small.summary)
    assert whole.summary["total_kgco2e"] == pytest.approx(3 * FOCUS_TOTAL)


def test_focus_rows_of_google_cloud_use_the_gcp_table(tmp_path: Path, tiny: Dataset) -> None:
    """4 core-hours in a FOCUS file: the GCP table reads ChargeDescription -> 0.0096 kg."""
    row = dict(
        focus_rows()[1],
        ProviderName="Google Cloud",
        ServiceName="Compute Engine",
        ChargeDescription="N1 Predefined Instance Core running in Virginia",
        ConsumedQuantity="4",
        ConsumedUnit="Hours",
        RegionId="us-east1",
    )
    r = footprint_bill(write_csv(tmp_path / "f.csv", [row], FOCUS_COLUMNS), "focus", dataset=tiny)
    line = r.lines.iloc[0]
    assert (line["provider"], line["usage_kind"], line["model"]) == ("gcp", "vcpu", "ccf-vcpu-gcp")
    assert line["total_kgco2e"] == pytest.approx(0.0096)
