"""The footprint calculator: a GET form whose result URL is itself a permalink.

The form builds the SDK's job document (hardware, count, hours, location, year) and hands
it to ``carbonfactors.footprint`` with the version's engine ``Dataset``, exactly as
``POST /v1/footprint`` does; the page links to ``GET /v1/footprint?job=...`` with the same
document and version, so the number on the page can be reproduced through the API.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import request

import carbonfactors
from carbonfactors.errors import CarbonFactorsError

from ..datasets import dataset_for
from ..lookups import bibliography
from .context import page_version
from .render import render

FIELDS = ("hardware", "count", "hours", "location", "year", "start", "end", "basis")


def _number(raw: str, name: str, errors: dict[str, str], *, whole: bool = False) -> Any:
    """A number typed in the form: an int when written as one, else a float."""
    try:
        return int(raw)
    except ValueError:
        pass
    if not whole:
        try:
            val = float(raw)
        except ValueError:
            pass
        else:
            if math.isfinite(val):
                return val
    errors[name] = "a whole number" if whole else "a number, such as 72 or 0.5"
    return None


def job_from_form(form: dict[str, str]) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The job document of the form, or the errors that stop it (field -> message)."""
    errors: dict[str, str] = {}
    item: dict[str, Any] = {}
    if form["hardware"]:
        item["model"] = form["hardware"]
    else:
        errors["hardware"] = "required: a model name or id, such as H100 SXM"
    if form["count"]:
        item["count"] = _number(form["count"], "count", errors, whole=True)
    doc: dict[str, Any] = {"hardware": [item]}
    if form["hours"]:
        doc["hours"] = _number(form["hours"], "hours", errors)
    elif not (form["start"] and form["end"]):
        errors["hours"] = "required: how long the job runs, in hours (or give start and end)"
    # When it ran: the engine weights the grid intensity by time where a series covers it.
    for name in ("start", "end"):
        if form[name]:
            doc[name] = form[name]
    if form["basis"]:
        doc["basis"] = form["basis"]
    if form["location"]:
        doc["location"] = form["location"]
    if form["year"]:
        doc["year"] = _number(form["year"], "year", errors, whole=True)
    return (None if errors else doc), errors


def _form_field(engine_field: str | None) -> str:
    """The form input an engine error is about (``hardware[0].count`` -> ``count``)."""
    f = engine_field or ""
    for name in FIELDS:
        if f == name or f.endswith("." + name) or (name == "hardware" and f.endswith(".model")):
            return name
    return "hardware" if f.startswith("hardware") else (f or "form")


def calculator() -> tuple[str, int]:
    v = page_version()
    form = {name: request.args.get(name, "").strip()[:200] for name in FIELDS}
    submitted = any(form.values())
    if not form["count"] and not submitted:
        form["count"] = "1"
    result = job = None
    errors: dict[str, str] = {}
    if submitted:
        job, errors = job_from_form(form)
        if job is not None:
            try:
                result = carbonfactors.footprint(job, dataset=dataset_for(v))
            except CarbonFactorsError as exc:
                errors[_form_field(exc.field)] = exc.message
    job_json = json.dumps(job, separators=(",", ":")) if job is not None else None
    page = render(
        "calculator.html",
        title="Footprint calculator",
        form=form,
        errors=errors,
        result=result.to_dict() if result is not None else None,
        job_json=job_json,
        bib=bibliography(v.version),
        cited=sorted({f.source for f in result.factors if f.source in bibliography(v.version)})
        if result is not None
        else [],
        api=("/v1/footprint", {"job": job_json}) if result is not None else None,
    )
    return page, 422 if errors else 200
