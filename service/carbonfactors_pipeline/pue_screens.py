"""Screens over what PUE lookups and cloud-region grid lookups answer (audit 2026-12-06,
seed 1796574057, classes P, P0 and P1), on the ``full`` bundle:

* ``grid-region-point`` (class P, a problem): a cloud region's own published figure that
  wins for a year comes back with low = high while its grid zone has a value for the same
  year and basis more than ``REGION_GAP`` away (gcp:europe-west3 2019: 319 g, no bounds,
  against Germany's 392.51 g). Rule P widens the bounds to reach it.
* ``pue-operator-refused`` (class P0, a problem): an operator or campus of the catalog that
  a PUE lookup refuses for a year the industry series covers (``ovhcloud`` 2019). Rule P0
  answers with the industry average under its warning.
* ``pue-site-off`` (class P1, for review): a campus lookup whose central value lies more than
  ``SITE_GAP`` from the campus's own nearest figure (Microsoft Texas 2015: the fleet's 1.185
  against Texas's own 1.28). Rule P1 centres a site well above its operator on its own
  figure; a site below its operator keeps the operator's figure (the pulls offset), so
  those are listed for a reviewer, never a failure.
* ``pue-operator-unreached`` (class P0b, audit 1796599352 #32, a problem): an operator
  lookup whose bounds leave out one of that operator's own figures on file (any year or
  basis; not ``design``, ``new-builds`` or a tool's ``unstated`` copy), and, when the industry average stands in for it,
  one of its campuses' figures too (Scaleway 2018 was the industry's 1.67 [1.54..1.67] while
  its own sites report 1.15-1.55). A fleet answer is not held to its campuses' spread: a
  fleet average is not a site.
* ``pue-unbounded-estimate`` (class AP, audit 1796621837 #28, a problem): an operator's own
  PUE factor of basis ``estimated`` (a tool constant, a blog's default) carried without
  bounds while a site or region figure of that operator on file (any source, year or basis;
  not ``design`` or ``new-builds``) lies more than ``ESTIMATE_GAP`` from it (Alibaba 1.3, CCF's
  PUE_AVG with no publication named, while CCF's own North China regions are 1.2). An
  estimate is not evidence that the operator's sites cluster at it: its bounds must reach
  them, or a ``keep`` note must say why not.
* ``pue-estimate-centre`` (class AP2, audit 1796642882 #29, a problem): an operator's or
  campus's PUE of basis ``estimated`` whose value sits on one of its own bounds (Alibaba
  1.3 [1.2..1.3], CCF's PUE_AVG, no publication named) while that subject has no figure of
  basis ``measured`` on file. A bounded tool constant centred on its own edge says the
  evidence leans one way and nothing measured corrects it: import the operator's own
  published figure (Alibaba's ESG-report fleet PUE), or a ``keep`` note must name that
  publication and why it is not imported.
* ``pue-site-own-backfill`` (class SB, audit 1796674267 #29, a problem): a campus asked for a
  year before its own earliest figure, answered with another subject's figure that is
  itself carried back to that year (its year, or its period's first year, is later, and
  not earlier than the campus's own) and lies more than ``SITE_GAP`` from the campus's earliest figure (Scaleway AMS1 2017: the
  six sites' median 1.405 for 2018-2020 against its own 1.2 for the same period). Rule P1b
  (rules generation 17) centres such a site on its own figure.

Like ``grid_screens``, a problem fails ``carbonfactors validate`` unless a ``keep`` note in
``factors/screens.yaml`` explains it; nothing here excludes a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonfactors import bundles
from carbonfactors.dataset import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.resolve.pue import INDUSTRY, PUE_BASES
from carbonfactors.resolve.pue_period import period_years

from . import licensing
from .grid_screens import BASIS, KIND, GridFlag

REGION_POINT = "grid-region-point"
OPERATOR_REFUSED = "pue-operator-refused"
SITE_OFF = "pue-site-off"
UNREACHED = "pue-operator-unreached"
UNBOUNDED_ESTIMATE = "pue-unbounded-estimate"
ESTIMATE_CENTRE = "pue-estimate-centre"
SITE_OWN_BACKFILL = "pue-site-own-backfill"
RULES = (
    REGION_POINT,
    OPERATOR_REFUSED,
    SITE_OFF,
    UNREACHED,
    UNBOUNDED_ESTIMATE,
    ESTIMATE_CENTRE,
    SITE_OWN_BACKFILL,
)
#: Scopes that are not an operator's own figure for its operating sites: design targets and
#: new builds (never a default) and tool or blog copies with no stated period (``unstated``).
NOT_OWN_SCOPES = frozenset({"design", "new-builds", "unstated"})
#: A region's own figure this far (relative) from its grid zone's needs bounds (class P).
REGION_GAP = 0.15
#: A campus answer this far (relative) from the campus's own nearest figure (class P1).
SITE_GAP = 0.05
#: An unbounded operator estimate this far (relative) from one of its sites' figures (AP).
ESTIMATE_GAP = 0.05
#: Scopes that never describe an operating site or fleet (never a default).
NEVER_DEFAULT_SCOPES = frozenset({"design", "new-builds"})


def _region_points(ds: Dataset, zid: str) -> list[GridFlag]:
    zone = ds.index.zones[zid]
    own = ds.series(KIND, zid, BASIS)
    grid = None if not zone.grid_zone else ds.series(KIND, zone.grid_zone, BASIS)
    if own is None or grid is None:
        return []
    out: list[GridFlag] = []
    for y in own.years:
        if y not in grid.winners:
            continue
        f = ds.resolve_grid(zid, y, BASIS).factor
        other = grid.winners[y].value
        if f.subject != zid or f.low != f.high or abs(f.value - other) <= REGION_GAP * other:
            continue
        out.append(
            GridFlag(
                REGION_POINT,
                f.id,
                f"{zid} {y} is its own figure {f.value:g} with no bounds while its grid zone "
                f"{zone.grid_zone} has {other:g} for the same year, more than "
                f"{REGION_GAP:.0%} away",
            )
        )
    return out


def _industry_years(ds: Dataset) -> list[int]:
    years: set[int] = set()
    for basis in PUE_BASES:
        s = ds.series("pue", INDUSTRY, basis)
        years |= set(s.years) if s is not None else set()
    return sorted(years)


def _operators(ds: Dataset, oid: str, years: list[int]) -> list[GridFlag]:
    out: list[GridFlag] = []
    own = sorted(
        (s.winners[y] for b in PUE_BASES if (s := ds.series("pue", oid, b)) for y in s.years),
        key=lambda g: g.year,
    )
    for y in years:
        try:
            res = ds.resolve_pue(None, y, oid)
        except CarbonFactorsError as exc:
            out.append(GridFlag(OPERATOR_REFUSED, f"pue:{oid}", f"{oid} {y} is refused: {exc}"))
            continue
        op = ds.index.operators[oid]
        if op.get("type") != "campus" or not own or res.factor.subject == oid:
            continue
        near = min(own, key=lambda g: (abs(g.year - y), g.year))
        v = res.factor.value
        first = min(own, key=lambda g: (_start(g), g.year))
        if (
            y < _start(first)
            and _start(res.factor) > y
            and _start(res.factor) >= _start(first)
            and abs(v - first.value) > SITE_GAP * first.value
        ):
            out.append(
                GridFlag(
                    SITE_OWN_BACKFILL,
                    res.factor.id,
                    f"{oid} {y} resolves to {v:g} ({res.factor.subject}, {res.factor.year}), "
                    f"itself carried back, while {oid}'s own earliest figure is "
                    f"{first.value:g} ({first.year}), more than {SITE_GAP:.0%} away "
                    "(audit 1796674267 SB: rule P1b centres the site on its own figure)",
                )
            )
            continue
        if abs(v - near.value) <= SITE_GAP * near.value:
            continue
        out.append(
            GridFlag(
                SITE_OFF,
                res.factor.id,
                f"{oid} {y} resolves to {v:g} ({res.factor.subject}) while its own nearest "
                f"figure is {near.value:g} ({near.year}), more than {SITE_GAP:.0%} away "
                "(listed for review)",
                problem=False,
            )
        )
    return out


def _start(f: Any) -> int:
    """The first year a figure is evidence for: its ``YYYY..YYYY`` period's, else its year."""
    span = period_years(f)
    return f.year if span is None else span[0]


def _own_figures(ds: Dataset, subjects: list[str]) -> list[tuple[str, int, float]]:
    """(subject, year, value) of every own figure of ``subjects`` (``NOT_OWN_SCOPES``)."""
    return [
        (subject, y, s.winners[y].value)
        for subject in subjects
        for b in PUE_BASES
        if (s := ds.series("pue", subject, b)) is not None
        for y in s.years
        if (s.winners[y].scope or "") not in NOT_OWN_SCOPES
    ]


def _unreached(ds: Dataset, oid: str, years: list[int]) -> list[GridFlag]:
    """Class P0b (module doc): an operator's answer whose bounds miss one of its figures."""
    campuses = sorted(
        c for c, op in ds.index.operators.items() if op.get("parent") == oid and c != oid
    )
    out: list[GridFlag] = []
    for y in years:
        try:
            f = ds.resolve_pue(None, y, oid).factor
        except CarbonFactorsError:
            continue  # pue-operator-refused says it
        lo = f.value if f.low is None else f.low
        hi = f.value if f.high is None else f.high
        own = _own_figures(ds, [oid] + (campuses if f.subject == INDUSTRY else []))
        missed = [g for g in own if not lo - 1e-9 <= g[2] <= hi + 1e-9]
        if not missed:
            continue
        named = ", ".join(f"{s} {v:g} ({yr})" for s, yr, v in missed)
        out.append(
            GridFlag(
                UNREACHED,
                f.id,
                f"{oid} {y} resolves to {f.value:g} [{lo:g}..{hi:g}] ({f.subject}), whose "
                f"bounds leave out its own figures {named}",
            )
        )
    return out


def _site_subjects(ds: Dataset, oid: str) -> list[str]:
    """Every campus under ``oid`` (any depth) and every cloud region placed at it or them."""

    def reaches(sid: str) -> bool:
        seen: set[str] = set()
        cur: str | None = sid
        while cur is not None and cur not in seen and cur in ds.index.operators:
            if cur == oid:
                return True
            seen.add(cur)
            cur = ds.index.operators[cur].get("parent")
        return False

    campuses = [c for c in ds.index.operators if c != oid and reaches(c)]
    regions = [
        z.id
        for z in ds.index.zones.values()
        if z.type == "cloud_region" and z.operator and reaches(z.operator)
    ]
    return sorted(set(campuses) | set(regions))


def _unbounded_estimates(ds: Dataset, oid: str) -> list[GridFlag]:
    """Class AP (module doc): an operator's unbounded estimate far from its sites' figures."""
    own = [
        f
        for f in ds.index.subject(oid).factors.values()
        if f.kind == "pue"
        and f.basis == "estimated"
        and (f.scope or "") not in NEVER_DEFAULT_SCOPES
        and (f.low is None or f.low == f.value)
        and (f.high is None or f.high == f.value)
    ]
    if not own:
        return []
    sites = [
        (sid, f.year, f.value)
        for sid in _site_subjects(ds, oid)
        for f in ds.index.subject(sid).factors.values()
        if f.kind == "pue" and (f.scope or "") not in NEVER_DEFAULT_SCOPES
    ]
    out: list[GridFlag] = []
    for f in sorted(own, key=lambda g: g.id):
        far = sorted({g for g in sites if abs(g[2] - f.value) > ESTIMATE_GAP * f.value})
        if not far:
            continue
        named = ", ".join(f"{s} {v:g} ({yr})" for s, yr, v in far[:6])
        more = f" and {len(far) - 6} more" if len(far) > 6 else ""
        out.append(
            GridFlag(
                UNBOUNDED_ESTIMATE,
                f.id,
                f"{f.id} is an estimate {f.value:g} with no bounds while {oid}'s site or region "
                f"figures on file lie more than {ESTIMATE_GAP:.0%} away: {named}{more}",
            )
        )
    return out


def _estimate_centres(ds: Dataset, oid: str) -> list[GridFlag]:
    """Class AP2 (module doc): an estimate on its own bound with nothing measured beside it."""
    pues = [f for f in ds.index.subject(oid).factors.values() if f.kind == "pue"]
    if any(f.basis == "measured" and (f.scope or "") not in NOT_OWN_SCOPES for f in pues):
        return []
    out: list[GridFlag] = []
    for f in sorted(pues, key=lambda g: g.id):
        if f.basis != "estimated" or (f.scope or "") in NEVER_DEFAULT_SCOPES:
            continue
        if f.low is None or f.high is None or f.low == f.high:
            continue
        if f.value not in (f.low, f.high):
            continue
        edge = "high" if f.value == f.high else "low"
        out.append(
            GridFlag(
                ESTIMATE_CENTRE,
                f.id,
                f"{f.id} is an estimate {f.value:g} [{f.low:g}..{f.high:g}] centred on its own "
                f"{edge} bound while {oid} has no measured PUE on file",
            )
        )
    return out


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every flagged lookup of the ``full`` bundle: cloud regions, operators, campuses."""
    ds = Dataset.from_snapshot(licensing.bundle(snapshot, bundles.FULL), version="dev")
    out: list[GridFlag] = []
    for zid, zone in sorted(ds.index.zones.items()):
        if zone.type == "cloud_region":
            out += _region_points(ds, zid)
    years = _industry_years(ds)
    for oid, op in sorted(ds.index.operators.items()):
        if op.get("type") in ("operator", "campus"):
            out += _operators(ds, oid, years)
            out += _estimate_centres(ds, oid)
        if op.get("type") == "operator":
            out += _unreached(ds, oid, years)
            out += _unbounded_estimates(ds, oid)
    return out
