"""Audit 1796669258 classes NY (an upstream TDP dropped for want of a release date) and SC
(a secondary relay served in place of the primary it relays): the importer files the
undated row, the screens trip on small fixtures, and the committed tree passes them."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from carbonfactors.host_power import TPU_HOSTS
from carbonfactors_pipeline.accelerator_power_source_screens import (
    RELAY_RULE,
    UPSTREAM_RULE,
    relay_problems,
    upstream_problems,
    upstream_rows,
)
from carbonfactors_pipeline.importers._accelerator_catalog import EPOCH_CSV, Catalog, _epoch
from carbonfactors_pipeline.importers._accelerator_parts import Priorities

ROOT = Path(__file__).resolve().parents[2]
FACTORS = ROOT / "factors"
SHARED = ROOT.parent / "shared" / "sources"
HEADER = (
    "Hardware name,Manufacturer,Type,Notes,Release date,Release price (USD),"
    "Tensor-FP16/BF16 performance (FLOP/s),FP8 performance (FLOP/s),FP4 performance (FLOP/s),"
    "Memory (bytes),Memory bandwidth (byte/s),Intranode bandwidth (byte/s),"
    "Internode bandwidth (bit/s),TDP (W),FP64 (double precision) performance (FLOP/s),"
    "FP32 (single precision) performance (FLOP/s),TF32 (TensorFloat-32) performance (FLOP/s),"
    "FP16 (half precision) performance (FLOP/s),INT16 performance (OP/s),"
    "INT8 performance (OP/s),INT4 performance (OP/s),Foundry,Die Size (mm^2),"
    "Base clock (MHz),Boost clock (MHz),Memory clock (MHz),Memory bus (bit),Tensor cores,"
    "Process size (nm),Transistors (millions),Link to datasheet"
).split(",")


def _epoch_csv(tmp_path: Path, date: str) -> Path:
    path = tmp_path / EPOCH_CSV
    path.parent.mkdir(parents=True, exist_ok=True)
    row = dict.fromkeys(HEADER, "")
    row.update(
        {
            "Hardware name": "Huawei Ascend 800T A2",
            "Manufacturer": "Huawei",
            "Type": "GPU",
            "Release date": date,
            "TDP (W)": "310.0",
            "FP16 (half precision) performance (FLOP/s)": "256000000000000.0",
        }
    )
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, HEADER)
        w.writeheader()
        w.writerow(row)
    return tmp_path


def test_an_undated_epoch_tdp_is_filed_under_the_snapshot_year(tmp_path: Path) -> None:
    sources = _epoch_csv(tmp_path, "")
    factors = _epoch(sources / EPOCH_CSV, Catalog())
    assert [(f["subject"], f["year"], f["value"], f.get("period")) for f in factors] == [
        ("huawei-ascend-800t-a2", 2025, 310, "undated")
    ]
    assert "Release year not in the sources" in factors[0]["method"]
    dated = _epoch(_epoch_csv(tmp_path, "2023-05-01") / EPOCH_CSV, Catalog())
    assert dated[0]["year"] == 2023 and "period" not in dated[0]


def _power(subject: str, source: str, value: float, basis: str = "tdp", **kw: Any) -> dict:
    return {
        "id": f"power:{subject}:2017:{source}:{basis}",
        "kind": "power",
        "subject": subject,
        "year": 2017,
        "value": value,
        "basis": basis,
        "source": source,
        **kw,
    }


def test_upstream_power_screen_trips_on_a_part_left_on_the_category_default(
    tmp_path: Path,
) -> None:
    rows = upstream_rows(_epoch_csv(tmp_path, ""))
    assert rows == [("huawei-ascend-800t-a2", "epoch-ml-hardware", 310.0, "Huawei Ascend 800T A2")]
    fallback = [_power("category:accelerator", "carbonfactors-derived", 197.5)]
    found = upstream_problems(fallback, ["huawei-ascend-800t-a2"], rows, {})
    assert [hid for hid, _ in found] == ["huawei-ascend-800t-a2"]
    assert found[0][1].startswith(UPSTREAM_RULE)
    filed = [*fallback, _power("huawei-ascend-800t-a2", "epoch-ml-hardware", 310)]
    assert upstream_problems(filed, ["huawei-ascend-800t-a2"], rows, {}) == []
    kept = {("huawei-ascend-800t-a2", UPSTREAM_RULE): "reviewed"}
    assert upstream_problems(fallback, ["huawei-ascend-800t-a2"], rows, kept) == []


SOURCES = [
    {"id": "mlco2-impact", "url": "https://github.com/mlco2/impact"},
    {"id": "patterson-2021", "url": "https://arxiv.org/abs/2104.10350"},
]


def _tpu_pair(**relay: Any) -> list[dict]:
    return [
        _power(
            "google-tpu-v2",
            "mlco2-impact",
            221,
            "average",
            method="measured average power per TPU chip, from arXiv:2104.10350",
            **relay,
        ),
        _power(
            "google-tpu-v2",
            "patterson-2021",
            221,
            "average",
            method="System-level; ML CO2 Impact relays it (mlco2-impact.yaml)",
        ),
    ]


def test_relay_screen_trips_while_the_relay_is_served() -> None:
    def priority(source: str) -> int:
        return 100

    found = relay_problems(_tpu_pair(), SOURCES, priority)
    assert [fid for fid, _ in found] == ["power:google-tpu-v2:2017:mlco2-impact:average"]
    assert found[0][1].startswith(RELAY_RULE)
    assert relay_problems(_tpu_pair(excluded="relay"), SOURCES, priority) == []
    # a different value is no relay of the same figure
    other = _tpu_pair()
    other[1]["value"] = 250
    assert relay_problems(other, SOURCES, priority) == []


def _tree_factors() -> list[dict]:
    out: list[dict] = []
    for path in sorted((FACTORS / "hardware" / "accelerators").glob("*.yaml")):
        out += (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("factors") or []
    excluded = {
        e["factor"]
        for e in yaml.safe_load((FACTORS / "screens.yaml").read_text(encoding="utf-8"))["exclude"]
    }
    for f in out:
        if f["id"] in excluded:
            f["excluded"] = "screens.yaml"
    return out


def test_the_committed_tree_serves_the_primaries_and_files_every_upstream_tdp() -> None:
    factors = _tree_factors()
    sources = yaml.safe_load((FACTORS / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert relay_problems(factors, sources, Priorities(FACTORS)) == []
    served = {
        line.split("\t")[0]: line.split("\t")[3]
        for line in (FACTORS / "resolved" / "hardware.tsv").read_text().splitlines()
    }
    assert served["google-tpu-v2"] == "power:google-tpu-v2:2017:patterson-2021:average"
    assert served["google-tpu-v3"] == "power:google-tpu-v3:2018:patterson-2021:average"
    assert (
        served["huawei-ascend-800t-a2"] == "power:huawei-ascend-800t-a2:2025:epoch-ml-hardware:tdp"
    )
    if SHARED.is_dir():
        hardware: list[str] = []
        for path in sorted((FACTORS / "hardware" / "accelerators").glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            hardware += [h["id"] for h in data.get("hardware") or []]
        assert upstream_problems(factors, hardware, upstream_rows(SHARED), {}) == []


def test_tpu_note_says_the_system_level_averages_hold_the_host() -> None:
    assert "system-level" in TPU_HOSTS and "counts the host twice" in TPU_HOSTS
