"""The chain rule shared by grid intensity and PUE: walk a chain of subjects (zone → grid
zone → parents, or operator → parents), take each one's value at or before the year, keep
the freshest (ties: the most specific), and write every step down.

The rules themselves are documented once, in ``carbonfactors.dataset``'s module doc.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import Factor
from .index import FactorIndex, Series


@dataclass(frozen=True)
class Pick:
    """What ``chain_pick`` chose (``factor`` None when nothing at or before the year)."""

    factor: Factor | None
    steps: list[str]
    summary: str = ""
    subject: str | None = None
    #: Why the value is not from its zone's default series (grid intensity only).
    switched: str | None = None
    #: (subject, first year) of series that start after the requested year.
    later: list[tuple[str, int]] = field(default_factory=list)


def fmt_years(years: Sequence[int]) -> str:
    if len(years) > 6:
        return f"{years[0]}..{years[-1]} ({len(years)} years)"
    return ", ".join(str(y) for y in years)


def acc(f: Factor) -> str:
    return f" ({f.accounting}-based)" if f.accounting else ""


def source_note(idx: FactorIndex, series: Series, year: int) -> list[str]:
    losers = series.losers.get(year)
    if not losers:
        return []
    w = series.winners[year]
    rank = idx.rank
    others = ", ".join(f"{f.source} (priority {rank(f)[0]})" for f in losers)
    return [
        f"{len(losers) + 1} sources give {w.kind} {w.subject} {year}"
        f"{'' if w.basis is None else ' ' + w.basis}: {w.source} (priority {rank(w)[0]}) "
        f"chosen over {others}"
    ]


def offer(
    idx: FactorIndex, kind: str, subject: str, basis: str | None, s: Series, year: int | None
) -> tuple[int, Factor, str | None] | None:
    """A zone's value at or before ``year``: (year, factor, why another source filled it).

    Grid intensity follows the one-series rule (``carbonfactors.dataset`` doc): the default source's own
    nearest earlier year beats another source's exact year.
    """
    ranked = idx.subject(subject).by_source.get((kind, basis)) if kind == "grid_intensity" else None
    if not ranked:
        y = s.at_or_before(year)
        return None if y is None else (y, s.winners[y], None)
    default_source, default = ranked[0]
    y = default.at_or_before(year)
    if y is not None:
        return y, default.winners[y], None
    for source, other in ranked[1:]:
        y = other.at_or_before(year)
        if y is not None:
            f = other.winners[y]
            d = default.winners[default.years[0]]
            return (
                y,
                f,
                f"{subject}: its default series {default_source}"
                f"{acc(d)} has no value in or before {year} (it starts in "
                f"{default.years[0]}); {source}{acc(f)} {y} is used instead",
            )
    return None


def excluded_note(
    idx: FactorIndex,
    kind: str,
    subject: str,
    basis: str | None,
    after: int | None,
    year: int | None,
) -> list[str]:
    """Screened-out values that would otherwise have been candidates, and why."""
    out = []
    excluded = idx.subject(subject).excluded.get((kind, basis), ())
    for f in sorted(excluded, key=lambda f: f.id):
        if (after is None or f.year >= after) and (year is None or f.year <= year):
            out.append(f"{subject}: {f.id} ({f.value:g} {f.unit}) excluded: {f.excluded}")
    return out


def chain_pick(
    idx: FactorIndex,
    kind: str,
    chain: Sequence[tuple[str, str]],
    bases: Sequence[str | None],
    year: int | None,
) -> Pick:
    """Freshest value at or before ``year`` along ``chain`` (subject, role); ties → earlier."""
    steps: list[str] = []
    best: tuple[int, int, str, Series, Factor, str | None] | None = None
    later: list[tuple[str, int]] = []
    offers = 0
    for pos, (subject, role) in enumerate(chain):
        found = False
        for basis in bases:
            s = idx.series(kind, subject, basis)
            if s is None or not s.years:
                steps.extend(excluded_note(idx, kind, subject, basis, None, year))
                continue
            found = True
            label = f"{subject}{role}"
            bdesc = "" if basis is None else f" {basis}"
            found_offer = offer(idx, kind, subject, basis, s, year)
            if found_offer is None:
                later.append((subject, s.years[0]))
                steps.append(f"{label}: {kind}{bdesc} only for later years ({fmt_years(s.years)})")
                continue
            y, f, switched = found_offer
            if year is None:
                steps.append(f"{label}: latest{bdesc} value is {y}")
            elif y == year:
                steps.append(f"{label}: {bdesc.strip() + ' ' if bdesc else ''}value for {y}")
            else:
                steps.append(f"{label}: no{bdesc} value for {year}, nearest earlier year {y}")
            if switched:
                steps.append(switched)
            steps.extend(excluded_note(idx, kind, subject, basis, y, year))
            offers += 1
            if best is None or y > best[0]:
                best = (y, pos, subject, s, f, switched)
            break
        if not found:
            steps.append(f"{subject}{role}: no {kind} factor")
    if best is None:
        return Pick(None, steps, later=later)
    y, pos, subject, s, f, switched = best
    if len(chain) > 1:
        why = "the only candidate" if offers == 1 else "the freshest; ties go to the most specific"
        steps.append(f"used {subject} {y} ({why})")
    if switched is None:
        steps.extend(source_note(idx, s, y))
    path = " → ".join(c[0] for c in chain[: pos + 1])
    if year is None:
        ysum = f"latest available {y}"
    elif y == year:
        ysum = str(y)
    else:
        ysum = f"{year} → {y} nearest earlier year"
    if switched:
        ysum += f", source changed to {f.source}"
    return Pick(f, steps, f"{path}, {ysum}", subject, switched)
