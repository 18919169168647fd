"""Audit 1796655557 part c, observations O3, O4, O5, O8, O9, O10: hardware notes that named
another rule than the one applied, or left a weakness on file unsaid. Each fix on a small
fixture, and each screen (``hw_note_screens``, ``pcf_mean_screens``) tripped by one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carbonfactors_pipeline import hw_note_screens as hw
from carbonfactors_pipeline.importers._cloud_records import HOST_RULES, Host, host_rule_sentence
from carbonfactors_pipeline.importers._gcp_list import GCP_LIST, gcp_listed_kg
from carbonfactors_pipeline.importers._pcf_siblings import SERIES_MARK, say_series_spread
from carbonfactors_pipeline.importers._pcf_specpower import load_bounds
from carbonfactors_pipeline.pcf_mean_screens import ABOVE_MARK, screen_pcf_means
from carbonfactors_pipeline.screens import Reasons


def test_the_2026_method_names_the_host_rule_applied() -> None:
    """O3: m3.xlarge's host is the Teads platform (32 vCPUs), not the largest m3 (8)."""
    teads = Host("ccf-2026", "m3 (Teads platform vCPUs)", 1000, 32, 4, 2026, rule="teads")
    assert host_rule_sentence([teads]) == HOST_RULES["teads"]
    assert "largest" not in host_rule_sentence([teads])
    # the screen trips on a method naming the other rule
    fac = {
        "id": "embodied:aws:m3.xlarge:2026:x:manufacturing",
        "kind": "embodied",
        "subject": "aws:m3.xlarge",
        "method": f"CCF 2026 AWS list; {HOST_RULES['largest']}.",
        "inputs": {"host_platforms": ["m3 on Intel Xeon E5-2670 (Teads platform vCPUs)"]},
    }
    [(fid, reason)] = hw.host_rule_named([fac])
    assert "instance-host-rule-named" in reason and "teads" in reason
    fac["method"] = f"CCF 2026 AWS list; {HOST_RULES['teads']}."
    assert hw.host_rule_named([fac]) == []


def _azure(kind: str, inputs: dict[str, Any], method: str = "") -> dict[str, Any]:
    return {
        "id": f"{kind}:azure:standard_m64-16ms:2021:ccf-coefficients:x",
        "kind": kind,
        "subject": "azure:standard_m64-16ms",
        "source": "ccf-coefficients",
        "value": 1.0,
        "method": method,
        "inputs": inputs,
    }


def test_a_constrained_size_uses_one_memory_and_says_why_its_row_is_set_aside() -> None:
    """O4: power at 1,750 GB, embodied at the parent row's 1,792; CCF's own row unsaid."""
    power = _azure("power", {"memory_gb": 1750})
    emb = _azure("embodied", {"instance_memory_gb": 1792})
    got = [r for _, r in hw.constrained_one_memory([power, emb])]
    assert len(got) == 2 and "1792 GB, power at 1750 GB" in got[0] and "set aside" in got[1]
    ok = _azure("embodied", {"instance_memory_gb": 1750}, f"{hw.SET_ASIDE} (…) is set aside")
    assert hw.constrained_one_memory([power, ok]) == []
    # an unconstrained size is not held to it
    plain = dict(emb, subject="azure:standard_m64ms")
    assert hw.constrained_one_memory([plain]) == []


def test_the_gcp_lists_set_aside_figures_are_read_to_be_named(tmp_path: Path) -> None:
    """O5: c3-highcpu-192-metal's 120 t is set aside, not absent."""
    path = tmp_path / GCP_LIST
    path.parent.mkdir(parents=True)
    path.write_text(
        "Instance Type,Instance vCPU,Instance Memory,Platform,"
        "Platform Embedded Emissions (kgCo2eq),Platform Embedded Emissions (mtCo2eq),"
        "Manufacturer,Microarchitecture,CPU Name\n"
        "c3-highcpu-192-metal,192,512,c3-highcpu-192-metal,120000,120,Intel,"
        "Sapphire Rapids,Intel Xeon Platinum 8481C\n"
        "e2-micro,2,1,e2,,,Intel,,\n",
        encoding="utf-8",
    )
    assert gcp_listed_kg(tmp_path) == {"gcp:c3-highcpu-192-metal": 120000}
    assert gcp_listed_kg(tmp_path / "missing") == {}


def _server(hid: str, name: str) -> dict[str, Any]:
    return {"id": hid, "name": name, "category": "server", "vendor": "Lenovo"}


def _share(hid: str, value: float, method: str = "m.") -> dict[str, Any]:
    return {
        "id": f"embodied:{hid}:2019:boavizta-pcf:non-use",
        "kind": "embodied",
        "subject": hid,
        "year": 2019,
        "value": value,
        "basis": "non-use",
        "rung": "product-lca",
        "method": method,
        "inputs": {},
    }


def test_a_series_spread_of_unstated_sheets_is_said_on_each() -> None:
    """O8: SR655 5,733 kg beside SR635 1,880 kg (same maker, series, year), unsaid."""
    hardware = [
        _server("lenovo-thinksystem-sr655", "Lenovo ThinkSystem SR655"),
        _server("lenovo-thinksystem-sr635", "Lenovo ThinkSystem SR635"),
        _server("lenovo-thinksystem-sr650", "Lenovo ThinkSystem SR650"),  # another series
    ]
    facs = [
        _share("lenovo-thinksystem-sr655", 5733.06),
        _share("lenovo-thinksystem-sr635", 1880.1),
        _share("lenovo-thinksystem-sr650", 900.0),
    ]
    assert {f for f, _ in hw.series_spread_unsaid(hardware, facs)} == {facs[0]["id"], facs[1]["id"]}
    files = {"lenovo": {"hardware": hardware, "factors": facs}}
    assert say_series_spread(files) == 2
    assert (
        SERIES_MARK in facs[0]["method"] and "lenovo-thinksystem-sr635 1,880.1" in facs[0]["method"]
    )
    assert SERIES_MARK not in facs[2]["method"] and facs[0]["value"] == 5733.06
    assert hw.series_spread_unsaid(hardware, facs) == []


def test_a_mean_above_its_measured_full_load_says_so() -> None:
    """O9: the R240's 112 W yearly mean over its 93.1 W full load."""
    bounds, note = load_bounds(111.952, [(20.0, 93.1)])
    assert bounds == {"low": 20.0, "high": 111.952}
    assert ABOVE_MARK in note and "covers an idle and a fully loaded server" in note
    _, inside = load_bounds(80.0, [(20.0, 93.1)])
    assert ABOVE_MARK not in inside
    fac: dict[str, Any] = {
        "id": "power:dell-poweredge-r240:2019:boavizta-pcf:average",
        "kind": "power",
        "basis": "average",
        "subject": "dell-poweredge-r240",
        "value": 111.952,
        "low": 20.0,
        "high": 111.952,
        "method": "yearly mean under its usage profile; the range covers an idle and a "
        "fully loaded server.",
        "inputs": {"yearly_tec_kwh": 980.7, "specpower_full_load_w": 93.1},
    }
    [flag] = screen_pcf_means([fac], [], Reasons({}, {}, [], [], {}))
    assert "does not say so" in flag.reason
    fac["method"] += f" {ABOVE_MARK} the highest full load measured (93.1 W)."
    assert screen_pcf_means([fac], [], Reasons({}, {}, [], [], {})) == []


def test_a_share_without_range_says_why_as_its_total_does() -> None:
    """O10: Dell's error ratios reach 1; only the cradle-to-grave factor said so."""
    total = {
        "id": "embodied:dell-poweredge-r240:2019:boavizta-pcf:cradle-to-grave",
        "kind": "embodied",
        "basis": "cradle-to-grave",
        "subject": "dell-poweredge-r240",
        "method": "… No range: this manufacturer's gwp_error_ratio values reach 100 % …",
    }
    share = dict(_share("dell-poweredge-r240", 1167.72), basis="manufacturing")
    [(fid, reason)] = hw.share_range_unsaid([total, share])
    assert fid == share["id"] and "pcf-share-range-unsaid" in reason
    share["method"] += " No range: … or of this share."
    assert hw.share_range_unsaid([total, share]) == []
