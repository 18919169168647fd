"""The job document: parse and validate it into a frozen ``Job``, errors naming the field.

One JSON-compatible document describes a job for the Python API, the CLI and HTTP, so it
is checked in one place. Every problem raises ``InvalidInput`` whose ``field`` is a path
into the document (``hardware[1].utilization``) and whose message says why; nothing is
coerced silently (no strings for numbers, no booleans for counts, no NaN or infinities).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .errors import InvalidInput
from .job_types import (
    ENERGY_BASES,
    FIRST_YEAR,
    GRID_BASES,
    HARDWARE_KEYS,
    HW_KEYSET,
    JOB_KEYS,
    JOB_KEYSET,
    LAST_YEAR,
    MAX_COUNT,
    HardwareItem,
    Job,
    register_parser,
)
from .jobs_quick import quick_job
from .market import parse_market
from .scopes import OWNERSHIP
from .timing import parse_timing, reconcile_hours

_INF = math.inf


def _bad(fld: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{fld}: {reason}", field=fld)


def _number(val: Any, fld: str) -> float:
    """A finite int or float; booleans and strings are refused, not coerced."""
    t = type(val)
    if t is float:
        if val - val != 0.0:  # NaN or infinite, cheaply
            raise _bad(fld, "must be a finite number (got NaN or infinity)")
        return val
    if t is int:
        return float(val)
    if isinstance(val, (int, float)) and not isinstance(val, bool):
        f = float(val)
        if not math.isfinite(f):
            raise _bad(fld, "must be a finite number (got NaN or infinity)")
        return f
    raise _bad(fld, f"must be a number, not {_typename(val)}")


def _typename(val: Any) -> str:
    if val is None:
        return "null"
    if isinstance(val, bool):
        return "a boolean"
    if isinstance(val, str):
        return f"a string ({val!r})"
    if isinstance(val, (list, tuple)):
        return "a list"
    if isinstance(val, Mapping):
        return "an object"
    return type(val).__name__


def _positive(val: Any, fld: str) -> float:
    if type(val) is float and 0.0 < val < _INF:  # the common case, without a call
        return val
    x = _number(val, fld)
    if x <= 0.0:
        raise _bad(fld, f"must be > 0 (got {x:g})")
    return x


def _text(val: Any, fld: str) -> str:
    if type(val) is not str:
        raise _bad(fld, f"must be a string, not {_typename(val)}")
    if not val.strip():
        raise _bad(fld, "must not be empty")
    return val


def _unknown(keys: Any, allowed: frozenset[str], prefix: str, order: tuple[str, ...]) -> None:
    extra = sorted(str(k) for k in keys if k not in allowed)
    if extra:
        fld = f"{prefix}{extra[0]}"
        raise _bad(fld, f"unknown key (allowed: {', '.join(order)})")


def _hardware_item(doc: Any, i: int) -> HardwareItem:
    p = f"hardware[{i}]"
    if type(doc) is not dict and not isinstance(doc, Mapping):
        raise _bad(p, f"must be an object with a model or power_w, not {_typename(doc)}")
    if not HW_KEYSET.issuperset(doc):
        _unknown(doc, HW_KEYSET, p + ".", HARDWARE_KEYS)
    get = doc.get
    model = get("model")
    if model is not None and (type(model) is not str or not model.strip()):
        model = _text(model, p + ".model")
    count = get("count", 1)
    if type(count) is not int:
        if isinstance(count, float) and count.is_integer() and count >= 1:
            count = int(count)
        else:
            raise _bad(p + ".count", f"must be an integer >= 1, not {_typename(count)}")
    if count < 1:
        raise _bad(p + ".count", f"must be an integer >= 1 (got {count})")
    if count > MAX_COUNT:
        raise _bad(p + ".count", f"must be at most {MAX_COUNT} (2**53, exact as a float)")
    util = get("utilization")
    if util is not None and not (type(util) is float and 0.0 <= util <= 1.0):
        util = _number(util, p + ".utilization")
        if not 0.0 <= util <= 1.0:
            raise _bad(p + ".utilization", f"must be between 0 and 1 (got {util:g})")
    power = get("power_w")
    if power is not None:
        power = _positive(power, p + ".power_w")
    emb = get("embodied_kgco2e")
    if emb is not None:
        emb = _number(emb, p + ".embodied_kgco2e")
        if emb < 0.0:
            raise _bad(p + ".embodied_kgco2e", f"must be >= 0 (got {emb:g})")
    life = get("lifetime_years")
    if life is not None:
        life = _positive(life, p + ".lifetime_years")
    share = get("in_use_share")
    if share is not None:
        share = _number(share, p + ".in_use_share")
        if not 0.0 < share <= 1.0:
            raise _bad(p + ".in_use_share", f"must be > 0 and <= 1 (got {share:g})")
    if model is None and power is None:
        raise _bad(p + ".model", "required unless power_w is given")
    if model is None and emb is not None and emb > 0 and life is None:
        raise _bad(
            p + ".lifetime_years",
            "required when embodied_kgco2e is given without a model (no category default applies)",
        )
    return HardwareItem(model, count, util, power, emb, life, share)


def parse_job(doc: Any) -> Job:
    """Validate a job document (a mapping) into a ``Job``; a ``Job`` passes through.

    A plain valid ``dict`` is accepted by ``quick_job`` in one pass; everything else, and
    every error, is decided here."""
    if type(doc) is dict:
        job = quick_job(doc)
        if job is not None:
            return job
    elif type(doc) is Job:
        return doc
    return parse_document(doc)


register_parser(parse_job)


def parse_document(doc: Any) -> Job:
    """``parse_job`` without its fast path: every rule, and the wording of every error."""
    if type(doc) is not dict and not isinstance(doc, Mapping):
        raise _bad("job", f"must be an object, not {_typename(doc)}")
    if not JOB_KEYSET.issuperset(doc):
        _unknown(doc, JOB_KEYSET, "", JOB_KEYS)
    get = doc.get

    raw_hw = get("hardware")
    if raw_hw is None:
        hardware: tuple[HardwareItem, ...] = ()
    elif type(raw_hw) is list or isinstance(raw_hw, (list, tuple)):
        hardware = tuple([_hardware_item(h, i) for i, h in enumerate(raw_hw)])
    else:
        raise _bad("hardware", f"must be a list of objects, not {_typename(raw_hw)}")

    hours = get("hours")
    if hours is not None:
        hours = _positive(hours, "hours")
    energy = get("energy_kwh")
    if energy is not None:
        energy = _positive(energy, "energy_kwh")

    location = get("location")
    if location is not None and (type(location) is not str or not location.strip()):
        location = _text(location, "location")
    year = get("year")
    if year is not None:
        if type(year) is not int:
            raise _bad("year", f"must be an integer year, not {_typename(year)}")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise _bad("year", f"must be between {FIRST_YEAR} and {LAST_YEAR} (got {year})")
    basis = get("basis", "lifecycle")
    if basis not in GRID_BASES or type(basis) is not str:
        raise _bad("basis", f"must be one of {', '.join(GRID_BASES)} (got {basis!r})")

    pue = get("pue")
    if pue is not None:
        if type(pue) is str:
            pue = _text(pue, "pue")
        else:
            try:
                pue = _number(pue, "pue")
            except InvalidInput:
                raise _bad(
                    "pue", f"must be a number >= 1 or an operator id, not {_typename(pue)}"
                ) from None
            if pue < 1.0:
                raise _bad("pue", f"must be >= 1 (got {pue:g}): facility energy >= IT energy")
    grid = get("grid_intensity")
    if grid is not None:
        grid = _number(grid, "grid_intensity")
        if grid < 0.0:
            raise _bad("grid_intensity", f"must be >= 0 gCO2e/kWh (got {grid:g})")
    include = get("include_embodied", True)
    if type(include) is not bool:
        raise _bad("include_embodied", f"must be true or false, not {_typename(include)}")
    units = get("functional_units")
    if units is not None:
        units = _positive(units, "functional_units")
    timing = parse_timing(doc)
    if timing is not None:
        hours = reconcile_hours(timing, hours)
        if timing.segments:
            if energy is not None:
                raise _bad("energy_kwh", "give energy_kwh or a power_profile, not both")
            energy = timing.energy_kwh
            if not energy:
                raise _bad("power_profile", "draws no energy (every kw is 0)")
        if year is None:
            year = int(time_year(timing.start))
    market = get("market")
    if market is not None:
        market = parse_market(market)
    ownership = get("ownership")
    if ownership is not None and ownership not in OWNERSHIP:
        raise _bad("ownership", f"must be one of {', '.join(OWNERSHIP)} (got {ownership!r})")

    # Cross-field rules: which of hours / energy_kwh is required depends on the rest. Both
    # together are what scheduler logs hold: energy drives the operational part, hours the
    # embodied amortization (and are only recorded, with a note, when nothing needs them).
    needs_hours_for_embodied = include and bool(hardware)
    if energy is None:
        if hours is None:
            raise _bad("hours", "give hours (with hardware) or energy_kwh")
        if not hardware:
            raise _bad("hardware", "required with hours (list what ran), or give energy_kwh")
    elif hours is None and needs_hours_for_embodied:
        raise _bad(
            "hours",
            "required to amortize the embodied carbon of the listed hardware "
            "(or set include_embodied to false)",
        )
    if location is None and (grid is None):
        raise _bad("location", "required unless grid_intensity is given")
    energy_basis = get("energy_basis")
    if energy_basis is not None:
        if type(energy_basis) is not str or energy_basis not in ENERGY_BASES:
            raise _bad(
                "energy_basis", f"must be one of {', '.join(ENERGY_BASES)} (got {energy_basis!r})"
            )
        if energy is None:
            raise _bad("energy_basis", "says what energy_kwh measures: give energy_kwh with it")
    base = (hardware, hours, energy, location, year, basis, pue, grid, include, units)
    if timing is None:
        return Job(*base, energy_basis, market=market, ownership=ownership)
    profile = get("power_profile")
    return Job(
        *base,
        energy_basis,
        start=get("start") if profile is None or get("start") is not None else profile[0]["time"],
        end=get("end"),
        power_profile=None if profile is None else tuple(dict(p) for p in profile),
        market=market,
        ownership=ownership,
        timing=timing,
    )


def time_year(seconds: float) -> str:
    from .series import format_instant

    return format_instant(seconds)[:4]
