"""cloud-instances on fixtures: a plain instance value carries the licence of every fact it
rests on (issue 19 item 3).

The fixture Teads sheet (ccf-coefficients data/aws-instances.csv, licence unstated: full
bundle only) gets one more row, ``c5.large``, that no other list states: its vCPUs and
memory are Teads facts. ``m5.large`` is also in the CCF 2026 list (Apache-2.0), so its
shape is attributed to that list, but its ``min`` point uses the idle DRAM W/GB (a median
of the Teads sheet) and its CCF 2021 host figures are read from the Teads sheet.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from carbonfactors_pipeline import licensing
from carbonfactors_pipeline.importers import REGISTRY
from carbonfactors_pipeline.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "hardware_catalog"
TEADS = "teads-aws-ec2"


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("teads")
    upstream = tmp / "upstream"
    shutil.copytree(UPSTREAM, upstream)
    sheet = upstream / "ccf-coefficients" / "data" / "aws-instances.csv"
    lines = sheet.read_text(encoding="utf-8").splitlines()
    [m5] = [line for line in lines if line.startswith("m5.large,")]
    sheet.write_text("\n".join([*lines, "c5.large," + m5.split(",", 1)[1]]) + "\n", "utf-8")
    factors = tmp / "factors"
    factors.mkdir()
    shutil.copy(ROOT / "factors" / "sources.yaml", factors / "sources.yaml")
    REGISTRY["cloud-instances"].run(upstream, factors)
    res = validate_tree(factors)
    assert res.ok, [str(p) for p in res.problems][:5]
    return dict(res.snapshot)


def _ccf_power(snap: dict[str, Any], subject: str) -> dict[str, dict[str, Any]]:
    return {
        f["basis"]: f
        for f in snap["factors"]
        if f["subject"] == subject and f["kind"] == "power" and f["source"] == "ccf-coefficients"
    }


def _tier(snap: dict[str, Any], fid: str) -> str | None:
    return licensing.tier(licensing.Provenance(snap).license(fid))


def test_a_value_resting_on_a_teads_only_fact_ships_in_full_only(snap: dict[str, Any]) -> None:
    power = _ccf_power(snap, "aws:c5.large")
    assert set(power) == {"min", "max"}
    for f in power.values():
        assert f["inputs"]["composition_facts"] == [TEADS], f["id"]
        assert TEADS in f["derived_from"]["sources"], f["id"]
        assert _tier(snap, f["id"]) == "full", f["id"]


def test_a_fact_also_in_an_apache_list_is_attributed_to_it(snap: dict[str, Any]) -> None:
    power = _ccf_power(snap, "aws:m5.large")
    assert power["max"]["inputs"]["composition_facts"] == ["ccf-coefficients"]
    assert TEADS not in power["max"]["derived_from"]["sources"]
    assert _tier(snap, power["max"]["id"]) == "open"
    # The floor uses the idle DRAM W per GB, a median of the Teads sheet.
    assert "memory_idle_w_per_gb" in power["min"]["inputs"]
    assert TEADS in power["min"]["derived_from"]["sources"]
    assert _tier(snap, power["min"]["id"]) == "full"


def test_ccf_2021_aws_hosts_carry_the_teads_sheet(snap: dict[str, Any]) -> None:
    [emb] = [
        f
        for f in snap["factors"]
        if f["subject"] == "aws:m5.large" and f["kind"] == "embodied" and f["year"] == 2021
    ]
    assert emb["derived_from"]["sources"] == [TEADS]
    assert _tier(snap, emb["id"]) == "full"
