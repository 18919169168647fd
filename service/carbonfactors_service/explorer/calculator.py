"""The footprint calculator: a GET form whose result URL is itself a permalink.

The form (``calcform``) builds the SDK's job document — several hardware lines with their
count and utilization, hours, location, year, a PUE or operator, the bundle — and hands it
to ``carbonfactors.footprint`` with the version's engine ``Dataset``, exactly as
``POST /v1/footprint`` does; the page links to ``GET /v1/footprint?job=...`` with the same
document, so the number can be reproduced through the API. A comparison runs the same job
in other locations or years (``carbonfactors.compare``) and draws the totals as an SVG bar
chart. Suggestions while typing come from ``<datalist>`` elements: no script.
"""

from __future__ import annotations

import json
from typing import Any

from flask import request, url_for

import carbonfactors
from carbonfactors.bundles import SERVICE_BUNDLE
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError

from ..caches import caches
from ..datasets import dataset_for
from ..lookups import bibliography
from ..versioning import Version
from . import calcform
from .chart import bar_chart
from .context import page_version
from .render import render

#: Catalog categories offered in the hardware suggestions: accelerators and servers (a few
#: hundred names). CPUs and cloud instances are thousands, which would weigh on a phone;
#: any id or name still works when typed, and a typo gets "did you mean".
SUGGESTED_CATEGORIES = ("gpu", "tpu", "accelerator", "server")


def _suggestions(v: Version) -> dict[str, list[str]]:
    """Datalist options: hardware names, zone ids, operator ids (cached per version)."""

    def build() -> dict[str, list[str]]:
        ds = dataset_for(v, SERVICE_BUNDLE)  # every name; the open bundle's are a subset
        hw = sorted(h.name for h in ds.hardware.values() if h.category in SUGGESTED_CATEGORIES)
        return {
            "hardware": list(dict.fromkeys(hw)),
            "location": sorted(ds.zones),
            "pue": sorted(ds.operators),
        }

    found: dict[str, list[str]] = caches().get_or_compute(
        "listings", (v.version, v.sha256, "calculator-suggestions"), build
    )
    return found


def _form_key(engine_field: str | None) -> str:
    """The form field an engine error is about (``hardware[1].count`` -> ``count-2``)."""
    f = engine_field or ""
    if f.startswith("hardware["):
        index = int(f[9 : f.index("]")]) if "]" in f else 0
        leaf = f.rsplit(".", 1)[-1] if "." in f else "hardware"
        name = {"model": "hardware", "count": "count", "utilization": "util"}.get(leaf, "hardware")
        return calcform.line_key(name, index)
    return f if f in calcform.SINGLE else "form"


def _comparison(job: dict[str, Any], form: calcform.Form, ds: Dataset) -> dict[str, Any] | None:
    asked = calcform.compare_with(form, ds)
    if asked is None:
        return None
    locations, years = asked
    result = carbonfactors.compare(job, locations, years=years, dataset=ds)
    own = (job["location"], job.get("year"))
    rows = []
    for s in result.ranked:
        fp = s.result
        assert isinstance(fp, carbonfactors.Footprint)
        label = s.location if len(years) == 1 else str(s.year or "latest")
        rows.append(
            (
                label,
                fp.total_kgco2e,
                fp.low_values[4],
                fp.high_values[4],
                (s.location, s.year) == own,
            )
        )
    return {
        "by": "year" if len(years) > 1 else "location",
        "chart": bar_chart(rows, "kgCO2e"),
        "ranked": result.ranked,
        "errors": result.errors,
    }


def calculator() -> tuple[str, int]:
    v = page_version()
    form = calcform.read(request.args)
    # The form's bundle is the engine's: the job, its checks and the comparison all read it.
    bundle = calcform.bundle(form)
    ds = dataset_for(v, bundle)
    result = job = comparison = None
    if form.submitted:
        job = calcform.job(form, ds)
        if job is not None:
            try:
                result = carbonfactors.footprint(job, dataset=ds)
                comparison = _comparison(job, form, ds)
            except CarbonFactorsError as exc:
                form.errors[_form_key(exc.field)] = exc.message
                result = None
    job_json = json.dumps(job, separators=(",", ":")) if job is not None else None
    bib = bibliography(v.version)
    page = render(
        "calculator.html",
        title="Footprint calculator",
        form=form,
        lines=form.shown_lines(),
        line_key=calcform.line_key,
        bundles=calcform.BUNDLES,
        errors=form.errors,
        suggestions=_suggestions(v),
        result=result.to_dict() if result is not None else None,
        comparison=comparison,
        job_json=job_json,
        form_permalink=url_for(
            "explorer.calculator", _external=True, **_multi(form.query(), v.version)
        ),
        bib=bib,
        cited=sorted({f.source for f in result.factors if f.source in bib})
        if result is not None
        else [],
        api=("/v1/footprint", {"job": job_json, "bundle": bundle}) if result is not None else None,
    )
    return page, 422 if form.errors else 200


def _multi(pairs: list[tuple[str, str]], version: str) -> dict[str, Any]:
    """Query pairs as ``url_for`` values (a list repeats the parameter), version pinned."""
    out: dict[str, Any] = {}
    for k, val in pairs:
        out.setdefault(k, []).append(val)
    out["version"] = [version]
    return out
