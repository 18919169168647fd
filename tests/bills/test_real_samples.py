"""The real sample bills of shared/sources, with the repository's development factors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from carbonfactors.dataset import Dataset
from carbonfactors.readers.bills import footprint_bill
from carbonfactors_pipeline.validate import validate_tree

from .conftest import AZURE_EA, FOCUS_SAMPLE, ROOT, need


def test_focus_sample(dev: Dataset) -> None:
    r = footprint_bill(need(FOCUS_SAMPLE), "focus", dataset=dev)
    s = r.summary
    assert s["rows"] == 1000
    # SOURCE.md: 1 AWS credit, 2 OCI adjustments; 12 Azure reversals (negative quantities)
    assert s["non_usage_rows"] == {"adjustment": 2, "credit": 1, "refund": 12}
    assert s["usage_rows"] == 985 == len(r.lines)
    lines = r.lines
    ec2 = lines[lines["usage_kind"] == "instance"]
    # the 26 EC2 instance-hour rows (instance type read from ChargeDescription) and RDS
    assert set(ec2.loc[ec2["service"] == "Amazon Elastic Compute Cloud", "model"]) == {
        "aws:g5.4xlarge",
        "aws:c5.2xlarge",
        "aws:g3.4xlarge",
        "aws:m5.large",
        "aws:m5.2xlarge",
        "aws:t2.medium",
        "aws:t3.micro",
        "aws:c5.large",
        "aws:t2.micro",
        "aws:t3.medium",
        "aws:m4.10xlarge",
        "aws:m7i-flex.xlarge",
        "aws:c5.xlarge",
        "aws:c5.4xlarge",
    }
    assert (ec2["service"] == "Amazon Elastic Compute Cloud").sum() == 26
    assert ec2["error"].isna().all()
    gpu = ec2[ec2["model"].isin(["aws:g5.4xlarge", "aws:g3.4xlarge"])]
    assert len(gpu) == 10
    assert (gpu["embodied_kgco2e"] > 0).all()
    # every usage line is either computed or kept with a typed reason
    assert (lines["error"].isna() | lines["error_type"].notna()).all()
    # the counts of docs/bills.md ("Real samples"): every usage line classified or typed
    assert s["classified_rows"] == 303 and s["computed_rows"] == 303
    assert s["classified_cost_share"]["USD"] == pytest.approx(0.9123, abs=5e-4)
    assert s["errors"] == {
        "unsupported-network": 482,  # internet, intra-region and CDN traffic
        "unsupported-requests": 100,
        "unsupported-fee": 95,  # IPv4 addresses, NAT gateways, load balancers, IOPS
        "unsupported-size-unknown": 3,  # Lambda seconds without the memory size
        "unsupported-licence": 1,
        "unsupported-service": 1,  # OCI OCPU-hours
    }
    # per request, flat fee or licence (100 + 95 + 1): counted apart, with the share of the
    # lines billed by a quantity of a resource; all of their cost is classified
    assert s["not_by_quantity_rows"] == 196
    assert s["not_by_quantity_cost"]["USD"] == pytest.approx(1.5912, abs=5e-4)
    assert s["classified_by_quantity_row_share"] == pytest.approx(303 / (985 - 196), abs=1e-6)
    assert s["classified_by_quantity_cost_share"]["USD"] == pytest.approx(1.0, abs=1e-6)
    assert s["total_kgco2e_low"] <= s["total_kgco2e"] <= s["total_kgco2e_high"]
    # OCI's regions are mapped (factors/region-mappings.yaml): memory and block storage compute
    oci = lines[lines["provider"] == "oci"]
    computed = oci[oci["error"].isna()]
    assert set(computed["location"]) == {"oci:us-sanjose-1"}
    assert set(computed["usage_kind"]) == {"memory", "storage"} and len(computed) == 3
    assert computed["grid_factor"].str.contains("US-CAL-CISO").all()
    assert set(oci["error_type"].dropna()) == {"unsupported-network", "unsupported-service"}


@pytest.mark.parametrize("name", ["EA_ActualCost_Small.csv", "EA_AmortizedCost_Small.csv"])
def test_azure_ea_samples(dev: Dataset, name: str) -> None:
    r = footprint_bill(need(AZURE_EA / name), "azure-cost", dataset=dev)
    vms = r.lines[r.lines["usage_kind"] == "instance"]
    assert "azure:standard_d2s_v3" in set(vms["model"])
    assert vms["error"].isna().all()
    assert (
        r.summary["rows"] == {"EA_ActualCost_Small.csv": 11, "EA_AmortizedCost_Small.csv": 28}[name]
    )
    if name.startswith("EA_Actual"):
        assert r.summary["non_usage_rows"] == {"purchase": 1}
    # the counts of docs/bills.md: the MySQL "2 vCore" hours are 2 vCPU-hours each hour
    classified, share = {
        "EA_ActualCost_Small.csv": (3, 0.9086),
        "EA_AmortizedCost_Small.csv": (13, 0.9236),
    }[name]
    assert r.summary["classified_rows"] == classified
    assert r.summary["classified_cost_share"]["USD"] == pytest.approx(share, abs=5e-4)
    # what is left: licences, security plans, load balancers, storage operations (and one
    # Azure data transfer line in the amortized file), typed and counted apart
    not_by_quantity, by_quantity = {
        "EA_ActualCost_Small.csv": (7, 1.0),
        "EA_AmortizedCost_Small.csv": (14, 13 / 14),
    }[name]
    assert r.summary["not_by_quantity_rows"] == not_by_quantity
    assert r.summary["classified_by_quantity_row_share"] == pytest.approx(by_quantity, abs=1e-6)
    mysql = r.lines[r.lines["rule"] == "vcore-hours-sized"]
    assert len(mysql) == 1
    assert mysql["usage_amount"].iloc[0] == pytest.approx(2 * mysql["quantity"].iloc[0])
    assert mysql["usage_unit"].iloc[0] == "vCPU-hours"
    # a managed disk billed per disk-month: its tier is its size (P4 = 32 GiB)
    p4 = r.lines[r.lines["usage_type"].str.contains("P4 LRS Disk", na=False)].iloc[0]
    assert p4["rule"] == "managed-disk-ssd"
    assert p4["usage_amount"] == pytest.approx(p4["quantity"] * 32 * 2**30 / 1e9 * 730 / 1000)


def test_hand_total_of_a_real_line(dev: Dataset) -> None:
    """One g5.4xlarge hour of the FOCUS sample, recomputed from its own factor receipt."""
    r = footprint_bill(need(FOCUS_SAMPLE), "focus", dataset=dev)
    line = r.lines[(r.lines["model"] == "aws:g5.4xlarge") & (r.lines["hours"] == 1.0)].iloc[0]
    grid = dev.factor(line["grid_factor"]).value
    pue = dev.factor(line["pue_factor"]).value
    assert line["operational_kgco2e"] == pytest.approx(line["energy_kwh"] * pue * grid / 1000)
    assert line["total_kgco2e"] == pytest.approx(
        line["operational_kgco2e"] + line["embodied_kgco2e"]
    )


def test_mapping_tables_are_validated(tmp_path: Path) -> None:
    """A table naming a model that does not exist fails `validate`, with file and field."""
    tree = tmp_path / "factors"
    shutil.copytree(
        ROOT / "tests" / "fixtures" / "factors", tree, ignore=shutil.ignore_patterns("releases")
    )
    (tree / "billing").mkdir()
    (tree / "billing" / "x.yaml").write_text(
        "provider: x\nrules:\n- id: a\n  where: {unit: h}\n  kind: vcpu\n  model: no-such-model\n"
    )
    res = validate_tree(tree)
    assert any(
        p.path.endswith("billing/x.yaml") and "no-such-model" in p.reason for p in res.problems
    )
    (tree / "billing" / "x.yaml").write_text(
        "provider: x\nrules:\n- id: a\n  kind: vcpu\n  colour: 1\n"
    )
    res = validate_tree(tree)
    reasons = [p for p in res.problems if p.path.endswith("billing/x.yaml")]
    assert reasons and any("colour" in p.field or "where" in p.field for p in reasons)


def test_table_keys_are_checked(tmp_path: Path) -> None:
    """error_type only from the closed list, a count needs its group, a replication factor
    is a number >= 1: each refused by `validate` with the file named."""
    tree = tmp_path / "factors"
    shutil.copytree(
        ROOT / "tests" / "fixtures" / "factors", tree, ignore=shutil.ignore_patterns("releases")
    )
    (tree / "billing").mkdir()
    bad = {
        "error_type": "- id: a\n  where: {unit: h}\n  kind: unsupported\n  reason: r\n"
        "  error_type: unsupported-whatever\n",
        "count": "- id: a\n  where: {unit: h}\n  kind: unsupported\n  reason: r\n"
        "  count: {from: [description], pattern: '[0-9]+'}\n",
        "factor": "- id: a\n  where: {unit: h}\n  kind: unsupported\n  reason: r\n"
        "ccf_replication:\n- {constant: X, factor: 0.5, where: {service: S}}\n",
        "values": "- id: a\n  where: {unit: h}\n  kind: unsupported\n  reason: r\n"
        "  count: {from: [usage_type], pattern: '(?P<count>P[0-9]+)', values: {P4: -32}}\n",
    }
    for key, rules in bad.items():
        (tree / "billing" / "x.yaml").write_text("provider: x\nrules:\n" + rules)
        res = validate_tree(tree)
        found = [p for p in res.problems if p.path.endswith("billing/x.yaml")]
        assert any(key in f"{p.field} {p.reason}" for p in found), (key, found)


def test_repository_tables_validate() -> None:
    res = validate_tree(ROOT / "factors")
    assert not [p for p in res.problems if "billing" in p.path]


def test_parquet_folder_of_the_sample(dev: Dataset, tmp_path: Path) -> None:
    raw = pd.read_csv(need(FOCUS_SAMPLE), dtype=str, keep_default_na=False)
    folder = tmp_path / "parts"
    folder.mkdir()
    for i in range(4):
        raw.iloc[i * 250 : (i + 1) * 250].to_parquet(folder / f"part-{i}.parquet", index=False)
    a = footprint_bill(FOCUS_SAMPLE, "focus", dataset=dev)
    b = footprint_bill(folder, "focus", dataset=dev, chunk_rows=100)
    assert b.summary["rows"] == 1000
    assert b.summary["total_kgco2e"] == pytest.approx(a.summary["total_kgco2e"])
