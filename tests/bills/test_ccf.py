"""``--method ccf``: CCF's coefficients by hand on one line, and the parity with CCF's tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from carbonfactors.dataset import Dataset
from carbonfactors.readers.bills import footprint_bill

from .conftest import CCF_FIXTURES, ROOT, SOURCES, need
from .samples import FOCUS_COLUMNS, focus_rows, write_csv


def test_ccf_by_hand(tmp_path: Path, tiny: Dataset) -> None:
    """m5.large for 2 h, as CCF's instance tables (factors/billing/ccf/aws.yaml) count it:
    compute 2 vCPU x (1 + 0.5 x (3 - 1)) W = 4 W (the tiny dataset has no Skylake figure:
    CCF's provider average); memory: m5's largest size holds 384 GB on one chip (96 vCPUs),
    Skylake 81.32 GB per chip, so 302.68 GB beyond it, shared by 384 / 8 = 48 -> 6.30583 GB
    x 0.4 W = 2.52233 W; 6.52233 W x 2 h x PUE 1.2 = 0.0156536 kWh x 500 g; embodied m5's
    1.6103792 t per host / 96 (the family's largest vCPUs) x 2 h / 35,040 h."""
    src = write_csv(tmp_path / "f.csv", focus_rows()[:1], FOCUS_COLUMNS)
    line = footprint_bill(src, "focus", dataset=tiny, method="ccf").lines.iloc[0]
    watts = 2 * 2.0 + (384 - 81.32) / (384 / 8) * 0.4
    assert line["facility_energy_kwh"] == pytest.approx(watts * 2 / 1000 * 1.2)
    assert line["facility_energy_kwh"] == pytest.approx(0.0156536)
    assert "ccf-memory-gb" in line["ccf_power_factor"]
    assert line["operational_kgco2e"] == pytest.approx(watts * 2 / 1000 * 1.2 * 0.5)
    assert line["embodied_kgco2e"] == pytest.approx(1610.3792 / 96 * 2 / 35040)
    assert line["ccf_embodied_factor"] == "ccf-instance-tables:aws:m5.large"
    assert (
        line["ccf_grid_factor"] == "grid_intensity:aws:us-east-1:2020:ccf-region-emission-factors"
    )
    assert line["ccf_pue_factor"] == "pue:aws:2022:ccf-methodology"
    assert line["method"] == "ccf"
    default = footprint_bill(src, "focus", dataset=tiny).lines.iloc[0]
    assert default["total_kgco2e"] == pytest.approx(0.16)  # the dataset's own defaults


def test_ccf_without_a_ccf_grid_factor_says_so(tmp_path: Path, tiny: Dataset) -> None:
    rows = [dict(focus_rows()[0], RegionId="us-east1", ProviderName="Google Cloud")]
    r = footprint_bill(
        write_csv(tmp_path / "f.csv", rows, FOCUS_COLUMNS), "focus", dataset=tiny, method="ccf"
    )
    assert r.lines["error_type"].iloc[0] is not None


def test_ccf_line_beside_an_unclassified_line_keeps_ccf_factors(
    tmp_path: Path, tiny: Dataset
) -> None:
    """A chunk with an unclassified line holds NaN, not None, in its error column: the
    classified line must still get CCF's factors, not fall back to the default method."""
    unknown = dict(focus_rows()[0], ChargeDescription="Foo widgets", ConsumedUnit="Widgets")
    src = write_csv(tmp_path / "f.csv", [focus_rows()[0], unknown], FOCUS_COLUMNS)
    lines = footprint_bill(src, "focus", dataset=tiny, method="ccf").lines
    assert lines["error_type"].iloc[1] == "unknown-sku"
    first = lines.iloc[0]
    assert first["ccf_pue_factor"] == "pue:aws:2022:ccf-methodology"
    assert first["facility_energy_kwh"] == pytest.approx(0.0156536)  # as test_ccf_by_hand


def _cur(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    cols = ["timestamp", "accountName", "region", "serviceName", "usageType", "usageUnit"]
    return write_csv(tmp_path / "cur.csv", rows, [*cols, "vCpus", "usageAmount", "cost"])


def test_ccf_storage_replication_and_calendar_month(tmp_path: Path, dev: Dataset) -> None:
    """CCF's own test (CostAndUsageReports.test.ts:263): 3 GB-Mo of gp2 on 2020-10-29 =
    3 / 1000 TB x 31 d x 24 h x 1.2 W/TB x replication 2 (EC2_EBS_VOLUME) x PUE 1.135
    = 0.006079968 kWh; the default method counts 730 h a month and no replication."""
    row = {
        "timestamp": "2020-10-29",
        "accountName": "1",
        "region": "us-east-1",
        "serviceName": "AmazonEC2",
        "usageType": "EBS:VolumeUsage.gp2",
        "usageUnit": "GB-Mo",
        "vCpus": "",
        "usageAmount": "3",
        "cost": "5",
    }
    src = _cur(tmp_path, [row])
    line = footprint_bill(src, "aws-cur", dataset=dev, method="ccf").lines.iloc[0]
    assert line["facility_energy_kwh"] == pytest.approx(3 / 1000 * 31 * 24 * 1.2 * 2 * 1.135 / 1000)
    assert line["facility_energy_kwh"] == pytest.approx(0.006079968000000001)
    default = footprint_bill(src, "aws-cur", dataset=dev).lines.iloc[0]
    assert default["usage_amount"] == pytest.approx(3 / 1000 * 730)


def test_ccf_vcpus_of_the_bill_row(tmp_path: Path, dev: Dataset) -> None:
    """CCF multiplies the hours by the CUR's own ``product_vcpu``: twice the vCPUs, twice
    the CPU power (m5.xlarge has 4 in CCF's table; the row says 8), the memory term
    unchanged: Skylake 0.65 + 0.5 x (4.26 - 0.65) = 2.455 W per vCPU; memory (384 - 81.32)
    GB / (384 / 16) x 0.392 W."""
    base = {
        "timestamp": "2021-01-01",
        "accountName": "1",
        "region": "us-east-1",
        "serviceName": "AmazonEC2",
        "usageType": "USE1-BoxUsage:m5.xlarge",
        "usageUnit": "Hrs",
        "usageAmount": "1",
        "cost": "1",
    }
    rows = [dict(base, vCpus="4"), dict(base, vCpus="8")]
    lines = footprint_bill(_cur(tmp_path, rows), "aws-cur", dataset=dev, method="ccf").lines
    memory = (384 - 81.32) / (384 / 16) * 0.392
    assert lines["energy_kwh"].iloc[0] == pytest.approx((4 * 2.455 + memory) / 1000)
    assert lines["energy_kwh"].iloc[1] == pytest.approx((8 * 2.455 + memory) / 1000)


@pytest.mark.slow
def test_parity_with_ccf_test_expectations(dev: Dataset) -> None:
    """The count reported in docs/bills.md, pinned: a regression fails, and so does an
    improvement until docs/bills.md says what changed."""
    need(CCF_FIXTURES)
    spec = importlib.util.spec_from_file_location("ccf_parity", ROOT / "tools" / "ccf_parity.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = mod.run(SOURCES, dev)
    assert out["total"] == 213
    assert {p: v["reproduced"] for p, v in out["by_provider"].items()} == PARITY
    assert out["reproduced"] == sum(PARITY.values())


#: Expectations of CCF's tests reproduced within 1 %, per provider (docs/bills.md).
PARITY = {"AWS": 45, "GCP": 26, "Azure": 9}


def test_ccf_gcp_vcpu_without_processors_takes_ccf_medians() -> None:
    """CCF's GCP fallback when a line's processors are unknown is its stated medians
    (0.68 / 4.11 W per vCPU, factors/billing/ccf/gcp.yaml), not a mean of its table; AWS
    states no such figure (its provider average factor applies)."""
    from carbonfactors.readers.bills import ccf_aws

    watts, ids = ccf_aws.vcpu_fallback("gcp") or (None, None)
    assert watts == pytest.approx(0.68 + 0.5 * (4.11 - 0.68))
    assert ids == ["ccf-instance-tables:gcp:vcpu-fallback"]
    assert ccf_aws.vcpu_fallback("aws") is None


def test_validate_checks_the_ccf_facts_folder(tmp_path: Path) -> None:
    """``carbonfactors validate`` reads ``factors/billing/ccf/``: the real files pass, a file
    without its source or commit and a file that is not YAML are named."""
    from carbonfactors_pipeline import billing

    folder = tmp_path / "billing" / "ccf"
    folder.mkdir(parents=True)
    for name in ("aws.yaml", "gcp.yaml"):
        (folder / name).write_text((ROOT / "factors" / "billing" / "ccf" / name).read_text())

    def problems() -> list[tuple[str, int, str, str]]:
        return list(billing.check(tmp_path, set(), lambda p: p.name))

    assert problems() == []
    (folder / "azure.yaml").write_text("provider: azure\nfamilies: {}\n")
    (folder / "notes.txt").write_text("x")
    found = {(p[0], p[3]) for p in problems()}
    assert ("azure.yaml", "missing keys: commit, source") in found
    assert ("notes.txt", "only YAML (.yaml) files are read") in found
