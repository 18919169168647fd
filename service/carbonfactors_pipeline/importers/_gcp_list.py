"""The CCF 2026 GCP list's platform figures, which no importer keeps (audit 1796655557 O5).

``_cloud_read.read_latest_2026`` keeps only AWS values of the CCF 2026 lists; a GCP type rule
C3 sizes instead (``_instance_component``) names the figure set aside and why, rather than
saying that no list gives one.
"""

from __future__ import annotations

from pathlib import Path

from ._common import number, read_csv

#: Why the CCF 2026 GCP list's platform figures are never kept (``read_latest_2026``), for the
#: method of a type rule C3 sizes instead (audit 1796655557 O5: its note said no list gave one).
GCP_SET_ASIDE = (
    "the CCF 2026 GCP list's platform emissions are not credible as kgCO2e (470,000 t for one "
    "x4 host, 890 kg for an e2-highcpu host; audit 1796536060 class C): none is kept"
)
GCP_LIST = Path("data") / "gcp-instances-latest-2026.csv"


def gcp_listed_kg(ccf: Path) -> dict[str, float]:
    """``{gcp:<type>: kgCO2eq}`` the CCF 2026 GCP list states for each type's platform (set
    aside, ``GCP_SET_ASIDE``); empty when the list is not on file."""
    path = ccf / GCP_LIST
    if not path.is_file():
        return {}
    out: dict[str, float] = {}
    for r in read_csv(path):
        kg = number(r["Platform Embedded Emissions (kgCo2eq)"])
        if kg:
            out[f"gcp:{r['Instance Type'].strip().lower()}"] = kg
    return out
