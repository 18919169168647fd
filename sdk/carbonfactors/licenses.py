"""Licences of the data: the closed table of identifiers, attribution, bundles, NOTICE.

Every source in the bibliography names its licence as an SPDX identifier (``CC-BY-4.0``,
``ODbL-1.0``...) or, for terms SPDX has no id for, a ``LicenseRef-<Name>`` listed here. The
table says, per licence, whether a copy may be redistributed, whether share-alike terms
bind the database it lands in, and whether attribution is required. Three things follow
from it, all computed from a snapshot so any version can be described the same way:

* the **bundles** a snapshot is split into: ``default`` (redistributable with attribution,
  no share-alike: what the wheel carries), ``share-alike`` (ODbL, CC BY-SA and AGPL-sourced
  factors, offered separately under their own licences) and ``full``;
* the **licence manifest** of a bundle: per source, licence, attribution text,
  share-alike or not, factor count;
* the **NOTICE** of a bundle: the attribution text every licence there asks for.

Stdlib only: the SDK ships the NOTICE and manifest of its bundled snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


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
            note="Values copied from an AGPL code repository: kept out of the default bundle "
            "unless re-cited to the primary publication they came from.",
        ),
        License(
            "AGPL-3.0-or-later",
            "GNU Affero General Public License 3.0 or later",
            "https://www.gnu.org/licenses/agpl-3.0.html",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
            note="As AGPL-3.0-only.",
        ),
        License(
            "GPL-3.0-only",
            "GNU General Public License 3.0",
            "https://www.gnu.org/licenses/gpl-3.0.html",
            share_alike=True,
            redistributable=True,
            attribution_required=True,
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
            "quoted, with citation, never the report or its tables.",
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
            "acknowledgement policy, to be confirmed at license_url.",
        ),
        License(
            "LicenseRef-EEA-Unverified",
            "European Environment Agency data; re-use terms not verified in the gathered sources",
            "https://www.eea.europa.eu/en/legal-notice",
            share_alike=False,
            redistributable=False,
            attribution_required=True,
            note="No statement of EEA's re-use policy is among the gathered sources (only an "
            "OWID chart export shipped by CodeCarbon under MIT, which cannot grant EEA's "
            "terms): queryable from the full dataset, kept out of the redistributable bundle "
            "until the policy is cited.",
        ),
        License(
            "LicenseRef-Teads-Unstated",
            "Licence not stated by Teads; received through ccf-coefficients under Apache-2.0",
            "https://github.com/cloud-carbon-footprint/ccf-coefficients/blob/main/LICENSE",
            share_alike=False,
            redistributable=True,
            attribution_required=True,
            note="Passed on as received from ccf-coefficients (Apache-2.0), attributed to Teads.",
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
    ("eeaunverified", "LicenseRef-EEA-Unverified"),
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


# -- bundles --------------------------------------------------------------------------------
BUNDLES: tuple[str, ...] = ("full", "default", "share-alike")
#: The bundle the wheel carries.
DEFAULT_BUNDLE = "default"


def in_bundle(license_text: str, bundle: str) -> bool:
    """Whether factors under this licence belong to ``bundle``; unknown licences never do."""
    if bundle == "full":
        return True
    lic = terms(license_text)
    if lic is None or not lic.redistributable:
        return False
    return lic.share_alike if bundle == "share-alike" else not lic.share_alike


def bundle(snapshot: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The snapshot restricted to the factors of one bundle, with the sources they cite.

    Zones, operators, technologies and hardware records are kept whole: they are names,
    ids and specifications the factors need, not factor values.
    """
    if name not in BUNDLES:
        raise ValueError(f"unknown bundle '{name}' (one of: {', '.join(BUNDLES)})")
    if name == "full":
        return dict(snapshot)
    lic = {s["id"]: s.get("license", "") for s in snapshot.get("sources", [])}
    factors = [f for f in snapshot.get("factors", []) if in_bundle(lic.get(f["source"], ""), name)]
    # Sources cited by the factors kept, and by the zones (``mapping_source``), so every
    # reference in the bundle resolves; the manifest counts factors only.
    cited = {f["source"] for f in factors}
    cited |= {z["mapping_source"] for z in snapshot.get("zones", []) if z.get("mapping_source")}
    sources = [s for s in snapshot.get("sources", []) if s["id"] in cited]
    return {**snapshot, "bundle": name, "sources": sources, "factors": factors}


def manifest(snapshot: Mapping[str, Any], name: str = "full") -> dict[str, Any]:
    """The machine-readable licence manifest of a bundle: per source and per licence."""
    part = bundle(snapshot, name)
    counts: dict[str, int] = {}
    for f in part["factors"]:
        counts[f["source"]] = counts.get(f["source"], 0) + 1
    sources = []
    per_license: dict[str, int] = {}
    for s in sorted(part["sources"], key=lambda s: s["id"]):
        n = counts.get(s["id"], 0)
        if n == 0:
            continue
        lic = terms(s.get("license", ""))
        lid = lic.id if lic else s.get("license", "")
        per_license[lid] = per_license.get(lid, 0) + n
        sources.append(
            {
                "source": s["id"],
                "license": lid,
                "license_url": s.get("license_url"),
                "attribution": attribution(s),
                "share_alike": bool(lic and lic.share_alike),
                "redistributable": bool(lic and lic.redistributable),
                "attribution_required": bool(lic is None or lic.attribution_required),
                "factor_count": n,
            }
        )
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
                "factor_count": n,
            }
            for lid, n in sorted(per_license.items())
        ],
        "sources": sources,
    }


def notice(snapshot: Mapping[str, Any], name: str = "full") -> str:
    """The NOTICE text of a bundle: what it is, then each licence with its sources' attributions."""
    return render_notice(manifest(snapshot, name))


def render_notice(m: Mapping[str, Any]) -> str:
    """The NOTICE text of a licence manifest (see ``manifest``)."""
    name = m["bundle"]
    lines = [
        f"carbonfactors dataset {m['version']}, bundle '{name}' ({m['factor_count']} factors)",
        "",
        "The carbonfactors code is Apache-2.0. The data is a collection: each factor keeps the",
        "licence of the source it cites. Attribute the sources below when you redistribute",
        "these factors or publish numbers derived from them.",
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
                lines.append(f"- [{s['source']}] {s['attribution']} ({s['factor_count']} factors)")
    return "\n".join(lines) + "\n"


def licenses_in(snapshot: Mapping[str, Any]) -> Iterable[str]:
    """Licence ids of the factors of a snapshot (for checks such as "all in the NOTICE")."""
    lic = {s["id"]: s.get("license", "") for s in snapshot.get("sources", [])}
    for f in snapshot.get("factors", []):
        t = terms(lic.get(f["source"], ""))
        yield t.id if t else lic.get(f["source"], "")
