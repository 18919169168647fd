"""Class MS (sys13 pass over instance embodied): a bare-metal size smaller than its family.

AWS sells 7th/8th-generation families as ``X.48xlarge`` (192 vCPUs) beside a bare-metal
``X.metal-24xl`` (96 vCPUs) of the same shape as ``X.24xlarge``. Rule C3 sized the
virtual size as half of the family's largest host and the metal type as a whole server of
its own on CCF's rack-server base, so one shape got two values 1.31..1.65x apart (c8a
755 vs 1,244 kgCO2e). Bare metal is a whole physical server, so the metal's host is the
smaller one; but the only whole-host readings of such servers on file, CCF's 2026 AWS list
for the Graviton4 families (``c8g.metal-24xl`` 0.79 t, ``m8g`` 1.1, ``r8g`` 1.8 ...,
the same figure as their ``X.24xlarge``), sit near the virtual size's share of the larger
host and well below a whole server by the method. So both sizes take the share of the
family's largest host (the calibrated reading), and both carry the whole smaller server
by the method as their high bound; the method note says which listed readings decide it.

The SPECpower/power paths keep the metal's own host (``Hosts.of``): only embodied uses this.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..ccf_host import host_share_kg

#: Marker in the method of every value this class touches (the screen's explained note).
MARK = "class MS"


def smaller_metal(iid: str, vcpus: float, family_vcpus: float) -> bool:
    """A bare-metal type with fewer vCPUs than its family's largest size."""
    return ".metal" in iid and 0 < vcpus < family_vcpus


def whole_kg(vcpus: float, memory_gb: float) -> float:
    """A whole server of this configuration by the CCF method (no socket, drive add-ons)."""
    return host_share_kg(vcpus, memory_gb, vcpus, memory_gb)


class Readings:
    """Listed whole-host values of smaller bare-metal types against both readings."""

    def __init__(self) -> None:
        self.share: list[float] = []
        self.whole: list[float] = []
        self.types: list[str] = []

    def add(self, iid: str, listed: float, share_kg: float, vcpus: float, memory: float) -> None:
        """One listed smaller metal: listed / share model and listed / whole server."""
        self.types.append(iid.split(":", 1)[1])
        self.share.append(listed / share_kg)
        self.whole.append(listed / whole_kg(vcpus, memory))

    def note(self, whole: float, family_host: str, is_metal: bool) -> str:
        """The method sentence for a smaller metal type or its same-shape virtual size."""
        what = (
            "This bare-metal type is a whole server smaller than its family's largest size "
            f"({family_host}); it is valued as the same share of that size's host as its "
            "same-shape virtual size"
            if is_metal
            else "A bare-metal size of this shape is a whole smaller server of this family; "
            "this type is valued as its share of the family's largest host, like that metal"
        )
        listed = (
            f": CCF's 2026 AWS list values the whole smaller hosts it lists "
            f"({', '.join(_short(self.types))}) at {_span(self.share)} x this share and "
            f"{_span(self.whole)} x a whole server by the method"
            if self.types
            else ""
        )
        return (
            f" {what}{listed}. High = at least that whole server by the method "
            f"({whole:.0f} kgCO2e; {MARK}, sys13)."
        )


def _span(xs: Iterable[float]) -> str:
    s = sorted(xs)
    return f"{s[0]:.2f}..{s[-1]:.2f}" if s else ""


def _short(types: list[str], most: int = 5) -> list[str]:
    ts = sorted(types)
    return ts[:most] + ([f"{len(ts) - most} more"] if len(ts) > most else [])
