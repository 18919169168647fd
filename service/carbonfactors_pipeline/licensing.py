"""Licences of the data, computed from inputs: the closed table of terms, bundles, NOTICE.

Every source in the bibliography names its licence as an SPDX identifier (``CC-BY-4.0``,
``ODbL-1.0``...) or, for terms SPDX has no id for, a ``LicenseRef-<Name>`` listed here. The
table says, per licence, the narrowest bundle a value under it may travel in:

* ``open``: anyone may redistribute it under attribution terms (what the wheel carries);
* ``full``: redistributable, but share-alike, or with terms we could not verify
  (unstated, all rights reserved, unconfirmed re-use policy): the ``[full]`` data
  distribution and the service's default;
* none: not a data licence we redistribute (AGPL/GPL code repositories, non-commercial).

A factor's licence is **computed, never typed**: the licence of the source it cites, made
stricter by every input it records in ``derived_from`` (other factors, recursively, and
sources); the strictest input wins, so a pool is as strict as its strictest member. The
pipeline writes the computed licence on each factor of a snapshot (``license``); bundles,
the licence manifest and the NOTICE are computed from it, and the NOTICE names every source
any bundled value derives from, zone-mapping sources included.

The pipeline owns this module; the SDK only needs the bundle names (``carbonfactors.bundles``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from carbonfactors.bundles import BUNDLES, FULL, OPEN

from .licence_terms import LICENSES, License, attribution, spdx_id, terms

__all__ = [
    "BUNDLES",
    "FULL",
    "LICENSES",
    "OPEN",
    "License",
    "Provenance",
    "attribution",
    "bundle",
    "compute_licenses",
    "in_bundle",
    "licenses_in",
    "manifest",
    "notice",
    "open_sources",
    "render_notice",
    "spdx_id",
    "strictness",
    "terms",
    "tier",
]


# -- licences computed from inputs --------------------------------------------------------
#: Rank of a licence id no row of the table knows: stricter than anything (in no bundle).
_UNKNOWN_STRICTNESS = 4


def strictness(license_id: str) -> int:
    """How restrictive a licence is for redistribution (see ``License.strictness``)."""
    lic = terms(license_id)
    return _UNKNOWN_STRICTNESS if lic is None else lic.strictness


def tier(license_id: str) -> str | None:
    """The narrowest bundle a value under this licence may travel in, or None."""
    lic = terms(license_id)
    return None if lic is None else lic.tier


def _source_licenses(snapshot: Mapping[str, Any]) -> dict[str, str]:
    return {
        s["id"]: spdx_id(s.get("license", "")) or s.get("license", "")
        for s in snapshot.get("sources", [])
    }


class Provenance:
    """Each factor's computed licence and every source its value derives from.

    Built once per snapshot. A factor's inputs are its own ``source`` plus what its
    ``derived_from`` records (``sources``, and ``factors`` followed recursively); a cycle
    or an unknown input id is reported by the validator, and here simply stops the walk.
    """

    def __init__(self, snapshot: Mapping[str, Any]) -> None:
        self._lic = _source_licenses(snapshot)
        self._factors = {f["id"]: f for f in snapshot.get("factors", [])}
        self._sources: dict[str, frozenset[str]] = {}
        self._license: dict[str, str] = {}

    def sources(self, fid: str) -> frozenset[str]:
        """Every source the value of ``fid`` derives from, its own cited source included."""
        hit = self._sources.get(fid)
        if hit is not None:
            return hit
        self._sources[fid] = frozenset()  # a cycle stops here
        f = self._factors.get(fid)
        if f is None:
            return frozenset()
        out = {f["source"]}
        derived = f.get("derived_from") or {}
        out.update(derived.get("sources") or ())
        out.update(input_sources(f, self._lic))
        for other in (*(derived.get("factors") or ()), *input_factors(f)):
            out |= self.sources(other)
        self._sources[fid] = frozenset(out)
        return self._sources[fid]

    def license(self, fid: str) -> str:
        """The computed licence of ``fid``: the strictest licence among its inputs.

        Ties keep the licence of the source the factor cites, then the lowest id, so the
        label is stable. A source under ``LicenseRef-Computed`` (our own derivations) adds
        no terms: its factors take their inputs' licences.
        """
        hit = self._license.get(fid)
        if hit is not None:
            return hit
        f = self._factors[fid]
        own = self._lic.get(f["source"], "")
        ids = sorted({self._lic.get(s, "") for s in self.sources(fid)} - {own})
        candidates = [own, *ids]
        real = [c for c in candidates if not (terms(c) and terms(c).computed)]  # type: ignore[union-attr]
        chosen = max(real or candidates, key=strictness)
        self._license[fid] = chosen
        return chosen


def input_factors(f: Mapping[str, Any]) -> list[str]:
    """Factor ids a derivation lists in ``inputs.factors`` (the form some hand-written sums
    use): inputs as much as ``derived_from.factors``."""
    found = (f.get("inputs") or {}).get("factors")
    return [str(x) for x in found] if isinstance(found, list) else []


def input_sources(f: Mapping[str, Any], known: Mapping[str, str]) -> list[str]:
    """Source ids a derivation names in a free-form ``inputs.<what>_source`` key
    (``vram_source: nvidia-hgx-h100-pcf``, ``composition_source: azure-gpu-vm-sizes``): the
    value rests on them as much as on ``derived_from.sources``, so the licence follows them
    too. Values that are no source of the bibliography (``host_source: ccf-2021``, a label
    of which host list was used) are not sources and are skipped."""
    out = []
    for key, val in (f.get("inputs") or {}).items():
        if not (key.endswith("_source") or key.endswith("_sources")):
            continue
        for v in val if isinstance(val, list) else [val]:
            if isinstance(v, str) and v in known:
                out.append(v)
    return out


def compute_licenses(snapshot: Mapping[str, Any]) -> dict[str, str]:
    """``{factor id: computed licence id}`` for every factor of a snapshot."""
    prov = Provenance(snapshot)
    return {f["id"]: prov.license(f["id"]) for f in snapshot.get("factors", [])}


def factor_license(f: Mapping[str, Any], source_licenses: Mapping[str, str]) -> str:
    """The licence a snapshot records on a factor; releases before the computed licence
    (no ``license`` field) take their source's."""
    return str(f.get("license") or source_licenses.get(f["source"], ""))


# -- bundles --------------------------------------------------------------------------------
def in_bundle(license_text: str, bundle: str) -> bool:
    """Whether a value under this licence belongs to ``bundle``; unknown licences never do."""
    t = tier(license_text)
    if t is None:
        return False
    return bundle == FULL or t == OPEN


def _check(name: str) -> None:
    if name not in BUNDLES:
        raise ValueError(f"unknown bundle '{name}' (one of: {', '.join(BUNDLES)})")


def bundle(snapshot: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The snapshot restricted to the values of one bundle, with the sources they rest on.

    Factors are kept by their computed licence. A zone's grid mapping is a value too: a
    mapping whose ``mapping_source`` the bundle may not carry is removed (the zone then
    draws from its parent, and its evidence says why). Hardware records, operators and
    technologies are names and specifications, kept whole. Sources: every one a kept
    value derives from, or that a kept zone or hardware record cites.
    """
    _check(name)
    if is_legacy(snapshot):
        return _legacy_bundle(snapshot, name)
    lic = _source_licenses(snapshot)
    prov = Provenance(snapshot)
    factors = [
        f
        for f in snapshot.get("factors", [])
        if in_bundle(f.get("license") or prov.license(f["id"]), name)
    ]
    # The inputs of a kept factor are kept too: none is stricter than its result.
    zones = [_zone_in(z, lic, name) for z in snapshot.get("zones", [])]
    cited: set[str] = set()
    for f in factors:
        cited |= prov.sources(f["id"])
    cited |= {z["mapping_source"] for z in zones if z.get("mapping_source")}
    for h in snapshot.get("hardware", []):
        cited |= set(((h.get("specs") or {}).get("sources") or {}).values())
    out = {**snapshot, "bundle": name, "zones": zones, "factors": factors}
    if "series" in snapshot:  # intensity series follow their source's licence, like factors
        out["series"] = [x for x in snapshot["series"] if in_bundle(lic.get(x["source"], ""), name)]
        cited |= {x["source"] for x in out["series"]}
    out["sources"] = [s for s in snapshot.get("sources", []) if s["id"] in cited]
    return out


def is_legacy(snapshot: Mapping[str, Any]) -> bool:
    """A release cut before licences were computed (its factors carry no ``license``).

    Released bytes never change, and neither do the numbers a pinned version gives: such a
    release keeps the split it was published with. ``full`` is the whole release (what the
    service always served for it), ``open`` the attribution-only part of it by the licence
    of each factor's source (what its wheel carried, under the old name ``default``).
    """
    factors = snapshot.get("factors") or []
    return bool(factors) and "license" not in factors[0]


def _legacy_bundle(snapshot: Mapping[str, Any], name: str) -> dict[str, Any]:
    if name == FULL:
        return dict(snapshot)  # the release itself, byte for byte
    lic = _source_licenses(snapshot)

    def legacy_open(f: Mapping[str, Any]) -> bool:
        t = terms(lic.get(f["source"], ""))
        return t is not None and t.redistributable and not t.share_alike

    factors = [f for f in snapshot.get("factors", []) if legacy_open(f)]
    cited = {f["source"] for f in factors}
    cited |= {z["mapping_source"] for z in snapshot.get("zones", []) if z.get("mapping_source")}
    sources = [s for s in snapshot.get("sources", []) if s["id"] in cited]
    return {**snapshot, "bundle": name, "sources": sources, "factors": factors}


def _zone_in(z: Mapping[str, Any], lic: Mapping[str, str], name: str) -> Mapping[str, Any]:
    src = z.get("mapping_source")
    if not src or not z.get("grid_zone") or in_bundle(lic.get(src, ""), name):
        return z
    why = (
        f"The mapping to {z['grid_zone']} rests on {src} ({lic.get(src, '?')}), which the "
        f"'{name}' bundle does not carry: this zone draws from its parent here."
    )
    return {**z, "grid_zone": None, "mapping_source": None, "mapping_evidence": why}


def manifest(snapshot: Mapping[str, Any], name: str = FULL) -> dict[str, Any]:
    """The machine-readable licence manifest of a bundle: per licence and per source.

    Per licence: how many bundled factors carry it (computed). Per source: how many bundled
    factors derive from it (cite it or record it as an input), and whether it maps zones.
    """
    part = bundle(snapshot, name)
    prov = Provenance(part)
    lic_of = _source_licenses(part)
    counts: dict[str, int] = {}
    per_license: dict[str, int] = {}
    for f in part["factors"]:
        lid = f.get("license") or prov.license(f["id"])
        t = terms(lid)
        lid = t.id if t else lid
        per_license[lid] = per_license.get(lid, 0) + 1
        for s in prov.sources(f["id"]):
            counts[s] = counts.get(s, 0) + 1
    mapping = {z["mapping_source"] for z in part["zones"] if z.get("mapping_source")}
    sources = []
    for s in sorted(part["sources"], key=lambda s: s["id"]):
        n = counts.get(s["id"], 0)
        if n == 0 and s["id"] not in mapping:
            continue
        t = terms(lic_of.get(s["id"], ""))
        lid = t.id if t else s.get("license", "")
        sources.append(
            {
                "source": s["id"],
                "license": lid,
                "license_url": s.get("license_url"),
                "attribution": attribution(s),
                "share_alike": bool(t and t.share_alike),
                "redistributable": bool(t and t.redistributable),
                "attribution_required": bool(t is None or t.attribution_required),
                "factor_count": n,
                "maps_zones": s["id"] in mapping,
            }
        )
    used = set(per_license) | {s["license"] for s in sources}
    return {
        "version": snapshot.get("version"),
        "bundle": name,
        "factor_count": len(part["factors"]),
        "licenses": [
            {
                "license": lid,
                "name": LICENSES[lid].name if lid in LICENSES else lid,
                "url": LICENSES[lid].url if lid in LICENSES else None,
                "share_alike": lid in LICENSES and LICENSES[lid].share_alike,
                "factor_count": per_license.get(lid, 0),
            }
            for lid in sorted(used)
        ],
        "sources": sources,
    }


def notice(snapshot: Mapping[str, Any], name: str = FULL) -> str:
    """The NOTICE text of a bundle: what it is, then each licence with its sources' attributions."""
    return render_notice(manifest(snapshot, name))


def render_notice(m: Mapping[str, Any]) -> str:
    """The NOTICE text of a licence manifest (see ``manifest``)."""
    name = m["bundle"]
    lines = [
        f"carbonfactors dataset {m['version']}, bundle '{name}' ({m['factor_count']} factors)",
        "",
        "The carbonfactors code is Apache-2.0. The data is a collection: each factor keeps the",
        "licence of the sources it derives from (the strictest one, computed from its inputs).",
        "Attribute the sources below when you redistribute these factors or publish numbers",
        "derived from them. Sources that map cloud regions to grid zones are listed too.",
    ]
    if any(lic["share_alike"] for lic in m["licenses"]):
        lines += [
            "Share-alike terms apply to the factors under the licences marked share-alike:",
            "a database containing or derived from them must be offered under the same licence.",
        ]
    for lic in m["licenses"]:
        sa = ", share-alike" if lic["share_alike"] else ""
        lines += ["", f"== {lic['license']} ({lic['name']}{sa}): {lic['factor_count']} factors"]
        if lic["url"]:
            lines.append(f"   {lic['url']}")
        for s in m["sources"]:
            if s["license"] == lic["license"]:
                maps = ", maps zones" if s.get("maps_zones") else ""
                lines.append(
                    f"- [{s['source']}] {s['attribution']} "
                    f"(inputs of {s['factor_count']} factors{maps})"
                )
    return "\n".join(lines) + "\n"


def licenses_in(snapshot: Mapping[str, Any]) -> Iterable[str]:
    """Computed licence ids of the factors of a snapshot (for "all in the NOTICE" checks)."""
    prov = Provenance(snapshot)
    for f in snapshot.get("factors", []):
        lid = f.get("license") or prov.license(f["id"])
        t = terms(lid)
        yield t.id if t else lid


def open_sources(factors_root: Any) -> frozenset[str]:
    """Ids of the sources in ``<factors_root>/sources.yaml`` whose licence lets their values
    into the ``open`` bundle: what category defaults may pool (they must compute in both)."""
    import yaml

    text = (factors_root / "sources.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return frozenset(
        str(s["id"]) for s in data.get("sources", []) if tier(str(s.get("license", ""))) == OPEN
    )
