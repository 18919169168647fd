"""Slurm accounting (``sacct --parsable2``) to footprint rows, with a small site file.

Only the job allocation record counts: step records (``123.batch``, ``123.extern``,
``123.0``) describe processes *inside* the allocation, and their resources and energy
overlap it, so adding them would double count. From the allocation:

* ``ElapsedRaw`` (seconds; else ``Elapsed`` as ``[D-]HH:MM:SS``) gives ``hours``;
* ``AllocTRES`` gives CPUs (``cpu=``) and GPUs (``gres/gpu[:model]=``);
* ``ConsumedEnergyRaw`` (joules), when Slurm's energy plugin measured it, gives the job's
  ``energy_kwh``; otherwise energy is estimated from the hardware's power;
* ``Start`` gives the year; ``Cluster`` and ``Partition`` select the site entry.

The site file (JSON) says what the scheduler cannot: where the cluster is, its PUE, and
which catalog models its partitions run::

    {"clusters": {"jupiter": {
        "location": "DE", "pue": 1.2,
        "gres": {"a100": "nvidia-a100-sxm4-80gb"},
        "partitions": {
            "gpu": {"cpu_model": "amd-epyc-7763", "cpu_cores": 64,
                    "gpu_model": "nvidia-a100-sxm4-80gb"},
            "*":   {"cpu_model": "amd-epyc-7763", "cpu_cores": 64}}}},
     "default_cluster": "jupiter"}

A job's CPU line counts allocated cores as a share of a socket (``cpu=16`` on 64-core
sockets is ``count`` 0.25), so a job on part of a node carries its part of the power and
of the embodied carbon. Memory is not counted.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

_ELAPSED = re.compile(r"^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)(?:\.\d+)?$")
_GPU_TRES = re.compile(r"^gres/gpu(?::([^=]+))?$")


def load_site(path: str | Path | dict[str, Any]) -> dict[str, Any]:
    if isinstance(path, dict):
        return path
    with open(path, encoding="utf-8") as fh:
        site: dict[str, Any] = json.load(fh)
    if not isinstance(site.get("clusters"), dict) or not site["clusters"]:
        raise ValueError(f"{path}: a site file needs a non-empty 'clusters' mapping")
    return site


def elapsed_seconds(text: str) -> float | None:
    """Seconds of a Slurm ``Elapsed`` value (``[D-][HH:]MM:SS``), None if unreadable."""
    m = _ELAPSED.match(text.strip())
    if not m:
        return None
    days, hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
    return float(((days * 24 + hours) * 60 + minutes) * 60 + seconds)


def parse_tres(text: str) -> dict[str, str]:
    """``cpu=64,gres/gpu:a100=4,mem=256G`` as a dict; raises ValueError when malformed."""
    out: dict[str, str] = {}
    for part in filter(None, text.strip().split(",")):
        key, sep, value = part.partition("=")
        if not sep or not key:
            raise ValueError(f"malformed AllocTRES item '{part}'")
        out[key.strip()] = value.strip()
    return out


def _gpus(tres: dict[str, str]) -> tuple[str | None, int]:
    """(gres model name or None, count): a typed entry wins over the untyped total."""
    typed = [(m.group(1), v) for k, v in tres.items() if (m := _GPU_TRES.match(k)) and m.group(1)]
    if typed:
        name, value = typed[0]
        return name, int(value)
    return None, int(tres.get("gres/gpu", "0") or 0)


def _partition(cluster: dict[str, Any], name: str) -> dict[str, Any]:
    parts = cluster.get("partitions", {})
    found: dict[str, Any] = parts.get(name) or parts.get("*") or {}
    return found


def read_sacct(path: str | Path, *, site: str | Path | dict[str, Any]) -> Any:
    """Footprint rows (frame layout) for every job allocation of a ``sacct --parsable2`` file."""
    import pandas as pd

    conf = load_site(site)
    rows: list[dict[str, Any]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = csv.DictReader(fh, delimiter="|")
        for lineno, rec in enumerate(lines, start=2):
            rows.extend(_job_rows(rec, lineno, conf))
    return pd.DataFrame(rows)


def _job_rows(rec: dict[str, Any], lineno: int, conf: dict[str, Any]) -> list[dict[str, Any]]:
    job_id = (rec.get("JobID") or "").strip()
    if not job_id or "." in job_id:
        return []  # a step of an allocation (or an empty line): never counted twice
    base: dict[str, Any] = {"job": job_id, "line": lineno}
    if None in rec:  # more fields than the header: the line is broken
        return [
            {**base, "error": "line: more fields than the header", "error_type": "invalid-input"}
        ]
    cluster_name = (rec.get("Cluster") or "").strip() or conf.get("default_cluster", "")
    cluster = conf["clusters"].get(cluster_name)
    if cluster is None:
        return [
            {
                **base,
                "error": f"Cluster: '{cluster_name}' is not in the site file",
                "error_type": "invalid-input",
            }
        ]
    partition = (rec.get("Partition") or "").strip()
    part = _partition(cluster, partition)
    seconds: float | None = None
    raw = (rec.get("ElapsedRaw") or "").strip()
    if raw.isdigit():
        seconds = float(raw)
    elif rec.get("Elapsed"):
        seconds = elapsed_seconds(rec["Elapsed"])
    if not seconds:
        return [
            {**base, "error": "Elapsed: missing, unreadable or zero", "error_type": "invalid-input"}
        ]
    try:
        tres = parse_tres(rec.get("AllocTRES") or "")
        gres, gpus = _gpus(tres)
        cpus = int(tres.get("cpu", "0") or 0)
    except ValueError as exc:
        return [{**base, "error": f"AllocTRES: {exc}", "error_type": "invalid-input"}]
    job: dict[str, Any] = {
        **base,
        "hours": seconds / 3600.0,
        "location": cluster.get("location"),
        "partition": partition,
        "cluster": cluster_name,
    }
    if "pue" in cluster:
        job["pue"] = cluster["pue"]
    start = (rec.get("Start") or "").strip()
    if start[:4].isdigit():
        job["year"] = int(start[:4])
        job["month"] = start[:7]
    energy = (rec.get("ConsumedEnergyRaw") or "").strip()
    if energy.replace(".", "", 1).isdigit() and float(energy) > 0:
        job["energy_kwh"] = float(energy) / 3.6e6
    out = []
    if gpus:
        model = cluster.get("gres", {}).get(gres) if gres else None
        model = model or (gres if gres else part.get("gpu_model"))
        if model is None:
            out.append(
                {
                    **job,
                    "error": f"AllocTRES: {gpus} GPU(s) of unknown model: map it in the site file",
                    "error_type": "invalid-input",
                }
            )
        else:
            out.append({**job, "model": model, "count": gpus})
    if cpus:
        cores = part.get("cpu_cores")
        if part.get("cpu_model") and cores:
            out.append({**job, "model": part["cpu_model"], "count": cpus / cores})
        elif not out:
            out.append(
                {
                    **job,
                    "error": f"Partition: no cpu_model/cpu_cores for '{partition}' in the site file",
                    "error_type": "invalid-input",
                }
            )
    if not out:
        out.append(
            {**job, "error": "AllocTRES: no CPU or GPU allocated", "error_type": "invalid-input"}
        )
    return out
