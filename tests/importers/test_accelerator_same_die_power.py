"""Audit 1796655557 class PS (#39 RTX 6000 Ada): a part with no TDP on a die whose other
boards have datasheet TDPs takes the SAME DIE value before its class or the category
default; screen ``accel-power-same-die`` lists a part still without a power factor.

The fixture is the AD102 shape: two boards on (608 mm², 76.3 bn) with TDPs, an L40-like
48 GB 300 W and a 4090-like 24 GB 450 W, and a workstation card on that die with neither
TDP nor memory (the memory is inferred from the same-die boards, as its embodied value is).
"""

from __future__ import annotations

from typing import Any

from _accelerator_fixtures import epoch_tdp
from _accelerator_fixtures import hw as _hw

from carbonfactors_pipeline.accelerator_sibling_review import same_die_power_problems
from carbonfactors_pipeline.importers._accelerator_power import family_power
from carbonfactors_pipeline.importers._accelerator_same_die_power import (
    SAME_DIE_MARK,
    die_spread,
    same_die_parts,
    same_die_power,
)


def _tdp(hid: str, watts: float, year: int = 2022) -> dict[str, Any]:
    return epoch_tdp(hid, watts, year)


def _ad102(hid: str, mem: float | None) -> dict[str, Any]:
    return _hw(hid, 608, 5, mem, transistors_billion=76.3) | {"release_year": 2022}


HW = {
    "l40": _ad102("l40", 48),
    "rtx4090": _ad102("rtx4090", 24),
    "rtx6000": _ad102("rtx6000", None),
    "other": _hw("other", 300, 5, 16, transistors_billion=20.0),
}
TDPS = [_tdp("l40", 300), _tdp("rtx4090", 450), _tdp("other", 200)]


def _run(hardware: dict[str, Any], tdps: list[dict[str, Any]]) -> dict[str, Any]:
    got = family_power(
        tdps,
        {h: "gpu" for h in hardware},
        {f["subject"] for f in tdps},
        {},
        hardware,
    )
    return {f["subject"]: f for f in got}


def test_same_die_parts_match_area_and_transistors_or_a_same_die_as_link() -> None:
    assert same_die_parts("rtx6000", HW) == ["l40", "rtx4090"]
    assert same_die_parts("other", HW) == []
    linked = HW | {"nvl": _hw("nvl", None, None, 94, same_die_as="l40")}
    assert "nvl" in same_die_parts("l40", linked)
    assert same_die_parts("nvl", linked) == ["l40"]


def test_ps_the_part_takes_the_same_die_board_nearest_in_memory() -> None:
    f = _run(HW, TDPS)["rtx6000"]
    assert f["value"] == 300  # the L40 (48 GB, the memory the same-die boards imply)
    assert die_spread(HW, {t["subject"]: t for t in TDPS}) == (1.5, 1)
    assert (f["low"], f["high"]) == (200, 450)  # 300 / 1.5; the 4090's 450
    assert f["method"].startswith(f"{SAME_DIE_MARK}: l40")
    assert "rung" not in f  # a same-die board's value, not a category default
    assert f["inputs"]["same_die_boards"] == ["l40", "rtx4090"]


def test_ps_a_part_with_its_own_memory_takes_that_memory_s_boards() -> None:
    hardware = HW | {"gamer": _ad102("gamer", 24)}
    f = same_die_power("gamer", 2022, {t["subject"]: t for t in TDPS}, hardware)
    assert f is not None and f["value"] == 450


def test_ps_no_same_die_board_no_value() -> None:
    assert same_die_power("other", 2022, {"l40": _tdp("l40", 300)}, HW) is None


def test_screen_lists_the_part_on_the_category_default_then_is_silent() -> None:
    hardware = list(HW.values())
    problems = same_die_power_problems(TDPS, hardware)
    assert [p[1] for p in problems] == ["rtx6000"]
    assert "accel-power-same-die" in problems[0][2] and "l40 300 W" in problems[0][2]
    fixed = TDPS + [_run(HW, TDPS)["rtx6000"]]
    assert same_die_power_problems(fixed, hardware) == []


def test_screen_ignores_derived_tdps_and_idle_figures() -> None:
    derived = _tdp("l40", 300) | {"source": "carbonfactors-derived"}
    idle = _tdp("rtx6000", 34) | {"basis": "idle", "id": "power:rtx6000:idle"}
    assert same_die_power_problems([derived], list(HW.values())) == []
    listed = same_die_power_problems([*TDPS, idle], list(HW.values()))
    assert [p[1] for p in listed] == ["rtx6000"]


def test_shipped_files_leave_no_chip_on_the_category_default_beside_a_same_die_tdp() -> None:
    import glob
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2] / "factors/hardware/accelerators"
    factors: list[dict[str, Any]] = []
    hardware: dict[str, dict[str, Any]] = {}
    for path in sorted(glob.glob(str(root / "*.yaml"))):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        factors += data.get("factors") or []
        for h in data.get("hardware") or []:
            hardware.setdefault(h["id"], h)
    assert same_die_power_problems(factors, list(hardware.values())) == []
    own = [f for f in factors if f["subject"] == "nvidia-rtx-6000-ada" and f["basis"] == "tdp"]
    assert [(f["value"], f["source"]) for f in own] == [(300, "grafikkarten-rtx-6000-ada-2022")]
    titan = [f for f in factors if f["subject"] == "nvidia-titan-rtx" and f["basis"] == "tdp"]
    assert [f["method"].split(":")[0] for f in titan] == [SAME_DIE_MARK]
