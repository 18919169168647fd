"""Plausibility screens: each rule flags, a written note lifts a flag, excluded values stay
queryable, and disagreements are explained or open with no percentage near zero."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_validate import SOURCES

from carbonfactors.cli import main
from carbonfactors_pipeline import screens
from carbonfactors_pipeline.screens import pct, spread
from carbonfactors_pipeline.validate import Result, validate_tree

SOURCES2 = (
    SOURCES
    + """\
- id: emaps
  producer: Electricity Maps
  title: Yearly averages
  citation: Electricity Maps.
  url: https://www.electricitymaps.com
  published: '2026'
  accessed: '2026-01-01'
  license: ODbL-1.0
  license_url: https://opendatacommons.org/licenses/odbl/1-0/
  priority: 20
- id: ipcc
  producer: IPCC
  title: AR5 WG3 Annex III
  citation: IPCC 2014.
  url: https://www.ipcc.ch
  published: '2014'
  accessed: '2026-01-01'
  license: LicenseRef-Facts-Cited
  license_url: https://www.ipcc.ch
"""
)

ZONES = """\
zones:
- {id: CF, name: Central African Republic, type: country}
- {id: TM, name: Turkmenistan, type: country}
- {id: MW, name: Malawi, type: country}
- {id: BE, name: Belgium, type: country}
- {id: MY, name: Malaysia, type: country}
- {id: MY-EM, name: East Malaysia, type: subnational, parent: MY}
technologies:
- {id: 'tech:coal', name: Coal}
- {id: 'tech:nuclear', name: Nuclear}
"""


def f(
    subject: str, year: int, value: float, source: str = "ember-owid", **extra: Any
) -> dict[str, Any]:
    return {
        "id": f"grid_intensity:{subject}:{year}:{source}",
        "kind": "grid_intensity",
        "subject": subject,
        "year": year,
        "value": value,
        "unit": "gCO2e/kWh",
        "basis": "lifecycle",
        "source": source,
        **extra,
    }


TECH = [
    f("tech:coal", 2014, 820.0, "ipcc", low=740.0, high=910.0),
    f("tech:nuclear", 2014, 12.0, "ipcc", low=3.7, high=110.0),
]


def tree(tmp_path: Path, factors: list[dict[str, Any]], screens: str | None = None) -> Path:
    import yaml

    root = tmp_path / "factors"
    (root / "zones").mkdir(parents=True)
    (root / "sources.yaml").write_text(SOURCES2, encoding="utf-8")
    (root / "zones" / "z.yaml").write_text(ZONES, encoding="utf-8")
    (root / "grid.yaml").write_text(yaml.safe_dump({"factors": factors}), encoding="utf-8")
    if screens is not None:
        (root / "screens.yaml").write_text(screens, encoding="utf-8")
    return root


def run(root: Path) -> Result:
    res = validate_tree(root)
    assert res.ok, [str(p) for p in res.problems]
    return res


def flags(res: Result) -> dict[str, str]:
    return {fl.factor: fl.rule for fl in res.flags}


def excluded(res: Result) -> dict[str, str]:
    return {r["id"]: r["excluded"] for r in res.snapshot["factors"] if r.get("excluded")}


def test_a_lifecycle_value_below_every_technology_is_flagged_and_excluded(tmp_path: Path) -> None:
    res = run(tree(tmp_path, [*TECH, f("CF", 2022, 0.0), f("CF", 2023, 24.0)]))
    assert flags(res) == {"grid_intensity:CF:2022:ember-owid": "lifecycle-floor"}
    reason = excluded(res)["grid_intensity:CF:2022:ember-owid"]
    assert reason.startswith("lifecycle-floor: 0 gCO2e/kWh is below") and "3.7" in reason
    # Kept in the snapshot (queryable), only marked.
    assert any(r["id"] == "grid_intensity:CF:2022:ember-owid" for r in res.snapshot["factors"])


def test_without_technology_factors_zero_is_still_refused(tmp_path: Path) -> None:
    res = run(tree(tmp_path, [f("CF", 2022, 0.0), f("CF", 2023, 24.0)]))
    assert flags(res) == {"grid_intensity:CF:2022:ember-owid": "lifecycle-floor"}


def test_a_value_above_every_technology_is_flagged(tmp_path: Path) -> None:
    res = run(tree(tmp_path, [*TECH, f("TM", 2023, 1306.14), f("TM", 2024, 1306.27)]))
    assert flags(res) == {
        "grid_intensity:TM:2023:ember-owid": "lifecycle-ceiling",
        "grid_intensity:TM:2024:ember-owid": "lifecycle-ceiling",
    }
    assert "910" in excluded(res)["grid_intensity:TM:2024:ember-owid"]


def test_a_year_on_year_jump_is_flagged_unless_a_note_explains_it(tmp_path: Path) -> None:
    series = [f("MW", 2017, 26.18), f("MW", 2018, 143.65), f("MW", 2019, 130.0)]
    res = run(tree(tmp_path, [*TECH, *series]))
    assert flags(res) == {"grid_intensity:MW:2018:ember-owid": "year-on-year-jump"}
    note = """\
keep:
- factor: grid_intensity:MW:2018:ember-owid
  rule: year-on-year-jump
  note: Drought cut hydro output; diesel made up the gap.
"""
    kept = run(tree(tmp_path / "b", [*TECH, *series], note))
    assert [fl.kept for fl in kept.flags] == ["Drought cut hydro output; diesel made up the gap."]
    assert excluded(kept) == {}


def test_a_subnational_jump_is_listed_for_review_but_stays_a_default(tmp_path: Path) -> None:
    """Issue 20 class 7: MY-EM 2025 +34% (385 → 517) went unflagged; the same change in a
    country (below the 2x rule) or a smaller one in the zone is not a review flag."""
    series = [
        f("MY-EM", 2024, 385.0, "emaps"),
        f("MY-EM", 2025, 517.0, "emaps"),
        f("MY", 2024, 385.0, "emaps"),
        f("MY", 2025, 517.0, "emaps"),
        f("MY-EM", 2023, 360.0, "emaps"),
    ]
    res = run(tree(tmp_path, [*TECH, *series]))
    assert flags(res) == {"grid_intensity:MY-EM:2025:emaps": "subnational-jump"}
    assert "+34%" in res.flags[0].reason
    assert excluded(res) == {}
    out = tmp_path / "out.txt"
    import contextlib

    with out.open("w") as fh, contextlib.redirect_stdout(fh):
        main(["validate", str(tmp_path / "factors")])
    assert "subnational-jump 1 to review, 0 kept" in out.read_text()


def test_small_changes_near_zero_are_not_jumps(tmp_path: Path) -> None:
    res = run(tree(tmp_path, [*TECH, f("MW", 2017, 5.0), f("MW", 2018, 30.0)]))
    assert res.flags == []


def test_a_reviewer_may_exclude_by_hand_and_unknown_ids_are_problems(tmp_path: Path) -> None:
    text = """\
exclude:
- factor: grid_intensity:MW:2017:ember-owid
  note: Placeholder value upstream.
- factor: grid_intensity:XX:2017:ember-owid
  note: typo
"""
    res = validate_tree(tree(tmp_path, [*TECH, f("MW", 2017, 26.0)], text))
    assert [str(p) for p in res.problems] == [
        "factors/screens.yaml:4: factor: unknown factor 'grid_intensity:XX:2017:ember-owid'"
    ]
    assert flags(res)["grid_intensity:MW:2017:ember-owid"] == "manual"


def test_disagreements_are_open_or_explained_and_never_divide_by_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pair = [
        f("BE", 2024, 126.96, accounting="production"),
        f("BE", 2024, 180.0, "emaps", accounting="consumption"),
        f("CF", 2022, 0.0),
        f("CF", 2022, 24.0, "emaps"),
    ]
    res = run(tree(tmp_path, [*TECH, *pair]))
    by = {d["subject"]: d for d in res.disagreements}
    assert by["BE"]["status"] == "open" and by["BE"]["spread"] == pytest.approx(0.4178, abs=1e-4)
    assert by["BE"]["low"]["accounting"] == "production"
    assert by["CF"]["spread"] is None  # 0 vs 24: no percentage
    assert by["CF"]["low"]["excluded"].startswith("lifecycle-floor")
    text = """\
explained:
- subject: BE
  sources: [ember-owid, emaps]
  note: Belgium imports; consumption-based accounting counts them.
"""
    explained = run(tree(tmp_path / "b", [*TECH, *pair], text))
    be = next(d for d in explained.disagreements if d["subject"] == "BE")
    assert (be["status"], be["note"]) == (
        "explained",
        "Belgium imports; consumption-based accounting counts them.",
    )
    assert main(["validate", str(tmp_path / "factors")]) == 0
    out = capsys.readouterr().out
    assert "n/a (one value near zero)" in out and "%" in out
    assert "e+" not in out and "2400000000000" not in out
    assert "OPEN" in out and "[production vs consumption accounting]" in out


def test_spread_is_guarded_near_zero() -> None:
    assert spread(1e-9, 24.0) is None and pct(None) == "n/a (one value near zero)"
    assert spread(100.0, 150.0) == 0.5 and pct(0.5) == "+50%"


def test_no_disagreement_is_left_open_in_the_shipped_factors() -> None:
    """Issue 20 class 9: each cross-source disagreement above 25% is explained (by cause in
    factors/screens.yaml), corrected or excluded; none is open."""
    root = Path(__file__).resolve().parents[2] / "factors"
    res = validate_tree(root)
    assert res.ok
    open_ = [(d["subject"], d["year"]) for d in res.disagreements if d["status"] == "open"]
    assert open_ == []
    assert all(d["note"].startswith("Cause: ") for d in res.disagreements)


def test_every_screen_modules_rule_is_known_to_the_registry() -> None:
    """A ``keep`` note in ``screens.yaml`` is refused for a rule ``screens.RULES`` does not
    name: each screen module lists its rules itself, and the registry (which cannot import
    them: they import it) once missed five, so a reviewer could not keep their flags."""
    import importlib
    import pkgutil

    import carbonfactors_pipeline as pipeline

    declared: dict[str, str] = {}
    for info in pkgutil.iter_modules(pipeline.__path__):
        module = importlib.import_module(f"carbonfactors_pipeline.{info.name}")
        for name, value in vars(module).items():
            if name.isupper() and name.endswith(("RULE", "RULES")) and name != "REVIEW_RULES":
                for rule in value if isinstance(value, (tuple, frozenset, list)) else (value,):
                    if isinstance(rule, str):
                        declared[rule] = f"{info.name}.{name}"
    assert len(declared) > 20
    unknown = {rule: where for rule, where in declared.items() if rule not in screens.RULES}
    assert not unknown
    assert screens.REVIEW_RULES <= set(screens.RULES)
