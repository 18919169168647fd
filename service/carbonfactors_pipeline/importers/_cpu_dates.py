"""Release years of CPUs that no launch table dates, from eco2ai's ``Released`` column.

Kept apart from ``cpu_catalog``, which reads the launch tables (Intel ARK and AMD product
pages via CodeCarbon's dataset builder, then Boavizta's TechPowerUp rows). CodeCarbon-only
parts were filed as 2026 "undated" although eco2ai (``eco2ai/cpu_names.csv``, Apache-2.0)
dates some (audit 1796574057 O3: AMD Athlon 64 LE-1660 2009-04, Sempron 3500+ 2009-03).

eco2ai's date is not a launch date everywhere: of the 1,924 parts dated both ways it equals
the launch year for 75%, is a year or more later for 24%, and its earliest dates bunch in
late 2008-2009 (where its listing starts: Athlon 64 3000+, a 2003 part, is "2008-12"). So a
date is used only where it is not after the part family's launches on file: the family
(its model-number series, ``series``) has parts dated by a launch table, and eco2ai's
year lies within their first..last launch year. Otherwise the part stays
undated and the method says why (no dated family on file, or a date past its launches).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._cpu_eco2ai import Eco2aiRow


def launch_year(text: str) -> int | None:
    """A year from a launch-table date: "Q2'25", "10/10/2024", "2017-07-27", "2019", and
    AMD's short forms "Q216" / "2Q18" (quarter and two-digit year) and "4/23/25"
    (audit 1796613359 O2: the 7th Gen APUs were filed undated); None otherwise."""
    t = text.strip()
    m = (
        re.fullmatch(r"Q[1-4]\s*'?(\d{2})", t)
        or re.fullmatch(r"[1-4]Q(\d{2})", t)
        or re.fullmatch(r"\d{1,2}/\d{1,2}/(\d{2})", t)
    )
    if m:
        return 2000 + int(m.group(1))
    m = re.search(r"(19|20)\d{2}", t)
    return int(m.group(0)) if m else None


SOURCE = "eco2ai"


def read_dates(rows: Iterable[Eco2aiRow]) -> dict[str, str]:
    """``{cpu id: YYYY-MM-DD}`` from eco2ai's Released column (first spelling wins)."""
    out: dict[str, str] = {}
    for r in rows:
        if r.released:
            out.setdefault(r.cid, r.released)
    return out


_MODEL = re.compile(r"^([a-z]*)(\d{3,})")
_VERSION = re.compile(r"^v\d+$")
#: Lines whose model number carries the generation elsewhere than in its leading digits.
_GEN_LAST = frozenset({"epyc"})
_GEN_SECOND = frozenset({"platinum", "gold", "silver", "bronze"})


def series(cid: str) -> str | None:
    """The model-number series of a CPU id, the family whose launches date it.

    The words before the model number, its letter prefix, its generation digits (all but
    the last three of a 4- or 5-digit number, the first of a 3-digit one) and its length:
    ``intel-core-i5-540um`` -> ``intel-core-i5-5/3`` (first-generation Core, 2010), not
    ``i5-5200u`` (``5/4``, 2015); ``intel-xeon-x7550`` -> ``intel-xeon-x7/4``. None
    without a model number of three digits or more (``intel-xeon-2-0a``).
    """
    tokens = cid.split("-")
    for i, tok in enumerate(tokens):
        m = _MODEL.match(tok)
        if m:
            digits = m.group(2)
            gen = digits[: len(digits) - 3] if len(digits) >= 4 else digits[0]
            if set(tokens[:i]) & _GEN_LAST:  # EPYC 7601 (1st), 7662 (2nd): the last digit
                gen = f"{digits[0]}x{digits[-1]}"
            elif set(tokens[:i]) & _GEN_SECOND:  # Xeon Gold 6130 (1st), 6230 (2nd)
                gen = digits[:2]
            version = [t for t in tokens[i + 1 :] if _VERSION.match(t)]  # E5-2690 v4
            return "-".join([*tokens[:i], f"{m.group(1)}{gen}/{len(digits)}", *version])
    return None


def family_spans(launched: dict[str, int]) -> dict[str, tuple[int, int]]:
    """First and last launch year of each model-number series, from its parts dated by a
    launch table (``{cpu id: launch year}``)."""
    dated: dict[str, list[int]] = {}
    for cid, year in launched.items():
        key = series(cid)
        if key:
            dated.setdefault(key, []).append(year)
    return {fam: (min(ys), max(ys)) for fam, ys in dated.items()}


def agreement(dates: dict[str, str], launched: dict[str, int]) -> tuple[int, float, float]:
    """(parts dated both ways, share where eco2ai's year is the launch year, share later)."""
    both = [(int(dates[c][:4]), y) for c, y in launched.items() if c in dates]
    if not both:
        return 0, 0.0, 0.0
    same = sum(1 for e, y in both if e == y) / len(both)
    return len(both), same, sum(1 for e, y in both if e > y) / len(both)


def eco2ai_year(
    date: str | None,
    family: str | None,
    spans: dict[str, tuple[int, int]],
    agree: tuple[int, float, float],
) -> tuple[int | None, str]:
    """(year, method sentence) for an undated part: eco2ai's year where it is not past its
    family's launches on file; else ``None`` and why the date is not used."""
    if date is None:
        return None, ""
    year = int(date[:4])
    n, same, later = agree
    lag = (
        f"eco2ai's year is the launch year for {same:.0%} of the {n} parts dated both ways "
        f"and later for {later:.0%}"
    )
    span = spans.get(family) if family else None
    if span is None:
        return None, (
            f" eco2ai cpu_names.csv lists it as released {date}, not used: no part of its "
            f"family is dated by a launch table on file, and {lag} (its earliest dates "
            "bunch in 2008-2009, where its listing starts)."
        )
    first, last = span
    if first <= year <= last:
        return year, (
            f" Release year from eco2ai cpu_names.csv ('Released' {date}): no launch table "
            f"dates this part; the year lies within the {first}-{last} launches of its "
            f"family ({family}) on file. {lag[0].upper()}{lag[1:]}, so the part may be "
            "a year or more older."
        )
    return None, (
        f" eco2ai cpu_names.csv lists it as released {date}, not used: that is outside the "
        f"{first}-{last} launches of its family ({family}) dated on file, and {lag}."
    )


#: A model number's trailing letters: "8260m" -> ("8260", "m").
_SUFFIX = re.compile(r"^(.*\d)([a-z]*)$")
#: Suffix letters that mark a later launch of the same number (Xeon Scalable "R" refresh and
#: "U" single-socket parts, launched 2020 beside 2019 numbers).
_LATER = frozenset("ru")
#: Lines whose suffix letters mark variants of one launch (memory "M"/"L", "Y" speed select,
#: "H"/"C"/"N"/"V"/"T" configurations): Xeon Scalable only. Client lines are not: a Ryzen
#: 3300U (2019, mobile) and 3300X (2020), a Core i9-13900K (2022) and 13900 (2023), a
#: Celeron 1000A (2001, named by clock) and 1000M (2013) share a number.
_ONE_LAUNCH = re.compile(r"^intel-xeon-(platinum|gold|silver|bronze)-\d{4}[a-z]*$")


def _stem(cid: str) -> tuple[str, str] | None:
    head, _, last = cid.rpartition("-")
    m = _SUFFIX.match(last)
    return (f"{head}-{m.group(1)}", m.group(2)) if head and m else None


def sibling_year(cid: str, vendor_years: dict[str, int]) -> tuple[int | None, str]:
    """(year, method sentence) from the maker's launch dates of the part's same-number
    siblings (suffix letters only differ: Xeon Platinum 8260 / 8260L / 8260Y for the 8260M),
    when they name one year; (None, "") otherwise. Xeon Scalable lines only (``_ONE_LAUNCH``).

    Why (audit 1796642882 O3): the 8260M, absent from Intel's ARK extract, was filed 2018 from
    TechPowerUp's date relayed by Boavizta's AGPL cpu_specs.csv, while ARK dates all three
    siblings on file Q2'19. A maker's date on file goes before the relayed one. A suffix that
    marks a later launch of the same number ("R" refresh, "U") is not matched.
    """
    me = _stem(cid)
    if me is None or not _ONE_LAUNCH.match(cid) or set(me[1]) & _LATER:
        return None, ""
    sibs = {
        c: y
        for c, y in vendor_years.items()
        if c != cid and (s := _stem(c)) is not None and s[0] == me[0] and not set(s[1]) & _LATER
    }
    if not sibs or len(set(sibs.values())) != 1:
        return None, ""
    year = next(iter(sibs.values()))
    names = ", ".join(sorted(sibs)[:4])
    return year, (
        f" Release year {year} from the maker's launch dates of its same-number siblings on file "
        f"({names}; Intel ARK / AMD tables via CodeCarbon): this part has no launch row of its "
        "own, and a sibling may launch a quarter or more apart (audit 1796642882 O3)."
    )


def relayed_note(row: dict[str, str]) -> str:
    """Where a year taken from a Boavizta cpu_specs row comes from (TechPowerUp, relayed)."""
    return (
        f" Release year from TechPowerUp's date ({row.get('release_date', '').strip()}, "
        f"{row.get('source', '').strip() or 'its part page'}), found through Boavizta's "
        "cpu_specs.csv (AGPL, read as evidence only): no maker's launch date on file."
    )
