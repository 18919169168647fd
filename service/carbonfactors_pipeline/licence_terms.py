"""The closed table of licence terms a source may name, and how to read a licence string.

Every source in the bibliography names its licence as an SPDX identifier (``CC-BY-4.0``,
``ODbL-1.0``...) or, for terms SPDX has no id for, a ``LicenseRef-<Name>`` listed here; the
table says what each allows and asks for, and the narrowest bundle a value under it may
travel in. What follows from it (licences computed from inputs, bundles, manifests,
NOTICE) is ``licensing``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from carbonfactors.bundles import FULL, OPEN


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
            "LicenseRef-EEA-Unverified",
            "European Environment Agency data; re-use terms not verified in the gathered sources",
            "https://www.eea.europa.eu/en/legal-notice",
            share_alike=False,
            redistributable=False,
            attribution_required=True,
            note="No statement of EEA's re-use policy is among the gathered sources (only an "
            "OWID chart export shipped by CodeCarbon under MIT, which cannot grant EEA's "
            "terms): in the full bundle (the service's default) only, kept out of the "
            "redistributable open bundle until the policy is cited.",
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
