"""The fast path of ``parse_job``: accept a plain, valid job document in one pass.

``parse_job`` checks every key of every document and words an error for each bad value;
most documents of a batch are plain and valid (a ``dict`` with ``hardware``, ``hours``,
``location``, maybe ``year``...), and their parse was the largest cost of the dict batch
(about 5.5 µs of a 17 µs job). ``quick_state`` only ever *accepts*: it reads the keys a
document has, checks them with the slow path's rules and builds the job's flat state
(``job_types.JobState``, what a result keeps): the dict batch computes from it without
building a ``Job`` (``engine.Planner.quick``), ``quick_job`` builds the ``Job`` from it
for ``parse_job``. Anything else, a bad value, an int where a float is expected
in an unusual place, a subclass, a key it does not handle (``start``, ``market``...),
returns ``None`` and the slow path decides, so the wording of every error stays in one
place. ``tests/unit/test_jobs_quick.py`` holds the two paths equal on a varied mix,
bad documents included.
"""

from __future__ import annotations

from typing import Any

from .job_types import (
    ENERGY_BASES,
    FIRST_YEAR,
    GRID_BASES,
    HW_KEYSET,
    JOB_KEYS,
    LAST_YEAR,
    MAX_COUNT,
    Job,
    JobState,
    job_from_state,
)

#: The keys the fast path handles; a document with any other (timing, a power profile,
#: market, ownership) takes the slow path.
QUICK_KEYS = frozenset(JOB_KEYS) - {"start", "end", "power_profile", "market", "ownership"}
_INF = float("inf")
#: ``start``, ``end``, ``ownership``: a quick document has none of them.
_NO_TIMING = (None, None, None)


def _floaty(val: Any, low: float, high: float) -> float | None:
    """``val`` as a float when it is a plain float or int in ``low <= val <= high``, else
    ``None``. NaN fails every comparison, so it is refused here without a test of its own."""
    t = type(val)
    if t is float:
        return val if low <= val <= high else None
    if t is int and -MAX_COUNT <= val <= MAX_COUNT:
        f = float(val)
        return f if low <= f <= high else None
    return None


def _positive(val: Any) -> float | None:
    """A finite number > 0 (the slow path's ``_positive``), else ``None``."""
    if type(val) is float and 0.0 < val < _INF:
        return val
    f = _floaty(val, 0.0, _INF)
    return f if f is not None and 0.0 < f < _INF else None


def quick_line(doc: Any) -> tuple[Any, ...] | None:
    """One valid ``hardware`` line as its seven values (``HARDWARE_KEYS`` order), or
    ``None`` (the slow path decides)."""
    if type(doc) is not dict or not HW_KEYSET.issuperset(doc):
        return None
    get = doc.get
    model = get("model")
    if model is not None and (type(model) is not str or not model.strip()):
        return None
    count = get("count", 1)
    if type(count) is not int or not 1 <= count <= MAX_COUNT:
        return None
    util = get("utilization")
    if util is not None and not (type(util) is float and 0.0 <= util <= 1.0):
        return None
    power = get("power_w")
    if power is not None and (power := _positive(power)) is None:
        return None
    emb = get("embodied_kgco2e")
    if emb is not None and ((emb := _floaty(emb, 0.0, _INF)) is None or emb == _INF):
        return None
    life = get("lifetime_years")
    if life is not None and (life := _positive(life)) is None:
        return None
    share = get("in_use_share")
    if share is not None and not (type(share) is float and 0.0 < share <= 1.0):
        return None
    if model is None and (power is None or (emb is not None and emb > 0 and life is None)):
        return None
    return model, count, util, power, emb, life, share


def quick_job(doc: dict[str, Any]) -> Job | None:
    """A plain valid job document as a ``Job``, or ``None`` (the slow path decides)."""
    state = quick_state(doc)
    return None if state is None else job_from_state(state)


def quick_state(doc: dict[str, Any]) -> JobState | None:
    """A plain valid job document as the flat tuple a result keeps (``job_types.job_state``
    layout), or ``None`` (the slow path decides).

    The dict batch computes from this tuple directly: no ``Job``, ``HardwareItem`` or their
    ``__dict__`` is built for a plain document (``engine.Planner.quick``).
    """
    if not QUICK_KEYS.issuperset(doc):
        return None
    get = doc.get
    hours = get("hours")
    if hours is not None and not (type(hours) is float and 0.0 < hours < _INF):
        if (hours := _positive(hours)) is None:
            return None
    energy = get("energy_kwh")
    if energy is not None and (energy := _positive(energy)) is None:
        return None
    location = get("location")
    if location is not None and (type(location) is not str or not location.strip()):
        return None
    year = get("year")
    if year is not None and (type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR):
        return None
    basis = get("basis", "lifecycle")
    if type(basis) is not str or basis not in GRID_BASES:
        return None
    pue = get("pue")
    if pue is not None:
        if type(pue) is str:
            if not pue.strip():
                return None
        elif (pue := _floaty(pue, 1.0, _INF)) is None or pue == _INF:
            return None
    grid = get("grid_intensity")
    if grid is not None and ((grid := _floaty(grid, 0.0, _INF)) is None or grid == _INF):
        return None
    include = get("include_embodied", True)
    if type(include) is not bool:
        return None
    units = get("functional_units")
    if units is not None and (units := _positive(units)) is None:
        return None
    energy_basis = get("energy_basis")
    if energy_basis is not None and (
        type(energy_basis) is not str or energy_basis not in ENERGY_BASES or energy is None
    ):
        return None
    state: JobState = (
        hours,
        energy,
        location,
        year,
        basis,
        pue,
        grid,
        include,
        units,
        energy_basis,
    )
    state += _NO_TIMING
    raw = get("hardware")
    if raw is not None:
        if type(raw) is not list:
            return None
        for h in raw:
            line = quick_line(h)
            if line is None:
                return None
            state += line
    # The slow path's cross-field rules; a document breaking one gets its error there.
    if energy is None:
        if hours is None or not raw:
            return None
    elif hours is None and include and raw:
        return None
    if location is None and grid is None:
        return None
    return state
