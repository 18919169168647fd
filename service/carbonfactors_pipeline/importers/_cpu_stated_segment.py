"""A CPU's segment as its maker's table states it (audit 1796613359, class SG).

Why: ``_cpu_segment.segment`` reads only the model name, so AMD's "7th Gen A6-9225 APU" and
the other A-series / PRO "…-apu" ids (no U/H suffix, no family word) fell through to the
generic CPU default, whose bounds reach a server socket's 100 kg, although AMD's own product
table on file (``amd_cpu_desktop_dataset.csv``, CodeCarbon's scrape of AMD's product pages)
states where each part is sold in its "Form Factor" column ("Laptops", "Desktops", ...).

The catalog files a part, first rule that matches winning:

1. server by name (Xeon, EPYC, Threadripper...: a server die even where AMD sells it for
   "Desktops", as it does Threadripper);
2. the table's segment when it states one only (every listed form factor is a laptop/handheld
   kind -> mobile; every one a desktop kind -> desktop);
3. the name rule (``_cpu_segment.segment``);
4. a table that lists both laptop and desktop kinds, for a name no rule reads: mobile (a
   client die sold in laptops; AMD 3015e / 3020e, 6 W parts);
5. then the die rule (``_cpu_dies.die_segment``: Xeon E3 / E-2000 -> desktop, mobile
   workstation Xeons -> mobile).
"""

from __future__ import annotations

from ._cpu_dies import die_segment
from ._cpu_segment import segment

#: AMD "Form Factor" entries and the segment each names.
FORM_FACTORS: dict[str, str] = {
    "Laptops": "mobile",
    "Mobile Workstations": "mobile",
    "Handheld": "mobile",
    "Desktops": "desktop",
    "1L Desktops": "desktop",
    "Boxed Processor": "desktop",
    # Intel ARK's "Coprocessor" (the Xeon Phi Knights Corner PCIe cards, audit 1796672257
    # class CP): filed server, whose default's note says it covers the die package only
    "PCIe coprocessor card": "server",
}


def stated(form_factor: str | None) -> set[str]:
    """The segments a table's form-factor cell names ("Laptops , Desktops" -> both)."""
    parts = [p.strip() for p in (form_factor or "").split(",")]
    return {FORM_FACTORS[p] for p in parts if p in FORM_FACTORS}


def stated_segment(form_factor: str | None) -> str | None:
    """The one segment the cell states, or None (empty, unknown or mixed)."""
    segs = stated(form_factor)
    return segs.pop() if len(segs) == 1 else None


def filed_segment(vendor: str, cid: str, form_factor: str | None = None) -> str | None:
    """The segment the catalog files a part in (rules in the module docstring)."""
    named = segment(vendor, cid)
    if named != "server":
        named = stated_segment(form_factor) or named
        if named is None and "mobile" in stated(form_factor):
            named = "mobile"
    return die_segment(cid, named)
