"""The calculator's form: read every field, check every field, and build the job document.

Every problem is collected before anything is computed, so a user sees all of them at once
(a misspelt model on line 2, a location typo and a bad year together), each next to its
field, with "did you mean" from the same suggestions as the API's 404s. Names are checked
with the engine's own lookups (``Dataset.match_hardware``, ``Dataset.zone``, the operator
list), so a form that passes here is one the engine computes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from carbonfactors.bundles import BUNDLES as ALL_BUNDLES
from carbonfactors.bundles import SERVICE_BUNDLE
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError

#: Hardware lines shown: the filled ones plus this many empty ones (no script adds rows).
SPARE_LINES = 1
MAX_LINES = 12
MAX_COMPARE = 12
#: Bundles a job can be computed on (``carbonfactors.bundles``), the service's default first:
#: ``full`` (every value) and ``open`` (attribution-licensed values only, what the wheel
#: carries), so a number can be checked against what ``pip install carbonfactors`` gives.
BUNDLES = (SERVICE_BUNDLE, *(b for b in ALL_BUNDLES if b != SERVICE_BUNDLE))
SINGLE = ("hours", "start", "end", "basis", "location", "year", "pue", "bundle", "compare")


@dataclass
class Line:
    hardware: str = ""
    count: str = ""
    utilization: str = ""

    @property
    def empty(self) -> bool:
        return not (self.hardware or self.count or self.utilization)


@dataclass
class Form:
    lines: list[Line]
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return any(not ln.empty for ln in self.lines) or any(
            self.values[k]
            for k in ("hours", "start", "end", "basis", "location", "year", "pue", "compare")
        )

    def shown_lines(self) -> list[Line]:
        """The filled lines, then spare empty ones (two on a fresh form)."""
        filled = [ln for ln in self.lines if not ln.empty]
        spare = max(SPARE_LINES, 2 - len(filled))
        return (filled + [Line() for _ in range(spare)])[:MAX_LINES]

    def query(self) -> list[tuple[str, str]]:
        """The form as a query string (the permalink reproduces every field)."""
        out: list[tuple[str, str]] = []
        for ln in self.lines:
            if not ln.empty:
                out += [("hardware", ln.hardware), ("count", ln.count), ("util", ln.utilization)]
        out += [(k, self.values[k]) for k in SINGLE if self.values[k]]
        return out


def line_key(name: str, index: int) -> str:
    """Form-field key of line ``index`` (0-based): ``hardware``, ``hardware-2``..."""
    return name if index == 0 else f"{name}-{index + 1}"


def read(args: MultiDict[str, str]) -> Form:
    def many(name: str) -> list[str]:
        return [v.strip()[:200] for v in args.getlist(name)][:MAX_LINES]

    hw, counts, utils = many("hardware"), many("count"), many("util")
    n = max(len(hw), len(counts), len(utils))
    lines = [
        Line(*(seq[i] if i < len(seq) else "" for seq in (hw, counts, utils))) for i in range(n)
    ]
    values = {k: args.get(k, "").strip()[:500] for k in SINGLE}
    values["bundle"] = values["bundle"] or BUNDLES[0]
    return Form(lines, values)


def bundle(form: Form) -> str:
    """The bundle the job is computed on: the form's, or the default while it is invalid
    (the field's error is reported with the others by ``job``)."""
    chosen = form.values["bundle"]
    return chosen if chosen in BUNDLES else BUNDLES[0]


def _number(raw: str, key: str, errors: dict[str, str], *, whole: bool = False) -> Any:
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
    errors[key] = "a whole number" if whole else "a number, such as 72 or 0.5"
    return None


def _engine_check(errors: dict[str, str], key: str, check: Any) -> None:
    try:
        check()
    except CarbonFactorsError as exc:
        errors[key] = exc.message


def job(form: Form, ds: Dataset) -> dict[str, Any] | None:
    """The job document, or None with ``form.errors`` holding every problem found."""
    e = form.errors
    items = []
    filled = [(i, ln) for i, ln in enumerate(form.lines) if not ln.empty]
    for i, ln in filled:
        item: dict[str, Any] = {}
        if not ln.hardware:
            e[line_key("hardware", i)] = "required on a line with a count or utilization"
        else:
            item["model"] = ln.hardware
            _engine_check(e, line_key("hardware", i), lambda m=ln.hardware: ds.match_hardware(m))
        if ln.count:
            item["count"] = _number(ln.count, line_key("count", i), e, whole=True)
            if item["count"] is not None and item["count"] < 1:
                e[line_key("count", i)] = "at least 1"
        if ln.utilization:
            u = _number(ln.utilization, line_key("util", i), e)
            if u is not None and not 0 < u <= 1:
                e[line_key("util", i)] = "a share of full load: more than 0, at most 1 (0.6 = 60 %)"
            item["utilization"] = u
        items.append(item)
    if not filled:
        e["hardware"] = "required: a model name or id, such as H100 SXM"
    v = form.values
    doc: dict[str, Any] = {"hardware": items}
    if v["hours"]:
        doc["hours"] = _number(v["hours"], "hours", e)
        if doc["hours"] is not None and doc["hours"] <= 0:
            e["hours"] = "more than 0 hours"
    elif not (v["start"] and v["end"]):
        e["hours"] = "required: how long the job runs, in hours (or give start and end)"
    # When it ran: the engine weights the grid intensity by time where a series covers it.
    for key in ("start", "end", "basis"):
        if v[key]:
            doc[key] = v[key]
    if v["location"]:
        doc["location"] = v["location"]
        _engine_check(e, "location", lambda: ds.zone(v["location"]))
    else:
        e["location"] = "required: a zone or cloud region, such as FR or gcp:europe-west1"
    if v["year"]:
        doc["year"] = _number(v["year"], "year", e, whole=True)
    if v["pue"]:
        doc["pue"] = _pue(v["pue"], ds, e)
    if v["bundle"] not in BUNDLES:
        e["bundle"] = f"one of: {', '.join(BUNDLES)}"
    if v["compare"]:
        compare_with(form, ds)
    return None if e else doc


def _pue(raw: str, ds: Dataset, e: dict[str, str]) -> Any:
    """A PUE number (at least 1) or an operator/campus id."""
    try:
        val = float(raw)
    except ValueError:
        if raw not in ds.operators:
            found = ds.suggest_operators(raw)
            hint = f"; did you mean {', '.join(found)}?" if found else ""
            e["pue"] = f"not a number nor an operator id: '{raw}'{hint}"
        return raw
    if not math.isfinite(val) or val < 1:
        e["pue"] = "a PUE is at least 1 (1.1 = 10 % overhead)"
    return val


def compare_with(form: Form, ds: Dataset) -> tuple[list[str], list[int | None]] | None:
    """The comparison asked for: other years (all numbers) or other locations; None if none.

    The job's own location and year come first, so the comparison always includes it.
    """
    raw = form.values["compare"]
    parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    if not parts:
        return None
    if len(parts) > MAX_COMPARE:
        form.errors["compare"] = f"at most {MAX_COMPARE} locations or years"
        return None
    loc = form.values["location"]
    year = form.values["year"]
    if all(p.isdigit() for p in parts):
        years: list[int | None] = [int(year)] if year.isdigit() else [None]
        years += [int(p) for p in parts if int(p) not in years]
        return [loc], years
    if any(p.isdigit() for p in parts):
        form.errors["compare"] = (
            "either years (2019, 2021) or locations (DE, aws:eu-west-3), not both"
        )
        return None
    bad = []
    for p in parts:
        try:
            ds.zone(p)
        except CarbonFactorsError as exc:
            bad.append(exc.message)
    if bad:
        form.errors["compare"] = "; ".join(bad)
        return None
    return list(dict.fromkeys([loc, *parts])), [int(year) if year.isdigit() else None]
