"""Issue 19 "one lifetime source" / issue 20 self-audit 1796581919 class 5: a TPU instance
whose embodied value is its chips' per-TPU figures (host trays included) is amortised over
the same lifetime as the chips alone, so a slice and the same chips as instances agree
(TPU v5p: 484.6 kg as a slice vs 726.9 kg as gcp:ct5p-* for 1000 h, before)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2] / "factors"


def _lifetimes() -> dict[str, float]:
    out: dict[str, float] = {}
    for path in sorted((ROOT / "lifetimes").glob("*.yaml")):
        for f in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("factors") or []:
            if f["kind"] == "lifetime":
                out.setdefault(f["subject"], f["value"])
    return out


def test_every_tpu_instance_has_the_lifetime_of_its_chips() -> None:
    lifetimes = _lifetimes()
    tpu_instances = [
        h["id"]
        for path in sorted((ROOT / "hardware" / "instances").rglob("*.yaml"))
        for h in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("hardware") or []
        if (h.get("specs") or {}).get("accelerators")
        and all(a["model"].startswith("google-tpu-") for a in h["specs"]["accelerators"])
    ]
    assert len(tpu_instances) >= 4  # ct5lp x3, ct5p: the test would pass on none
    wrong = {
        h: lifetimes.get(h) for h in tpu_instances if lifetimes.get(h) != lifetimes["category:tpu"]
    }
    assert not wrong, f"TPU instances amortised unlike their chips: {wrong}"
