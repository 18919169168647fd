"""Market-based electricity emissions beside the location-based ones (GHG Protocol Scope 2).

A job's ``market`` document states the contractual instruments behind its electricity:

* ``instruments``: energy attribute certificates or PPAs, each ``{"type": "eac" | "ppa",
  "share": 0..1 of the energy, "factor": gCO2e/kWh}`` (0 for renewable certificates);
* ``supplier_factor``: the supplier's (utility's) emission factor for the energy the
  instruments do not cover, gCO2e/kWh;
* ``residual_mix``: the residual-mix factor for that energy, when no supplier factor;
* ``cfe_estimate``: true to *estimate* from the operator's published carbon-free-energy
  share of the region (Google's per-region CFE, ``cfe_share`` factors): the CFE share at
  0 g, the rest at the residual mix or location factor. Labelled an estimate: hourly CFE
  matching is not an instrument the job's owner holds.

The uncovered share is priced at the supplier factor, else the residual mix; when neither
is given, **at the location-based factor, with a warning** (the dataset has no residual
mixes): never at zero. Location-based emissions are the engine's operational figure,
unchanged by any of this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import FactorNotFound, InvalidInput

if TYPE_CHECKING:
    from .dataset import Dataset

MARKET_KEYS = ("instruments", "supplier_factor", "residual_mix", "cfe_estimate")
INSTRUMENT_KEYS = ("type", "share", "factor")
INSTRUMENT_TYPES = ("eac", "ppa")
_EPS = 1e-9


@dataclass(frozen=True)
class Market:
    instruments: tuple[tuple[str, float, float], ...] = ()
    supplier_factor: float | None = None
    residual_mix: float | None = None
    cfe_estimate: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.instruments:
            out["instruments"] = [
                {"type": t, "share": s, "factor": f} for t, s, f in self.instruments
            ]
        if self.supplier_factor is not None:
            out["supplier_factor"] = self.supplier_factor
        if self.residual_mix is not None:
            out["residual_mix"] = self.residual_mix
        if self.cfe_estimate:
            out["cfe_estimate"] = True
        return out


def _bad(fld: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{fld}: {reason}", field=fld)


def _factor(val: Any, fld: str) -> float:
    if isinstance(val, bool) or not isinstance(val, (int, float)) or val != val:
        raise _bad(fld, f"must be a number (gCO2e/kWh), not {val!r}")
    if not 0 <= val <= 5000:
        raise _bad(fld, f"must be between 0 and 5000 gCO2e/kWh (got {val:g})")
    return float(val)


def parse_market(doc: Any) -> Market:
    if not isinstance(doc, Mapping):
        raise _bad(
            "market", "must be an object (instruments, supplier_factor, residual_mix, cfe_estimate)"
        )
    extra = sorted(str(k) for k in doc if k not in MARKET_KEYS)
    if extra:
        raise _bad(f"market.{extra[0]}", f"unknown key (allowed: {', '.join(MARKET_KEYS)})")
    instruments: list[tuple[str, float, float]] = []
    raw = doc.get("instruments", [])
    if not isinstance(raw, (list, tuple)):
        raise _bad("market.instruments", "must be a list of {type, share, factor}")
    total = 0.0
    for i, inst in enumerate(raw):
        p = f"market.instruments[{i}]"
        if not isinstance(inst, Mapping):
            raise _bad(p, "must be an object {type, share, factor}")
        bad = sorted(str(k) for k in inst if k not in INSTRUMENT_KEYS)
        if bad:
            raise _bad(f"{p}.{bad[0]}", f"unknown key (allowed: {', '.join(INSTRUMENT_KEYS)})")
        kind = inst.get("type", "eac")
        if kind not in INSTRUMENT_TYPES:
            raise _bad(p + ".type", f"one of {', '.join(INSTRUMENT_TYPES)} (got {kind!r})")
        share = inst.get("share")
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            raise _bad(p + ".share", f"must be a number > 0 and <= 1 (got {share!r})")
        if "factor" not in inst:
            raise _bad(
                p + ".factor", "required: the instrument's emission factor (0 for renewable EACs)"
            )
        total += share
        instruments.append((kind, float(share), _factor(inst["factor"], p + ".factor")))
    if total > 1 + _EPS:
        raise _bad(
            "market.instruments", f"shares add up to {total:g}, more than all the energy (1)"
        )
    supplier = doc.get("supplier_factor")
    supplier = None if supplier is None else _factor(supplier, "market.supplier_factor")
    residual = doc.get("residual_mix")
    residual = None if residual is None else _factor(residual, "market.residual_mix")
    cfe = doc.get("cfe_estimate", False)
    if not isinstance(cfe, bool):
        raise _bad("market.cfe_estimate", "must be true or false")
    if cfe and (instruments or supplier is not None):
        raise _bad(
            "market.cfe_estimate",
            "an operator's CFE estimate cannot be combined with your own instruments or supplier factor",
        )
    if not (instruments or supplier is not None or residual is not None or cfe):
        raise _bad("market", "give instruments, supplier_factor, residual_mix or cfe_estimate")
    return Market(tuple(instruments), supplier, residual, cfe)


@dataclass(frozen=True)
class MarketResult:
    method: str
    market_based_kgco2e: float
    location_based_kgco2e: float
    #: (what, share of energy, gCO2e/kWh) priced parts, adding up to a share of 1.
    parts: tuple[tuple[str, float, float], ...]
    warnings: tuple[str, ...]
    estimate: bool
    factor_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "estimate": self.estimate,
            "market_based_kgco2e": self.market_based_kgco2e,
            "location_based_kgco2e": self.location_based_kgco2e,
            "parts": [{"part": w, "share": s, "factor": f} for w, s, f in self.parts],
            "factors": list(self.factor_ids),
            "warnings": list(self.warnings),
        }


def _cfe_share(ds: Dataset, location: str | None, year_asked: int | None) -> tuple[float, str]:
    """The operator's published CFE share of the job's region (nearest earlier year)."""
    assert location is not None
    zone, _ = ds.zone(location)
    series = ds.series("cfe_share", zone.id, "hourly")
    year = None if series is None else series.at_or_before(year_asked)
    if series is None or year is None:
        raise FactorNotFound(
            f"market.cfe_estimate: no published carbon-free-energy share for {zone.id}"
            + ("" if year_asked is None else f" in or before {year_asked}")
            + " (Google publishes one per Google Cloud region)",
            field="market.cfe_estimate",
        )
    f = series.winners[year]
    return f.value, f.id


def evaluate(
    ds: Dataset,
    m: Market,
    location: str | None,
    year: int | None,
    facility_kwh: float,
    location_intensity: float,
    location_kg: float,
) -> MarketResult:
    """Market-based emissions of ``facility_kwh`` under the job's market ``m``."""
    parts: list[tuple[str, float, float]] = []
    warnings: list[str] = []
    ids: tuple[str, ...] = ()
    if m.cfe_estimate:
        share, fid = _cfe_share(ds, location, year)
        ids = (fid,)
        parts.append(("operator carbon-free energy (estimate)", share, 0.0))
        covered = share
        method = "estimate from the operator's published carbon-free-energy share"
    else:
        for kind, share, factor in m.instruments:
            parts.append((kind, share, factor))
        covered = sum(s for _, s, _ in m.instruments)
        method = "contractual instruments (meeting GHG Protocol Scope 2 quality criteria is the user's claim)"
    rest = max(0.0, 1.0 - covered)
    if rest > _EPS:
        if m.supplier_factor is not None:
            parts.append(("supplier factor", rest, m.supplier_factor))
        elif m.residual_mix is not None:
            parts.append(("residual mix", rest, m.residual_mix))
        else:
            parts.append(("location-based factor (no residual mix)", rest, location_intensity))
            warnings.append(
                f"market: no supplier factor or residual mix for the {rest:.1%} of energy not "
                "covered by instruments: priced at the location-based factor "
                f"{location_intensity:g} g/kWh (a residual mix is usually higher)"
            )
    kg = sum(facility_kwh * share * factor / 1000.0 for _, share, factor in parts)
    return MarketResult(method, kg, location_kg, tuple(parts), tuple(warnings), m.cfe_estimate, ids)
