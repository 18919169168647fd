"""The job as the engine reads it: the document's keys and the frozen ``Job``/``HardwareItem``.

Kept apart from the parser (``jobs.py``, with its fast path ``jobs_quick.py``) so both build
them. ``new_job``/``new_item`` build an instance by filling its ``__dict__`` in one step: a
frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, about 2 µs
for a ``Job``, which was a third of parsing a typical document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .kinds import KINDS
from .market import Market
from .timing import Timing

JOB_KEYS = (
    "hardware",
    "hours",
    "energy_kwh",
    "energy_basis",
    "location",
    "year",
    "basis",
    "pue",
    "grid_intensity",
    "include_embodied",
    "functional_units",
    "start",
    "end",
    "power_profile",
    "market",
    "ownership",
)
HARDWARE_KEYS = (
    "model",
    "count",
    "utilization",
    "power_w",
    "embodied_kgco2e",
    "lifetime_years",
    "in_use_share",
)
JOB_KEYSET = frozenset(JOB_KEYS)
HW_KEYSET = frozenset(HARDWARE_KEYS)
GRID_BASES = KINDS["grid_intensity"].bases
#: What ``energy_kwh`` measures: IT energy (PUE is applied) or facility energy (PUE included).
ENERGY_BASES = ("it", "facility")
FIRST_YEAR, LAST_YEAR = 1990, 2100
#: The largest count the arithmetic carries exactly (floats hold integers up to 2**53).
MAX_COUNT = 2**53


@dataclass(frozen=True)
class HardwareItem:
    """One line of ``hardware``: a catalog model and/or explicit values, times ``count``."""

    model: str | None = None
    count: int = 1
    #: Share of full load, 0..1; ``None`` means not given (the engine uses 1.0 and says so).
    utilization: float | None = None
    power_w: float | None = None
    embodied_kgco2e: float | None = None
    lifetime_years: float | None = None
    in_use_share: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in HARDWARE_KEYS if getattr(self, k) is not None}


@dataclass(frozen=True)
class Job:
    """A validated job document."""

    hardware: tuple[HardwareItem, ...] = ()
    hours: float | None = None
    energy_kwh: float | None = None
    location: str | None = None
    year: int | None = None
    basis: str = "lifecycle"
    #: A number (an explicit PUE) or an operator/campus id.
    pue: float | str | None = None
    grid_intensity: float | None = None
    include_embodied: bool = True
    functional_units: float | None = None
    #: ``energy_kwh`` is IT energy (``it``) or facility energy (``facility``, PUE included);
    #: ``None``: not said, taken as IT energy and the result says so.
    energy_basis: str | None = None
    #: When it ran (ISO 8601 as given) and its power profile: see ``timing.py``.
    start: str | None = None
    end: str | None = None
    power_profile: tuple[Mapping[str, Any], ...] | None = None
    #: Contractual instruments for the market-based total: see ``market.py``.
    market: Market | None = None
    #: "cloud" or "owned": GHG Protocol scopes of the result (``scopes.py``).
    ownership: str | None = None
    #: ``start``/``end``/``power_profile`` parsed (seconds since the epoch).
    timing: Timing | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The job as a document again (defaults omitted), e.g. to echo it in a result."""
        out: dict[str, Any] = {}
        if self.hardware:
            out["hardware"] = [h.to_dict() for h in self.hardware]
        for key in JOB_KEYS[1:]:
            val = getattr(self, key)
            if key == "market" and val is not None:
                val = val.to_dict()
            elif key == "power_profile" and val is not None:
                val = [dict(p) for p in val]
            elif key == "energy_kwh" and self.power_profile is not None:
                continue  # derived from the profile
            if key == "basis" and val == "lifecycle":
                continue
            if key == "include_embodied" and val is True:
                continue
            if val is not None:
                out[key] = val
        return out

    def replace(self, **changes: Any) -> Job:
        """A copy with some fields changed, re-validated by the full parser (``jobs``
        registers it on import; this module, which ``jobs`` imports, cannot import it)."""
        doc = self.to_dict()
        doc.update(changes)
        return _PARSER[0](doc)


#: The job parser (``jobs.parse_job``), set by ``register_parser`` when ``jobs`` loads.
_PARSER: list[Callable[[Any], Job]] = []


def register_parser(parse: Callable[[Any], Job]) -> None:
    _PARSER[:] = [parse]


_new = object.__new__
_set = object.__setattr__


def new_item(
    model: str | None,
    count: int,
    utilization: float | None,
    power_w: float | None,
    embodied_kgco2e: float | None,
    lifetime_years: float | None,
    in_use_share: float | None,
) -> HardwareItem:
    """``HardwareItem(...)`` of already validated values, without the per-field setattr."""
    item = _new(HardwareItem)
    _set(
        item,
        "__dict__",
        {
            "model": model,
            "count": count,
            "utilization": utilization,
            "power_w": power_w,
            "embodied_kgco2e": embodied_kgco2e,
            "lifetime_years": lifetime_years,
            "in_use_share": in_use_share,
        },
    )
    return item


def new_job(
    hardware: tuple[HardwareItem, ...],
    hours: float | None,
    energy_kwh: float | None,
    location: str | None,
    year: int | None,
    basis: str,
    pue: float | str | None,
    grid_intensity: float | None,
    include_embodied: bool,
    functional_units: float | None,
    energy_basis: str | None,
) -> Job:
    """``Job(...)`` of already validated values without timing, market or ownership."""
    job = _new(Job)
    _set(
        job,
        "__dict__",
        {
            "hardware": hardware,
            "hours": hours,
            "energy_kwh": energy_kwh,
            "location": location,
            "year": year,
            "basis": basis,
            "pue": pue,
            "grid_intensity": grid_intensity,
            "include_embodied": include_embodied,
            "functional_units": functional_units,
            "energy_basis": energy_basis,
            "start": None,
            "end": None,
            "power_profile": None,
            "market": None,
            "ownership": None,
            "timing": None,
        },
    )
    return job


#: A ``Job`` as plain values (see ``job_state``): a tuple of atomic values is untracked by
#: the garbage collector, a ``Job`` object is not.
JobState = tuple[Any, ...]
#: Positions in a ``JobState``: the scalar fields first, in this order, then each hardware
#: line's seven values (``HARDWARE_KEYS`` order) from ``LINES`` on, ``LINE`` apart. Fixed
#: positions let the batch kernel (``engine.Planner.quick``) read a state without building a
#: ``Job``, and make the site plan's key one slice (``SITE_KEY``).
HOURS, ENERGY, LOCATION, YEAR, BASIS, PUE, GRID, INCLUDE, UNITS, ENERGY_BASIS = range(10)
LINES, LINE = 13, 7
#: ``state[SITE_KEY]`` is ``(location, year, basis, pue, grid_intensity)``: what a site
#: plan depends on (``engine.Planner.site``).
SITE_KEY = slice(LOCATION, GRID + 1)


def job_values(job: Job) -> JobState:
    """The job's values as a flat tuple (the ``JobState`` layout), timing, market and power
    profile left out: what the arithmetic reads."""
    d = job.__dict__
    head = (
        d["hours"],
        d["energy_kwh"],
        d["location"],
        d["year"],
        d["basis"],
        d["pue"],
        d["grid_intensity"],
        d["include_embodied"],
        d["functional_units"],
        d["energy_basis"],
        d["start"],
        d["end"],
        d["ownership"],
    )
    hardware = d["hardware"]
    if not hardware:
        return head
    return head + tuple([v for h in hardware for v in h.__dict__.values()])


def job_state(job: Job) -> Job | JobState:
    """The job as a tuple of its values, or the ``Job`` itself when it holds objects
    (timing, a market, a power profile).

    A result keeps its job; a batch of 100,000 results kept 100,000 ``Job`` objects, their
    hardware tuples and items alive, and each new tracked object brings the collector's next
    full pass nearer (one every ~200,000 on a typical heap, ~0.3 s each). A flat tuple of
    atomic values is untracked at the next young collection, so it costs it nothing (a
    nested one may not be: the collector can reach the outer tuple before the inner ones).
    The dict batch builds this tuple straight from the document (``jobs_quick.quick_state``)
    and never builds the ``Job``.
    """
    d = job.__dict__
    if d["timing"] is not None or d["market"] is not None or d["power_profile"] is not None:
        return job
    return job_values(job)


def job_from_state(state: Job | JobState) -> Job:
    """The ``Job`` of ``job_state`` again (equal to the original, field by field)."""
    if isinstance(state, Job):
        return state
    hardware = tuple([new_item(*state[b : b + LINE]) for b in range(LINES, len(state), LINE)])
    job = new_job(hardware, *state[:10])
    if state[10] is not None or state[11] is not None or state[12] is not None:
        job.__dict__.update(start=state[10], end=state[11], ownership=state[12])
    return job
