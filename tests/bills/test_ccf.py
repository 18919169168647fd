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
    """A region neither the dataset nor CCF's own table (factors/billing/ccf) knows."""
    rows = [dict(focus_rows()[0], RegionId="us-nowhere9")]
    r = footprint_bill(
        write_csv(tmp_path / "f.csv", rows, FOCUS_COLUMNS), "focus", dataset=tiny, method="ccf"
    )
    assert r.lines["error_type"].iloc[0] == "factor-not-found"
    assert "no CCF grid factor for 'aws:us-nowhere9'" in r.lines["error"].iloc[0]


_GCP = ["timestamp", "accountName", "region", "serviceName", "usageType", "usageUnit"]


def _gcp(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    return write_csv(tmp_path / "gcp.csv", rows, [*_GCP, "usageAmount", "cost", "machineType"])


def _n1(**more: str) -> dict[str, str]:
    return {
        "timestamp": "2020-11-02",
        "accountName": "a",
        "region": "us-central1",
        "serviceName": "Compute Engine",
        "usageType": "N1 Predefined Instance Core running in Americas",
        "usageUnit": "seconds",
        "usageAmount": "86400",
        "cost": "1",
        "machineType": "n1-standard-1",
        **more,
    }


def test_ccf_grid_factor_of_a_region_the_dataset_leaves_out(tmp_path: Path, dev: Dataset) -> None:
    """GCP us-central1: the ccf-regions importer keeps no factor (CCF's 456 g differs from
    Google's 2021 value, basis unknown); --method ccf takes CCF's own (gcp.yaml), the
    default method keeps the dataset's grid factor."""
    src = _gcp(tmp_path, [_n1()])
    line = footprint_bill(src, "gcp-billing", dataset=dev, method="ccf").lines.iloc[0]
    assert line["error"] is None
    assert line["grid_intensity"] == 456.0
    assert line["ccf_grid_factor"] == "ccf-region-emission-factors:gcp:us-central1"
    default = footprint_bill(src, "gcp-billing", dataset=dev).lines.iloc[0]
    assert default["grid_intensity"] != 456.0
    assert "ccf-region-emission-factors" not in str(default["grid_factor"])


def test_ccf_gcp_machine_type(tmp_path: Path, dev: Dataset) -> None:
    """CCF's own test (BillingExportTable.test.ts:563): n1-standard-1 for 86,400 s in
    us-central1 = 24 vCPU-hours; the n1 series' processors include Sandy and Ivy Bridge,
    so CCF takes the median: min 1.0, max 4.74 W -> 2.87 W per vCPU; embodied n1's
    1.6771 t per host / 96 vCPUs x 24 h / 35,040 h. CCF asserts 0.10269717 kWh, which adds
    the embodied CO2e over the grid factor (456 g)."""
    src = _gcp(tmp_path, [_n1(), _n1(machineType="g1-small")])
    lines = footprint_bill(src, "gcp-billing", dataset=dev, method="ccf").lines
    n1, g1 = lines.iloc[0], lines.iloc[1]
    assert n1["power_w"] == pytest.approx(1.0 + 0.5 * (4.74 - 1.0))
    assert n1["facility_energy_kwh"] == pytest.approx(24 * 2.87 / 1000 * 1.11)
    assert n1["embodied_kgco2e"] == pytest.approx(1677.1 / 96 * 24 / 35040)
    assert n1["ccf_embodied_factor"] == "ccf-instance-tables:gcp:n1-standard-1"
    kwh = n1["facility_energy_kwh"] + n1["embodied_kgco2e"] / 0.456
    assert kwh == pytest.approx(0.10269717440919651, rel=1e-6)
    # a shared-core type: processors unknown to CCF -> its medians 0.68 / 4.11 W
    assert g1["power_w"] == pytest.approx(0.68 + 0.5 * (4.11 - 0.68))
    assert g1["embodied_kgco2e"] == pytest.approx(1577.1 / 96 * 24 / 35040)


def test_ccf_azure_meter_name(tmp_path: Path, dev: Dataset) -> None:
    """CCF reads an Azure VM by its meter name, the part before a "/": "D2 v2/DS2 v2" is
    a D2 v2 (series D1-5 v2: Cascade Lake, Skylake, Broadwell, Haswell -> mean min 0.75,
    max 4.165 W per vCPU x 2 vCPUs; no memory term: D5 v2's 56 GB per chip are below the
    mean 69.2 GB; embodied 1.2055 t per host / 16 vCPUs of D5 v2 x 1 h / 35,040 h),
    whatever catalog model the mapping table picks."""
    from carbonfactors.readers.bills import ccf_azure

    assert ccf_azure.meter_name("Virtual Machines |  | D2 v2/DS2 v2") == "D2 v2"
    assert ccf_azure.meter_name("Virtual Machines | x | D4s v3 Spot") == "D4s v3"
    rows = [
        {
            "date": "2020-11-02",
            "quantity": "1",
            "cost": "1",
            "meterName": "D2 v2/DS2 v2",
            "unitOfMeasure": "1 Hour",
            "meterCategory": "Virtual Machines",
            "subscriptionGuid": "s",
            "resourceLocation": "uksouth",
        }
    ]
    src = write_csv(tmp_path / "az.csv", rows, list(rows[0]))
    line = footprint_bill(src, "azure-cost", dataset=dev, method="ccf").lines.iloc[0]
    assert line["power_w"] == pytest.approx(2 * (0.75 + 0.5 * (4.165 - 0.75)))
    assert line["embodied_kgco2e"] == pytest.approx(1205.5 / 16 / 35040)
    assert line["ccf_embodied_factor"] == "ccf-instance-tables:azure:D2 v2"


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
PARITY = {"AWS": 50, "GCP": 39, "Azure": 19}


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
    for name in ("aws.yaml", "gcp.yaml", "azure.yaml"):
        (folder / name).write_text((ROOT / "factors" / "billing" / "ccf" / name).read_text())

    def problems() -> list[tuple[str, int, str, str]]:
        return list(billing.check(tmp_path, set(), lambda p: p.name))

    assert problems() == []
    (folder / "azure.yaml").write_text("provider: azure\nfamilies: {}\n")
    (folder / "notes.txt").write_text("x")
    found = {(p[0], p[3]) for p in problems()}
    assert ("azure.yaml", "missing keys: commit, source") in found
    assert ("notes.txt", "only YAML (.yaml) files are read") in found
