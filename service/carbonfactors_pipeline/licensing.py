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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from carbonfactors.bundles import BUNDLES, FULL, OPEN


@dataclass(frozen=True)
class License:
    """What a licence allows and asks for, as far as this dataset is concerned."""

    id: str
    name: str
    url: str | None
    #: Derived databases must be offered under the same licence (ODbL, CC BY-SA, AGPL).
    share_alike: bool
    #: A copy may be passed on (with attribution where required).
    redistributable: bool
    attribution_required: bool
    #: Extra words on how the licence applies to the facts taken from such a source.
    note: str = ""
    #: The narrowest bundle a value under this licence may travel in ("open", "full"), or
    #: None when no bundle may carry it. None here means: decided by the flags above.
    bundle: str | None = "derive"
    #: A placeholder meaning "computed from the inputs" (our own derivations): it adds no
    #: terms of its own, the inputs' licences decide.
    computed: bool = False

    @property
    def tier(self) -> str | None:
        """``open``, ``full`` or None (see ``bundle``)."""
        if self.bundle != "derive":
            return self.bundle
        if not self.redistributable:
            return None
        return FULL if self.share_alike else OPEN

    @property
    def strictness(self) -> int:
        """0 open, 1 full without share-alike, 2 full share-alike, 3 in no bundle."""
        tier = self.tier
        if tier is None:
            return 3
        if tier == OPEN:
            return 0
        return 2 if self.share_alike else 1


#: The closed list of licences a source may name. Add a row here when a source brings new terms.
LICENSES: dict[str, License] = {
    lic.id: lic
    for lic in (
        License(
            "CC-BY-4.0",
            "Creative Commons Attribution 4.0",
            "https://creativecommons.org/licenses/by/4.0/",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "CC0-1.0",
            "Creative Commons Zero 1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            share_alike=False,
            redistributable=True,
            attribution_required=False,
        ),
        License(
            "CC-BY-3.0",
            "Creative Commons Attribution 3.0",
            "https://creativecommons.org/licenses/by/3.0/",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "ODC-By-1.0",
            "Open Data Commons Attribution License 1.0",
            "https://opendatacommons.org/licenses/by/1-0/",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "PDDL-1.0",
            "Open Data Commons Public Domain Dedication and License 1.0",
            "https://opendatacommons.org/licenses/pddl/1-0/",
            share_alike=False,
            redistributable=True,
            attribution_required=False,
        ),
        License(
            "BSD-3-Clause",
            "BSD 3-Clause License",
            "https://opensource.org/licenses/BSD-3-Clause",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "CC-BY-NC-4.0",
            "Creative Commons Attribution-NonCommercial 4.0",
            "https://creativecommons.org/licenses/by-nc/4.0/",
            share_alike=False,
            redistributable=False,
            attribution_required=True,
            note="Non-commercial only: never in a bundle the package or the API redistributes.",
        ),
        License(
            "CC-BY-SA-3.0",
            "Creative Commons Attribution-ShareAlike 3.0",
            "https://creativecommons.org/licenses/by-sa/3.0/",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "CC-BY-SA-4.0",
            "Creative Commons Attribution-ShareAlike 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "ODbL-1.0",
            "Open Data Commons Open Database License 1.0",
            "https://opendatacommons.org/licenses/odbl/1-0/",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "Apache-2.0",
            "Apache License 2.0",
            "https://www.apache.org/licenses/LICENSE-2.0",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "MIT",
            "MIT License",
            "https://opensource.org/licenses/MIT",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
        ),
        License(
            "AGPL-3.0-only",
            "GNU Affero General Public License 3.0",
            "https://www.gnu.org/licenses/agpl-3.0.html",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
            note="Values copied from an AGPL code repository: not a data licence we "
            "redistribute, so in no bundle; re-cite the primary publication they came from.",
            bundle=None,
        ),
        License(
            "AGPL-3.0-or-later",
            "GNU Affero General Public License 3.0 or later",
            "https://www.gnu.org/licenses/agpl-3.0.html",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
            note="As AGPL-3.0-only.",
            bundle=None,
        ),
        License(
            "GPL-3.0-only",
            "GNU General Public License 3.0",
            "https://www.gnu.org/licenses/gpl-3.0.html",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
            note="A code licence: in no bundle (as AGPL-3.0-only).",
            bundle=None,
        ),
        License(
            "LicenseRef-Facts-Cited",
            "Individual facts quoted, with citation, from a publication",
            None,
            share_alike=False,
            redistributable=True,
            attribution_required=True,
            note="Single figures (a PUE, a TDP, an average) quoted from a report, paper or web "
            "page with its citation; the publication itself is not redistributed.",
        ),
        License(
            "LicenseRef-Facts-All-Rights-Reserved",
            "Individual facts quoted, with citation, from an all-rights-reserved publication",
            None,
            share_alike=False,
            redistributable=True,
            attribution_required=True,
            note="The publisher reserves all rights in its report; only single figures are "
            "quoted, with citation, never the report or its tables. No stated permission: "
            "in the full bundle only.",
            bundle=FULL,
        ),
        License(
            "LicenseRef-US-Government-Work",
            "Work of the US federal government (public domain in the US, 17 U.S.C. 105)",
            "https://www.usa.gov/government-copyright",
            share_alike=False,
            redistributable=True,
            attribution_required=False,
        ),
        License(
            "LicenseRef-EEA-Reuse",
            "European Environment Agency re-use policy (reuse with acknowledgement of the source)",
            "https://www.eea.europa.eu/en/legal-notice",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
            note="EEA's terms were not in the gathered sources: recorded as EEA's standard "
            "acknowledgement policy, to be confirmed at license_url; until then in the full "
            "bundle only.",
            bundle=FULL,
        ),
        License(
            "LicenseRef-Teads-Unstated",
            "Licence not stated by Teads; received through ccf-coefficients under Apache-2.0",
            "https://github.com/cloud-carbon-footprint/ccf-coefficients/blob/main/LICENSE",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
            note="Passed on as received from ccf-coefficients (Apache-2.0), attributed to Teads; "
            "no licence stated by Teads itself: in the full bundle only.",
            bundle=FULL,
        ),
        License(
            "LicenseRef-Computed",
            "Computed from the inputs a derivation records (its strictest input's licence)",
            None,
            share_alike=False,
            redistributable=True,
            attribution_required=True,
            note="Our own derivations (pools, sums, category defaults): the derivation adds no "
            "terms; each value takes the licence of its strictest recorded input.",
            computed=True,
        ),
    )
}

#: Common spellings of the identifiers (and the free-text licences of releases before
#: 2026.12), keyed by their lower-case letters and digits only.
_ALIASES: dict[str, str] = {
    "ccby40": "CC-BY-4.0",
    "ccby": "CC-BY-4.0",
    "ccbysa40": "CC-BY-SA-4.0",
    "ccbysa": "CC-BY-SA-4.0",
    "cc010": "CC0-1.0",
    "odbl10": "ODbL-1.0",
    "odbl": "ODbL-1.0",
    "apache20": "Apache-2.0",
    "apache": "Apache-2.0",
    "mit": "MIT",
    "agpl30": "AGPL-3.0-only",
    "agpl30only": "AGPL-3.0-only",
    "agpl": "AGPL-3.0-only",
}
#: Prefixes of the free-text licences used before SPDX ids (releases 2026.11, 2026.11.1).
_LEGACY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("ccbysa40", "CC-BY-SA-4.0"),
    ("ccby40", "CC-BY-4.0"),
    ("odbl10", "ODbL-1.0"),
    ("agpl30", "AGPL-3.0-only"),
    ("arxivnonexclusive", "LicenseRef-Facts-Cited"),
    ("factscitedfrom", "LicenseRef-Facts-Cited"),
    ("factspublishedbytheoperator", "LicenseRef-Facts-Cited"),
    ("factsquoted", "LicenseRef-Facts-Cited"),
    ("factspublishedbytheuptime", "LicenseRef-Facts-All-Rights-Reserved"),
    ("factspublishedby", "LicenseRef-Facts-Cited"),
    ("notstatedbyteads", "LicenseRef-Teads-Unstated"),
    ("eeasownreuse", "LicenseRef-EEA-Reuse"),
    ("usfederalgovernment", "LicenseRef-US-Government-Work"),
)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def spdx_id(text: str) -> str | None:
    """The identifier a licence string means: exact id, case-insensitive id, common spelling.

    ``"ODbL 1.0"``, ``"odbl-1.0"`` and ``"ODbL-1.0"`` all give ``"ODbL-1.0"``; the free-text
    licences of releases before 2026.12 map too. ``None`` when nothing matches.
    """
    if text in LICENSES:
        return text
    key = _key(text)
    for lid in LICENSES:
        if _key(lid) == key:
            return lid
    if key in _ALIASES:
        return _ALIASES[key]
    for prefix, lid in _LEGACY_PREFIXES:
        if key.startswith(prefix):
            return lid
    return None


def terms(license_text: str) -> License | None:
    lid = spdx_id(license_text)
    return None if lid is None else LICENSES[lid]


def attribution(source: Mapping[str, Any]) -> str:
    """A source's attribution text: its own ``attribution``, else one built from the record."""
    own = source.get("attribution")
    if own:
        return str(own)
    lic = source.get("license", "")
    return f"{source['producer']}: {source['title']}. {source['citation']} {source['url']} ({lic})"


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
        for other in derived.get("factors") or ():
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
    sources = [s for s in snapshot.get("sources", []) if s["id"] in cited]
    return {**snapshot, "bundle": name, "sources": sources, "zones": zones, "factors": factors}


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
