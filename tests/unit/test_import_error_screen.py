"""A consumption value importing from a known-upstream-error zone (audit 1796682238, class
a-V1): the ``grid-imports-known-error`` screen on a small fixture, and the zone-and-source
correction that closes it (its note relayed as the answer's first warning).

Zone ZZ is recorded in corrections as a KNOWN UPSTREAM ERROR; YY imports from it, its
Electricity Maps consumption value 128 [23..128] while Green Algorithms has 180 for YY
(Tasmania 2017): the screen must list it until the row names the error and its bounds
reach 180.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _grid_records import gi

from carbonfactors.dataset import Dataset
from carbonfactors_pipeline import corrections, import_error_screen

EM = "electricitymaps-2021-export"
FIX = {
    "scope": {"id": None, "subject": "ZZ", "reason": "KNOWN UPSTREAM ERROR (x): too low"},
}
FIGURES = {"YY": [(180.0, "Green Algorithms YY 180"), (160.0, "Eco2AI YY 160")]}
EXCHANGES = {"ZZ": ("YY",)}


def _row(**extra: Any) -> dict[str, Any]:
    base = gi("YY", 2017, 128.0, EM, accounting="consumption", low=23.0, high=128.0, method="EM.")
    return {**base, **extra}


def test_the_screen_lists_an_unsaid_import_of_a_known_error() -> None:
    flags = import_error_screen.flags({"factors": [_row()]}, FIX, FIGURES, EXCHANGES)
    assert [(f.rule, f.factor, f.problem) for f in flags] == [
        (import_error_screen.RULE, _row()["id"], True)
    ]
    assert (
        "does not say so" in flags[0].reason and "miss the figures on file 180" in flags[0].reason
    )


def test_the_screen_passes_a_said_and_reaching_row_and_ignores_others() -> None:
    said = _row(method="EM. IMPORTS FROM A KNOWN UPSTREAM ERROR: ZZ's KNOWN UPSTREAM ERROR.")
    assert import_error_screen.flags({"factors": [said]}, FIX, FIGURES, EXCHANGES) != []
    said["high"] = 180.0
    assert import_error_screen.flags({"factors": [said]}, FIX, FIGURES, EXCHANGES) == []
    production = _row(accounting="production")
    no_error = {"scope": {"id": None, "subject": "ZZ", "reason": "Something else"}}
    assert import_error_screen.flags({"factors": [production]}, FIX, FIGURES, EXCHANGES) == []
    assert import_error_screen.flags({"factors": [_row()]}, no_error, FIGURES, EXCHANGES) == []


def test_a_zone_and_source_correction_closes_it(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    (tmp_path / "corrections.yaml").write_text(
        "corrections:\n- kind: grid_intensity\n  subject: YY\n  source: " + EM + "\n"
        "  high: 180.0\n  reason: 'IMPORTS FROM A KNOWN UPSTREAM ERROR (x): ZZ is a KNOWN "
        "UPSTREAM ERROR, so YY is biased low'\n  evidence: ga\n",
        encoding="utf-8",
    )
    files = {"x.yaml": {"factors": [_row()]}}
    corrections.apply(tmp_path, files)
    rec = files["x.yaml"]["factors"][0]
    assert (rec["low"], rec["value"], rec["high"]) == (23.0, 128.0, 180.0)
    assert import_error_screen.flags({"factors": [rec]}, FIX, FIGURES, EXCHANGES) == []
    snap = {
        "rules": 18,
        "sources": [{"id": EM, "priority": 20, "license": "ODbL-1.0"}],
        "zones": [
            {"id": "AU", "name": "Au", "type": "country"},
            {"id": "YY", "name": "Why", "type": "subnational", "parent": "AU"},
        ],
        "factors": [rec],
    }
    res = Dataset.from_snapshot(snap, version="t").resolve_grid("YY", 2017)
    assert (res.value, res.factor.hi) == (128.0, 180.0)
    assert "IMPORTS FROM A KNOWN UPSTREAM ERROR" in res.warnings[0]
