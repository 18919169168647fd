"""The hardware rules: a model's own factor (latest year, bases in order), else its
category's default; embodied by the rung hierarchy (``rungs``); user-typed names through
the one matcher (``hardware_names``). Each is a pure function of a ``FactorIndex``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import suggest
from ..errors import AmbiguousName, CarbonFactorsError, HardwareNotFound, InvalidInput
from ..hardware_names import NameMatch
from ..kinds import LOWER_BOUND_RUNG, category_subjects
from ..records import Factor, Hardware, Resolution
from ..rungs import embodied_key
from . import suggestions
from .chain import source_note
from .index import FactorIndex

HOURS_PER_YEAR = 8760.0
#: Preferred bases, best first, for kinds where one value per model is used (embodied:
#: ``rungs.EMBODIED_BASES``, with the rest of the default-embodied rule).
LIFETIME_BASES: tuple[str | None, ...] = ("service", None, "accounting")
#: In-use share: any basis; when several exist for one year, the first listed wins.
SHARE_BASES: tuple[str | None, ...] = ("measured", None, "estimated")
#: Power: a load curve (if complete) beats a single value; single values in this order.
SINGLE_POWER_BASES: tuple[str | None, ...] = ("average", "tdp", "max", None)
#: Utilization at which each power basis is measured, for load curves.
CURVE_POINTS: dict[str, float] = {
    "idle": 0.0,
    "min": 0.0,
    "load-10": 0.1,
    "load-50": 0.5,
    "load-100": 1.0,
    "max": 1.0,
}


def latest(
    idx: FactorIndex,
    kind: str,
    subject: str,
    bases: Iterable[str | None],
    *,
    unit: str | None = None,
) -> tuple[Factor, list[str]] | None:
    """Latest-year factor of ``kind`` for ``subject``, first basis in ``bases`` that has one."""
    for basis in bases:
        s = idx.series(kind, subject, basis)
        if s is None:
            continue
        for y in reversed(s.years):
            f = s.winners[y]
            if unit is None or f.unit == unit:
                return f, source_note(idx, s, y)
    return None


def resolve_embodied(idx: FactorIndex, hw: Hardware) -> Resolution | None:
    """A model's default embodied carbon (kgCO2e per unit) by the rung hierarchy.

    The best rung the model has wins (``kinds.EMBODIED_RUNGS``; factors naming no rung
    rank after ``component-model``), then the basis, source priority and latest year. A
    ``lower-bound`` figure (a die alone, a quoted floor) or a value the screens excluded is
    never chosen. A model with nothing else gets its category's default, and the steps say so.
    """

    def rank(f: Factor) -> tuple[int, int, int, int, str]:
        return embodied_key(f, idx.source_priority)

    own = idx.subject(hw.id).embodied
    skipped = [f for f in own if f.rung == LOWER_BOUND_RUNG or f.excluded]
    ranked = sorted((f for f in own if f not in skipped), key=rank)
    steps = [
        f"{hw.id}: skipped {f.id} = {f.value:g} kgCO2e ("
        + (f"excluded: {f.excluded}" if f.excluded else "rung lower-bound: never a default")
        + ")"
        for f in skipped
    ]
    res = None
    if ranked:
        f = ranked[0]
        steps.insert(0, f"{hw.id}: own embodied value, rung {f.rung or 'unstated'} ({f.year})")
        steps.extend(
            f"{hw.id}: also {o.id} = {o.value:g} kgCO2e (rung {o.rung or 'unstated'})"
            for o in ranked[1:]
        )
        res = Resolution(f, tuple(steps), hw.id)
    elif not composite(hw):
        cat, pool = "", []
        for cat in category_subjects(hw.category, hw.record.get("specs")):
            pool = sorted(idx.subject(cat).embodied, key=rank)
            if pool:
                break
        if pool:
            f = pool[0]
            steps.insert(
                0,
                f"{hw.id}: NO EMBODIED VALUE OF ITS OWN → CATEGORY DEFAULT of {cat}: "
                f"{f.value:g} kgCO2e [{f.lo:g}..{f.hi:g}] ({f.id}, rung "
                f"{f.rung or 'unstated'})",
            )
            res = Resolution(f, tuple(steps), f"{hw.id} → category default {cat}")
    return res


def composite(hw: Hardware) -> bool:
    """A cloud instance with accelerators, or with a GPU share the catalog cannot size
    (``specs.gpu_unsized``: Azure NVv4's MI25 fractions): its category's power and embodied
    defaults (pooled over plain instances) would be an estimate for a different scope, so
    it never takes them; lifetimes and in-use shares apply as to any instance. A snapshot
    without the key resolves as before."""
    specs = hw.record.get("specs") or {}
    gpu = specs.get("accelerators") or specs.get("gpu_unsized")
    return hw.category == "cloud_instance" and bool(gpu)


def model_or_category(
    idx: FactorIndex, kind: str, hw: Hardware, bases: Sequence[str | None], unit: str
) -> Resolution | None:
    """A per-model factor (power, lifetime, in-use share), else the category default."""
    res = None
    own = latest(idx, kind, hw.id, bases, unit=unit)
    if own is not None:
        f, notes = own
        res = Resolution(f, (f"{hw.id}: own {kind} ({f.year})", *notes), hw.id)
    elif kind != "power" or not composite(hw):
        cat, found = "", None
        for cat in category_subjects(hw.category, hw.record.get("specs")):
            found = latest(idx, kind, cat, bases, unit=unit)
            if found is not None:
                break
        if found is not None:
            f, notes = found
            res = Resolution(
                f,
                (f"{hw.id}: no own {kind} → default of its category {cat} ({f.year})", *notes),
                f"{hw.id} → {cat}",
            )
    return res


def match_hardware(idx: FactorIndex, name: str, fld: str) -> NameMatch | CarbonFactorsError:
    """The catalog entry ``name`` denotes, or the error to raise (memoized by the caller)."""
    if idx.has_hardware(name):  # an exact id: no need to build the name index
        return NameMatch(name, "id", query=name)
    found = idx.names.resolve(name)
    if isinstance(found, NameMatch):
        return found
    error = {"unknown": HardwareNotFound, "invalid": InvalidInput}.get(found.reason, AmbiguousName)
    close = list(found.candidates)
    if not close and found.reason == "unknown":  # a typo the name matcher cannot read
        close = suggestions.hardware(idx, name)
    return error(
        f"{found.detail} (dataset {idx.version}){suggest.hint(close, fld)}",
        field=fld,
        candidates=close,
    )
