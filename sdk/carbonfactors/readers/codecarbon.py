"""CodeCarbon ``emissions.csv`` to footprint rows, re-scored with versioned factors.

CodeCarbon measures energy (``energy_consumed``, kWh) and multiplies it by a grid factor of
its own version; re-scoring keeps the measurement and replaces the factors with a pinned
carbonfactors dataset, and adds the embodied carbon of the GPUs it saw (``gpu_model``,
``gpu_count``) over the run's ``duration``. CodeCarbon's own figure is kept beside ours as
``codecarbon_kgco2e``. Location: the cloud region when the run was on a cloud
(``on_cloud`` = Y, ``cloud_provider:cloud_region``), else ``country_iso_code`` (ISO3, an
alias of the country zone). CodeCarbon's ``pue`` column is its own assumption and is not
used: the dataset's PUE rules apply.

When the run times are known (``tz``: the zone CodeCarbon's naive ``timestamp`` is in, e.g.
``"UTC"`` or ``"Europe/London"``; a timestamp with an offset needs none), each row also
gets ``end`` (its timestamp) and ``start`` (``end - duration``), so the frame engine weights
its energy by the zone's intensity series where one covers it (``frame_series``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: "4 x NVIDIA A100-SXM4-40GB": CodeCarbon prefixes the model with the count.
_COUNTED = re.compile(r"^\s*\d+\s*x\s*")
_PROVIDERS = {"aws": "aws", "gcp": "gcp", "google": "gcp", "azure": "azure"}


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None


def _when(ts: str, duration: float | None, tz: str | None) -> tuple[str, str] | None:
    """(start, end) in UTC ISO 8601 of a row, or None when its time zone is unknown."""
    import datetime as dt

    from ..series import format_instant

    try:
        end = dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return None
    if end.tzinfo is None:
        if tz is None:
            return None
        from zoneinfo import ZoneInfo

        end = end.replace(tzinfo=ZoneInfo(tz))
    if not duration or duration <= 0:
        return None
    secs = end.timestamp()
    return format_instant(secs - duration), format_instant(secs)


def read_codecarbon(path: str | Path, tz: str | None = None) -> Any:
    import pandas as pd

    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for i, rec in enumerate(raw.to_dict("records")):
        row: dict[str, Any] = {
            "job": rec.get("run_id") or f"row-{i + 1}",
            "project_name": rec.get("project_name") or None,
            "timestamp": rec.get("timestamp") or None,
            "codecarbon_kgco2e": _num(rec.get("emissions")),
        }
        ts = rec.get("timestamp") or ""
        if ts[:4].isdigit():
            row["year"] = int(ts[:4])
            row["month"] = ts[:7]
        energy = _num(rec.get("energy_consumed"))
        duration = _num(rec.get("duration"))
        provider = _PROVIDERS.get((rec.get("cloud_provider") or "").strip().lower())
        region = (rec.get("cloud_region") or "").strip()
        if (rec.get("on_cloud") or "").strip().upper() == "Y" and provider and region:
            row["location"] = f"{provider}:{region}"
        else:
            row["location"] = (rec.get("country_iso_code") or "").strip() or None
        if energy is None or energy <= 0:
            row["error"] = "energy_consumed: missing or not a positive number"
            row["error_type"] = "invalid-input"
        else:
            row["energy_kwh"] = energy
        if duration and duration > 0:
            row["hours"] = duration / 3600.0
        when = _when(ts, duration, tz)
        if when is not None:
            row["start"], row["end"] = when
        gpu_model = _COUNTED.sub("", rec.get("gpu_model") or "").strip()
        gpus = _num(rec.get("gpu_count"))
        if gpu_model and gpus and gpus >= 1:
            row["model"] = gpu_model
            row["count"] = int(gpus)
        else:
            row["include_embodied"] = False  # no hardware line: nothing to amortize
        rows.append(row)
    return pd.DataFrame(rows)
