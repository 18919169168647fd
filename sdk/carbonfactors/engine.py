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
    """The arithmetic, given resolved plans (the hot loop of the batch path).

    Every formula is one of ``arithmetic.py``, shared with ``Footprint.items`` and the frame
    kernel, so a total, its per-line breakdown and a frame's row can never disagree. A job
    that says when it ran gets its intensity weighted by time (``temporal.py``), from the
    dataset's series or a live ``provider``.
    """
    if job.timing is not None:
        site = timed_site(ds, job, site, provider)
    t = job.hours
    e = elo = ehi = 0.0
    m = mlo = mhi = 0.0
    energy_given = job.energy_kwh
    line_energy, line_embodied = ar.line_energy_kwh, ar.line_embodied_kg
    for item, plan in zip(job.hardware, plans, strict=True):
        n = item.count * plan.multiplier
        if energy_given is None:
            assert t is not None
            w, wl, wh = plan.watts(item)
            e += line_energy(n, w, t)
            elo += line_energy(n, wl, t)
            ehi += line_energy(n, wh, t)
        eph = plan.embodied_per_hour
        if eph is not None and t is not None:
            m += line_embodied(n, eph[0], t)
            mlo += line_embodied(n, eph[1], t)
            mhi += line_embodied(n, eph[2], t)
    if energy_given is not None:
        e = elo = ehi = energy_given
    p, plo, phi = site.pue
    i, ilo, ihi = site.intensity
    if energy_given is not None and job.energy_basis == "facility":
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
    contract = job.market
    mkt = (
        None
        if contract is None
        else market_evaluate(ds, contract, job.location, job.year, fe, i, op)
    )
    return Footprint.of(
        (e, fe, op, m, op + m, elo, felo, oplo, mlo, oplo + mlo, ehi, fehi, ophi, mhi, ophi + mhi),
        job,
        ds,
        site,
        plans,
        mkt,
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
        key = (job.location, job.year, job.basis, job.pue, job.grid_intensity)
        hit = self._site_front.get(key)
        if hit is None:
            hit = self._site(key, job)
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
        hardware = job.hardware
        if not hardware:
            return ()
        key = (
            job.include_embodied,
            job.energy_kwh is None,
            *[
                (
                    h.model,
                    h.power_w is not None,
                    h.embodied_kgco2e,
                    h.lifetime_years,
                    h.in_use_share,
                )
                for h in hardware
            ],
        )
        hit = self._plans_front.get(key)
        if hit is None:
            try:
                hit = self._plans(job)
            except CarbonFactorsError as exc:
                hit = exc.again()
            self._remember(self._plans_front, key, hit)
        if isinstance(hit, Exception):
            raise _again(hit)
        return hit

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


def _again(exc: Exception) -> Exception:
    """A fresh copy of a memoized error, so tracebacks do not pile up across jobs."""
    if isinstance(exc, CarbonFactorsError):
        return exc.again()
    return exc
