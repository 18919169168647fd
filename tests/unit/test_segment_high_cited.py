"""Screen ``segment-high-covers-cited-dies`` (audit 1796660847 class CW): a CPU segment
default's high must reach the die model on every cited die or package of a part filed in
the segment, also when that part is not sized on it (the Iris Pro 5200 parts)."""

from __future__ import annotations

from typing import Any

from carbonfactors.kinds import category_subject
from carbonfactors_pipeline.cpu_config_screens import segment_high_covers_cited
from carbonfactors_pipeline.importers._cpu_dies import CITED, CitedDie
from carbonfactors_pipeline.importers._cpu_segment import defaults, doc_model_kg, largest

#: A fixture configuration: the GT2 quad die, also sold as the 337 mm² GT3e package.
FIXTURE = {("intel", "Haswell", 4): CitedDie(177.0, "src-a", "quad GT2 die", 337.0, "GT3e package")}


def _default(seg: str, high: float) -> dict[str, Any]:
    return {
        "id": f"embodied:{category_subject('cpu', seg)}:2026:x:manufacturing",
        "kind": "embodied",
        "subject": category_subject("cpu", seg),
        "value": 13.34,
        "high": high,
    }


def _quad(cid: str, seg: str) -> dict[str, Any]:
    specs = {"segment": seg, "microarchitecture": "Haswell", "cores": 4}
    return {"id": cid, "category": "cpu", "vendor": "Intel", "specs": specs}


def test_trips_on_a_mobile_high_sized_below_the_cited_package() -> None:
    high_264 = round(doc_model_kg(264.7), 2)  # 15.32: the mobile high before class CW
    bad = _default("mobile", high_264)
    problems = segment_high_covers_cited([bad], [_quad("intel-core-i7-4700hq", "mobile")], FIXTURE)
    assert [p[0] for p in problems] == [bad["id"]]
    assert "segment-high-covers-cited-dies" in problems[0][1] and "337 mm²" in problems[0][1]
    # the same package filed in another segment does not bind the mobile default
    assert (
        segment_high_covers_cited([bad], [_quad("intel-core-i7-4770r", "desktop")], FIXTURE) == []
    )
    # an excluded default, or one whose high reaches the package, passes
    assert (
        segment_high_covers_cited([bad | {"excluded": "x"}], [_quad("p", "mobile")], FIXTURE) == []
    )
    ok = _default("mobile", round(doc_model_kg(337.0), 2))
    assert segment_high_covers_cited([ok], [_quad("p", "mobile")], FIXTURE) == []


def test_shipped_mobile_default_reaches_the_gt3e_package() -> None:
    gt3e = CITED[("intel", "Haswell", 4)].largest
    assert gt3e is not None and largest("mobile").mm2 >= gt3e
    made = defaults({10: 1.7771, 14: 1.5, 45: 1.0}, 0.15, None, [])
    mobile = next(f for f in made if f["subject"] == category_subject("cpu", "mobile"))
    assert mobile["high"] == round(doc_model_kg(337.0), 2) == 16.75
    assert "264.7" not in mobile["method"] and "largest client die" not in mobile["method"]
    assert segment_high_covers_cited(made, [_quad("intel-core-i7-4860eq", "mobile")]) == []
