"""CPU embodied by segment (rule C4, audit 2026-12-06 class E), each rule on a small fixture.

The segment comes from the model name; a client CPU takes its segment's die-area default,
never CCF's 100 kg per server socket; the validator's ``cpu-segment-default`` screen trips
when one would.
"""

from __future__ import annotations

from typing import Any

import pytest
from _cpu_default_fixtures import cpu_default_inputs, emb

from carbonfactors import Dataset
from carbonfactors_pipeline.cpu_screens import client_cpu_defaults, server_socket_defaults
from carbonfactors_pipeline.importers import _cpu_segment as seg
from carbonfactors_pipeline.importers.category_defaults import build


@pytest.mark.parametrize(
    "vendor, cid, expected",
    [
        ("intel", "intel-core-i7-4770te", "desktop"),
        ("intel", "intel-core-i5-4310u", "mobile"),
        ("intel", "intel-core-i7-1065g7", "mobile"),
        ("intel", "intel-core-i7-1270p", "mobile"),
        ("intel", "intel-core-i5-2380p", "desktop"),
        ("intel", "intel-core-m3-8100y", "mobile"),
        ("intel", "intel-core-2-duo-t7500", "mobile"),
        ("intel", "intel-core-2-duo-e8400", "desktop"),
        ("intel", "intel-atom-e3827", "embedded"),
        ("intel", "intel-celeron-j4125", "embedded"),
        ("intel", "intel-pentium-silver-n5000", "embedded"),
        ("intel", "intel-celeron-d-325j", "desktop"),
        ("intel", "intel-xeon-d-2795nt", "server"),
        ("intel", "intel-xeon-w-10885m", "server"),
        ("intel", "intel-xeon-gold-5412u", "server"),
        ("intel", "intel-core-i9-9990xe", "server"),  # Core X HEDT: a server die (#48)
        ("intel", "intel-core-i7-5960x", "server"),
        ("intel", "intel-core-i7-7740x", "desktop"),  # Kaby Lake-X: a client die
        ("intel", "intel-core-i7-980x", "desktop"),
        ("amd", "amd-epyc-9384x", "server"),
        ("amd", "amd-ryzen-threadripper-3990x", "server"),
        ("amd", "amd-ryzen-5-pro-4655g", "desktop"),
        ("amd", "amd-ryzen-7-4800u", "mobile"),
        ("amd", "amd-ryzen-9-7945hx", "mobile"),
        ("amd", "amd-a10-8700p", "mobile"),
        ("amd", "amd-6338p", None),  # an Opteron listed without its family: unknown
        ("amd", "amd-athlon-ii-x3-435", "desktop"),
        ("amd", "amd-apple-m1", None),
    ],
)
def test_the_segment_follows_the_model_name(vendor: str, cid: str, expected: str | None) -> None:
    assert seg.segment(vendor, cid) == expected


#: ACT's kgCO2e per cm² by node (a made-up two-row table: only the arithmetic is tested).
ACT = ({10: 2.0, 28: 1.0}, 0.15)


def test_client_segments_take_the_die_model_over_their_cited_range() -> None:
    out = {f["subject"]: f for f in build(cpu_default_inputs(), ACT)}
    mobile = out["category:cpu:mobile"]
    lo, hi = seg.RANGES["mobile"]
    mid = (lo.mm2 + hi.mm2) / 2
    assert mobile["value"] == pytest.approx((mid / 100 + 0.491) * 1.97 + 9.14, abs=0.01)
    top = seg.largest("mobile")  # the largest cited mobile package (audit 1796606525 DR)
    assert top.mm2 >= hi.mm2
    assert mobile["high"] == pytest.approx((top.mm2 / 100 + 0.491) * 1.97 + 9.14, abs=0.01)
    assert mobile["low"] == pytest.approx(lo.mm2 / 100 * 2.0 + 0.15, abs=0.01)  # ACT, 10 nm
    assert out["category:cpu:embedded"]["low"] == pytest.approx(25 / 100 * 1.0 + 0.15, abs=0.01)
    for s in seg.CLIENT:
        f = out[f"category:cpu:{s}"]
        assert f["low"] < f["value"] < f["high"] < 100  # never the server figure
        assert {"boavizta-cpu-doc", "act-logic-gupta-2022"} <= set(f["derived_from"]["sources"])
    # servers: the same model over the cited server packages; CCF's per-socket figure is
    # the high bound only, ACT's server die the low (audit 2026-12-06 #52)
    server = out["category:cpu:server"]
    lo, hi = seg.SERVER_RANGE
    mid = (lo.mm2 + hi.mm2) / 2
    assert server["value"] == pytest.approx((mid / 100 + 0.491) * 1.97 + 9.14, abs=0.01)
    assert (server["low"], server["high"]) == (11.5, 100)
    assert {"amd-chiplet-isscc-2020", "act-gupta-2022"} <= set(server["derived_from"]["sources"])
    assert server_socket_defaults([*cpu_default_inputs()["factors"], server]) == []
    # a CPU whose segment is unknown: the median of the segments, bounds spanning them all
    generic = out["category:cpu"]
    assert generic["value"] < 100 and generic["high"] == 100
    assert generic["low"] == min(out[f"category:cpu:{s}"]["low"] for s in seg.CLIENT)


def test_without_act_the_generic_cpu_default_is_unchanged() -> None:
    [cpu] = [f for f in build(cpu_default_inputs()) if f["subject"].startswith("category:cpu")]
    assert (cpu["subject"], cpu["value"]) == ("category:cpu", 100)


def _cpu(cid: str, segment: str | None) -> dict[str, Any]:
    specs = {"segment": segment} if segment else {}
    return {"id": cid, "name": cid, "category": "cpu", "vendor": "Intel", "specs": specs}


def test_a_client_cpu_falling_to_the_server_figure_trips_the_screen() -> None:
    hw = [_cpu("intel-core-i5-4310u", "mobile"), _cpu("intel-xeon-gold-6134", "server")]
    server = emb("category:cpu:server", 100, "derived")
    # no mobile default: the mobile part falls to a generic default at the server figure
    flat = [server, emb("category:cpu", 100, "derived")]
    assert [h for h, _ in client_cpu_defaults(flat, hw)] == ["intel-core-i5-4310u"]
    # a mobile default at the server figure trips it too
    same = [server, emb("category:cpu:mobile", 100, "derived")]
    assert [h for h, _ in client_cpu_defaults(same, hw)] == ["intel-core-i5-4310u"]
    # a segment default below it, or a value of its own, passes
    ok = [server, emb("category:cpu", 100, "derived"), emb("category:cpu:mobile", 13.3, "d")]
    assert client_cpu_defaults(ok, hw) == []
    own = [*flat, emb("intel-core-i5-4310u", 12.0, "vendor")]
    assert client_cpu_defaults(own, hw) == []


def test_a_server_default_on_the_socket_figure_trips_the_screen() -> None:
    socket = emb("cpu-socket", 100, "ccf-methodology")
    flat = emb("category:cpu:server", 100, "derived")
    assert [f for f, _ in server_socket_defaults([socket, flat])] == [flat["id"]]
    assert server_socket_defaults([socket, emb("category:cpu:server", 26.9, "derived")]) == []
    assert server_socket_defaults([flat]) == []  # no socket figure: nothing to compare


def test_the_engine_takes_the_segment_default_before_the_generic_one() -> None:
    ds = Dataset.from_snapshot(
        {
            "sources": [{"id": "derived", "priority": 500}],
            "zones": [],
            "operators": [],
            "technologies": [],
            "hardware": [_cpu("m", "mobile"), _cpu("u", None), _cpu("e", "embedded")],
            "factors": [
                emb("category:cpu", 13.45, "derived"),
                emb("category:cpu:mobile", 13.34, "derived"),
            ],
        }
    )
    res = ds.resolve_embodied(ds.hardware_record("m"))
    assert res is not None and res.factor.subject == "category:cpu:mobile"
    assert "category default category:cpu:mobile" in res.summary
    for cid in ("u", "e"):  # no segment, or a segment without a default: the generic one
        other = ds.resolve_embodied(ds.hardware_record(cid))
        assert other is not None and other.factor.subject == "category:cpu"
