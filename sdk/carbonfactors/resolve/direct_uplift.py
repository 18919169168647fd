"""Rules generation 11 (audit 1796636393 a-D1): how far above a direct figure a lifecycle
value of the same place and year must lie, and what a wide gap says about the centre.

Rule G4b (generation 5, ``corrected_rows.direct_reach``) raised a lifecycle answer's high
bound to a same-year direct (combustion) figure above it. A direct figure is a floor for a
lifecycle one, not a ceiling: Greece 2020 was Ember's lifecycle 423.07 [..522] with the EEA's
direct 522, 23% above it, every year 2015-2020 (Greek lignite is far dirtier than a generic
coal factor). From generation 11 the high bound reaches the direct figure times the
smallest lifecycle-to-direct ratio of a fossil technology on file (``uplift``): the
technology rows (``factors/grid/technologies``) give one producer's lifecycle and direct
factor per fuel, IPCC AR5 WGIII Annex III's medians for coal (820 / 760 = 1.079) and
natural gas (490 / 370 = 1.324); the smallest is the least the fuel chain can add to a
fossil kWh, so direct x that ratio is the lowest lifecycle value the direct figure allows.
Oil's two factors come from different sources (UK POST's lifecycle, EIA/BEIS's direct) and
are not paired. With no paired technology on file the ratio is 1 (the direct figure
itself, as before) and the warning says so. Where the direct figure lies more than
``MARGIN`` above the centre, the warning also says that the centre is likely low. The
centre is kept: the two may differ in accounting (production against consumption) or in
the fuel factors used, which the reader has to judge.
"""

from __future__ import annotations

from ..records import Factor
from .index import FactorIndex

#: A direct figure this far (relative) above the lifecycle centre says the centre is likely low.
MARGIN = 0.10
#: Fossil technologies whose lifecycle and direct rows (one source) give the fuel chain's share.
FOSSIL = ("tech:coal", "tech:gas", "tech:oil")
KIND = "grid_intensity"


def _latest(idx: FactorIndex, subject: str, basis: str) -> Factor | None:
    s = idx.series(KIND, subject, basis)
    return None if s is None or not s.years else s.winners[s.years[-1]]


def ratios(idx: FactorIndex, unit: str) -> list[tuple[float, Factor, Factor]]:
    """(lifecycle / direct, lifecycle row, direct row) per fossil technology whose two rows
    on file come from one source, smallest first."""
    out = []
    for tech in FOSSIL:
        life, direct = _latest(idx, tech, "lifecycle"), _latest(idx, tech, "direct")
        if life is None or direct is None or direct.value <= 0:
            continue
        if life.source != direct.source or life.unit != unit or direct.unit != unit:
            continue
        out.append((life.value / direct.value, life, direct))
    return sorted(out, key=lambda x: x[0])


def uplift(idx: FactorIndex, unit: str) -> tuple[float, str]:
    """The smallest lifecycle-to-direct ratio of a fossil technology on file, and how it is
    cited in a warning; (1.0, why) where none is on file (module doc)."""
    found = ratios(idx, unit)
    if not found:
        return 1.0, "no lifecycle-to-direct ratio of a fossil technology is on file"
    r, life, direct = found[0]
    return r, (
        f"x{r:.4f}, the smallest lifecycle-to-direct ratio of a fossil technology on file: "
        f"{life.subject.removeprefix('tech:')} {life.value:g} / {direct.value:g} "
        f"({life.source})"
    )
