"""The footprint arithmetic: energy, operational and embodied carbon, bounds and receipt.

The model is the one of DESIGN.md ("Footprint model"):

* IT energy ``E = sum(n * P(u)) * t / 1000`` kWh, unless ``energy_kwh`` is given;
* facility energy ``E * PUE``; operational ``E * PUE * I / 1000`` kgCO2e;
* embodied ``sum(n * M * t / (L * 8760 * s))`` kgCO2e: ``M`` embodied kgCO2e per unit,
  amortized over its in-service hours (lifetime ``L`` years times in-use share ``s``);
* total = operational + embodied; SCI = total / functional units.

Power of a model ``P(u)`` at utilization ``u`` (default 1.0) follows the *basis* of the
value, so that no number is scaled twice (one rule, ``HardwarePlan.watts``):

* a **load curve** (an ``idle``/``min`` point and a ``load-100``/``max`` point, plus any
  ``load-10``, ``load-50``) is interpolated linearly between its points;
* else a measured **average** is a draw already *at operating load*: it is used as is,
  whatever ``u`` says (a given utilization is then reported in ``notes`` as not applied;
  give ``power_w`` to scale a value of your own);
* else the **TDP** (else the **max**, else a value of unstated basis) is a ceiling, scaled
  by ``u``;
* an explicit ``power_w`` replaces the catalog value and is scaled by ``u`` (a rating).

A line's count is multiplied by the match's ``multiplier``: a Cloud TPU slice name such as
``v5p-128`` is 64 chips of ``google-tpu-v5p`` (see ``carbonfactors.hardware_names``), and
the expansion is written in the factor trail of that line.

Bounds are interval arithmetic over the factors' ``low``/``high``: every quantity is
non-negative, so the low bound uses each factor's low end (and the high end of divisors
such as lifetime); a factor without a range contributes its value to both bounds.

Work is split into *plans*, resolved once and shared: a ``SitePlan`` per (location, year,
basis, PUE, intensity) and a ``HardwarePlan`` per catalog line. A job then costs a few
multiplications, which is what makes the batch path fast.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from cachetools import LRUCache

from . import arithmetic as ar
from .dataset import Dataset
from .errors import CarbonFactorsError, InvalidInput
from .footprint_result import NUMBERS, Footprint, ItemResult, JobError
from .job_types import (
    ENERGY,
    ENERGY_BASIS,
    HOURS,
    INCLUDE,
    LINE,
    LINES,
    SITE_KEY,
    JobState,
    job_from_state,
    job_state,
    job_values,
)
from .jobs import Job
from .market import evaluate as market_evaluate
from .plans import (
    AT_LOAD_BASES,
    CONSTANT,
    CURVE,
    LINEAR,
    HardwarePlan,
    SitePlan,
    Triple,
    UsedFactor,
    hardware_plan,
    site_plan,
)
from .temporal import timed_site

if TYPE_CHECKING:
    from .providers import Provider

__all__ = [
    "AT_LOAD_BASES",
    "CONSTANT",
    "CURVE",
    "LINEAR",
    "NUMBERS",
    "Footprint",
    "HardwarePlan",
    "ItemResult",
    "JobError",
    "Planner",
    "SitePlan",
    "Triple",
    "UsedFactor",
    "compute",
    "hardware_plan",
    "site_plan",
]

_INF = float("inf")


def compute(
    job: Job,
    ds: Dataset,
    site: SitePlan,
    plans: tuple[HardwarePlan, ...],
    provider: Provider | None = None,
) -> Footprint:
    """The footprint of a parsed job, given resolved plans. A job that says when it ran
    gets its intensity weighted by time (``temporal.py``), from the dataset's series or a
    live ``provider``; one with a ``market`` gets its market-based total too."""
    if job.timing is not None:
        site = timed_site(ds, job, site, provider)
    state = job_state(job)
    nums = numbers(state if type(state) is tuple else job_values(job), site, plans)
    contract = job.market
    mkt = (
        None
        if contract is None
        else market_evaluate(
            ds, contract, job.location, job.year, nums[1], site.intensity[0], nums[2]
        )
    )
    return Footprint.of(nums, state, ds, site, plans, mkt)


def numbers(state: JobState, site: SitePlan, plans: tuple[HardwarePlan, ...]) -> tuple[float, ...]:
    """The arithmetic, given resolved plans (the hot loop of the batch path): the five
    numbers, then their five low and five high bounds, in one flat tuple (``Footprint``).

    It reads the job as its flat values (``job_types.JobState``: the dict batch has no
    ``Job`` to give it, see ``Planner.quick``). Every formula is one of ``arithmetic.py``,
    shared with ``Footprint.items`` and the frame kernel, so a total, its per-line breakdown
    and a frame's row can never disagree.
    """
    t = state[HOURS]
    e = elo = ehi = 0.0
    m = mlo = mhi = 0.0
    energy_given = state[ENERGY]
    line_energy, line_embodied = ar.line_energy_kwh, ar.line_embodied_kg
    b = LINES  # the first value of the current hardware line: model, count, utilization...
    for plan in plans:
        n = state[b + 1] * plan.multiplier
        if energy_given is None:
            assert t is not None
            w, wl, wh = plan.watts_at(state[b + 2], state[b + 3])
            e += line_energy(n, w, t)
            elo += line_energy(n, wl, t)
            ehi += line_energy(n, wh, t)
        eph = plan.embodied_per_hour
        if eph is not None and t is not None:
            m += line_embodied(n, eph[0], t)
            mlo += line_embodied(n, eph[1], t)
            mhi += line_embodied(n, eph[2], t)
        b += LINE
    if energy_given is not None:
        e = elo = ehi = energy_given
    p, plo, phi = site.pue
    i, ilo, ihi = site.intensity
    if energy_given is not None and state[ENERGY_BASIS] == "facility":
        # The energy already includes PUE: it is the facility energy; the IT energy is implied.
        fe = felo = fehi = energy_given
        e, elo, ehi = (
            ar.it_energy_kwh(fe, p),
            ar.it_energy_kwh(fe, phi),
            ar.it_energy_kwh(fe, plo),
        )
    else:
        fe, felo, fehi = (
            ar.facility_energy_kwh(e, p),
            ar.facility_energy_kwh(elo, plo),
            ar.facility_energy_kwh(ehi, phi),
        )
    op, oplo, ophi = (
        ar.operational_kg(fe, i),
        ar.operational_kg(felo, ilo),
        ar.operational_kg(fehi, ihi),
    )
    if not ophi + mhi < _INF:  # finite inputs can still overflow: never return inf
        raise InvalidInput("the inputs are too large: the footprint overflows", field="job")
    return (
        e,
        fe,
        op,
        m,
        op + m,
        elo,
        felo,
        oplo,
        mlo,
        oplo + mlo,
        ehi,
        fehi,
        ophi,
        mhi,
        ophi + mhi,
    )


class Planner:
    """Resolves and memoizes plans for a run of jobs (one call or a whole batch)."""

    #: Plans kept per memo: bounded LRUs, so a long-lived service cannot grow without bound
    #: and a hot plan is never dropped with the rest.
    LIMIT = 100_000

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.sites: LRUCache[tuple[Any, ...], SitePlan | Exception] = LRUCache(self.LIMIT)
        self.hardware: LRUCache[tuple[Any, ...], HardwarePlan | Exception] = LRUCache(self.LIMIT)
        #: An LRU reorders itself on reads: service threads share a planner.
        self._lock = threading.Lock()
        #: In front of the LRUs, plain dicts of the answers already given (a read takes no
        #: lock: a dict read or write is atomic): the hot path of a batch is one dict read
        #: per job for its site and one for its whole tuple of hardware plans (the same
        #: tuple object for every job with the same lines, not a new one per result).
        #: Cleared when full, which only sends the next reads to the LRUs.
        self._site_front: dict[tuple[Any, ...], SitePlan | Exception] = {}
        self._plans_front: dict[tuple[Any, ...], tuple[HardwarePlan, ...] | Exception] = {}

    @classmethod
    def of(cls, ds: Dataset) -> Planner:
        """The planner shared by every call on ``ds`` (plans depend only on the dataset)."""
        planner = ds.planner
        if planner is None:
            planner = ds.planner = cls(ds)
        return planner

    def _remember(self, front: dict[Any, Any], key: Any, hit: Any) -> None:
        """Keep ``hit`` in a lock-free front dict, emptied whole when full (a bounded
        memo that costs one dict lookup on the hot path; the locked LRU behind it stays)."""
        if len(front) >= self.LIMIT:
            front.clear()
        front[key] = hit

    def site(self, job: Job) -> SitePlan:
        return self._site_of((job.location, job.year, job.basis, job.pue, job.grid_intensity), job)

    def _site_of(self, key: tuple[Any, ...], job: Job | JobState) -> SitePlan:
        """The site plan for ``key``; ``job`` (or its state, turned into a ``Job`` only on
        a miss) resolves it the first time."""
        hit = self._site_front.get(key)
        if hit is None:
            hit = self._site(key, job_from_state(job))
            self._remember(self._site_front, key, hit)
        if isinstance(hit, Exception):
            raise _again(hit)
        return hit

    def _site(self, key: tuple[Any, ...], job: Job) -> SitePlan | Exception:
        with self._lock:
            hit = self.sites.get(key)
        if hit is None:
            try:
                hit = site_plan(self.ds, job)
            except CarbonFactorsError as exc:
                # A bare copy: the error's traceback (and its cause's) holds the frames up
                # to the calling batch, which would keep its jobs and results alive for as
                # long as the memo keeps the error.
                hit = exc.again()
            with self._lock:
                self.sites[key] = hit
        return hit

    def plans(self, job: Job) -> tuple[HardwarePlan, ...]:
        if not job.hardware:
            return ()
        return self._plans_of(plans_key(job), job)

    def _plans_of(self, key: tuple[Any, ...], job: Job | JobState) -> tuple[HardwarePlan, ...]:
        """The hardware plans for ``key`` (see ``plans``; ``state_plans_key`` builds the
        same key from a state), resolved from ``job`` or its state the first time."""
        hit = self._plans_front.get(key)
        if hit is None:
            try:
                hit = self._plans(job_from_state(job))
            except CarbonFactorsError as exc:
                hit = exc.again()
            self._remember(self._plans_front, key, hit)
        if isinstance(hit, Exception):
            raise _again(hit)
        return hit

    def quick(self, state: JobState) -> Footprint:
        """The dict batch's kernel: the footprint of a plain document parsed to its state
        (``jobs_quick.quick_state``), with no ``Job`` built. A state has no timing and no
        market, so this is ``compute`` without them; the plans are the memoized ones.

        Each object made per job is one more for the collector (it counts allocations to
        decide when to run), and building a ``Job`` with its hardware lines, then turning it
        back into the state a result keeps, was a third of a job's cost.
        """
        site = self._site_of(state[SITE_KEY], state)
        plans = () if len(state) == LINES else self._plans_of(state_plans_key(state), state)
        return Footprint.of(numbers(state, site, plans), state, self.ds, site, plans, None)

    def _plans(self, job: Job) -> tuple[HardwarePlan, ...]:
        out = []
        energy_missing = job.energy_kwh is None
        for i, item in enumerate(job.hardware):
            key = (
                i,
                item.model,
                item.power_w is not None,
                item.embodied_kgco2e,
                item.lifetime_years,
                item.in_use_share,
                job.include_embodied,
                energy_missing,
            )
            with self._lock:
                hit = self.hardware.get(key)
            if hit is None:
                try:
                    hit = hardware_plan(self.ds, item, i, job)
                except CarbonFactorsError as exc:
                    hit = exc.again()
                with self._lock:
                    self.hardware[key] = hit
            if isinstance(hit, Exception):
                raise _again(hit)
            out.append(hit)
        return tuple(out)

    def footprint(self, job: Job, provider: Provider | None = None) -> Footprint:
        return compute(job, self.ds, self.site(job), self.plans(job), provider)


def plans_key(job: Job) -> tuple[Any, ...]:
    """``Planner.plans``'s memo key: whether embodied carbon and power are needed, then per
    hardware line what its plan depends on (model, whether ``power_w`` is given, embodied,
    lifetime, in-use share), not its count or utilization."""
    return (
        job.include_embodied,
        job.energy_kwh is None,
        *[
            (h.model, h.power_w is not None, h.embodied_kgco2e, h.lifetime_years, h.in_use_share)
            for h in job.hardware
        ],
    )


def state_plans_key(state: JobState) -> tuple[Any, ...]:
    """``plans_key`` of a job given as its state (the dict batch's, which has no ``Job``);
    the two must agree, or the batch and single calls would keep separate memo entries."""
    if len(state) == LINES + LINE:  # one line, the usual case: no list to build
        b = LINES
        line = (state[b], state[b + 3] is not None, state[b + 4], state[b + 5], state[b + 6])
        return (state[INCLUDE], state[ENERGY] is None, line)
    return (
        state[INCLUDE],
        state[ENERGY] is None,
        *[
            (state[b], state[b + 3] is not None, state[b + 4], state[b + 5], state[b + 6])
            for b in range(LINES, len(state), LINE)
        ],
    )


def _again(exc: Exception) -> Exception:
    """A fresh copy of a memoized error, so tracebacks do not pile up across jobs."""
    if isinstance(exc, CarbonFactorsError):
        return exc.again()
    return exc
