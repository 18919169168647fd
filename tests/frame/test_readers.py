"""Scheduler and tracker logs, read into frames, give hand-computed totals and error rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonfactors import frame
from carbonfactors.dataset import Dataset
from carbonfactors.readers import read_log
from carbonfactors.readers.sacct import elapsed_seconds, parse_tres

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"


def by_job(out: object) -> dict[str, float]:
    totals = frame.totals(out, by="job")  # type: ignore[arg-type]
    return dict(zip(totals["job"].astype(str), totals["total_kgco2e"], strict=True))


def test_sacct_counts_allocations_not_steps(tiny: Dataset) -> None:
    rows = read_log("sacct", LOGS / "sacct.txt", site=LOGS / "site.json")
    assert sorted(set(rows["job"])) == ["1001", "1002", "1003", "1004", "1005"]
    out = frame.footprints(rows, dataset=tiny)
    totals = by_job(out)
    # 1001: 4 GPUs x 400 W and 16/64 of a 256 W CPU for 10 h, PUE 1.25, 400 g/kWh, plus
    # embodied 4 x 175.2/(5 x 8760) and 0.25 x 43.8/(5 x 8760) per hour. Step energy ignored.
    gpu = 4 * 400 * 10 / 1000 * 1.25 * 0.4 + 4 * 175.2 / 43800 * 10
    cpu = 0.25 * 256 * 10 / 1000 * 1.25 * 0.4 + 0.25 * 43.8 / 43800 * 10
    assert totals["1001"] == pytest.approx(gpu + cpu)
    assert totals["1001"] == pytest.approx(8.4825)
    # 1002: measured 72 MJ = 20 kWh replaces power; half a CPU's embodied for 2 h.
    assert totals["1002"] == pytest.approx(20 * 1.25 * 0.4 + 0.5 * 43.8 / 43800 * 2)
    errors = dict(zip(out["job"], out["error"], strict=True))
    assert errors["1003"].startswith("model: 'h999' names no model") or errors["1003"].startswith(
        "job: another line"
    )
    assert errors["1004"] == "AllocTRES: malformed AllocTRES item 'gres/gpu:a100'"
    assert errors["1005"] == "Elapsed: missing, unreadable or zero"
    assert set(out.loc[out["job"] == "1003", "error_type"]) <= {
        "hardware-not-found",
        "invalid-input",
    }
    assert out.loc[out["job"] == "1003", "total_kgco2e"].isna().all()
    assert out["total_kgco2e"].sum() == pytest.approx(8.4825 + 10.001)


def test_sacct_helpers() -> None:
    assert elapsed_seconds("1-02:03:04") == 93784
    assert elapsed_seconds("05:06") == 306
    assert elapsed_seconds("soon") is None
    assert parse_tres("cpu=4,gres/gpu:a100=2") == {"cpu": "4", "gres/gpu:a100": "2"}
    with pytest.raises(ValueError, match="malformed"):
        parse_tres("cpu")


def test_codecarbon_is_rescored_and_keeps_its_own_figure(tiny: Dataset) -> None:
    rows = read_log("codecarbon", LOGS / "emissions.csv")
    out = frame.footprints(rows, dataset=tiny).set_index("job")
    # r1: measured 2.505 kWh x industry PUE 1.5 x 400 g, plus 4 GPUs' embodied for 2 h.
    assert out.loc["r1", "total_kgco2e"] == pytest.approx(2.505 * 1.5 * 0.4 + 4 * 0.004 * 2)
    assert out.loc["r1", "codecarbon_kgco2e"] == 1.1
    assert out.loc["r1", "embodied_factor"] == "embodied:gpu-x:2024:hand"
    # r2: no GPU, energy only.
    assert out.loc["r2", "total_kgco2e"] == pytest.approx(0.5 * 1.5 * 0.4)
    assert out.loc["r3", "error"] == "energy_consumed: missing or not a positive number"
    assert out.loc["r4", "error"].startswith("model: 'Mystery GPU 9000' names no model")
    assert out.loc["r4", "error_type"] == "hardware-not-found"


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown log format 'pbs'"):
        read_log("pbs", LOGS / "sacct.txt")
