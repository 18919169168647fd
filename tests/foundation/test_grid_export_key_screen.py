"""``export-key-choice`` (audit 1796672257 a-K2): an export zone-year filed from the shorter
of two keys' rows, or far from the other with no bound reaching it, is listed."""

from __future__ import annotations

from carbonfactors_pipeline.grid_export_key_screen import RULE, flags

ROWS = {
    ("US-NE-ISNE", 2018): [(318.13, 4411, "US-NE-ISNE"), (260.4, 7080, "US-NEISO")],
    ("US-NW-BPAT", 2019): [(119.64, 8364, "US-NW-BPAT"), (77.01, 8739, "US-BPA")],
}


def _factor(zone: str, year: int, value: float, hours: str, key: str, **bounds: float) -> dict:
    return {
        "id": f"grid_intensity:{zone}:{year}:electricitymaps-2021-export",
        "kind": "grid_intensity",
        "source": "electricitymaps-2021-export",
        "subject": zone,
        "year": year,
        "value": value,
        "method": f"export ({hours} hours with data) ... zone key in the export: {key}. ...",
        **bounds,
    }


def test_shorter_part_year_filed_is_listed() -> None:
    bad = _factor("US-NE-ISNE", 2018, 318.13, "4,411", "US-NE-ISNE", low=272.0, high=332.98)
    [flag] = flags([bad], ROWS)
    assert flag.rule == RULE and "7,080 hours (260.4)" in flag.reason
    good = _factor("US-NE-ISNE", 2018, 260.4, "7,080", "US-NEISO", low=260.4, high=318.13)
    assert flags([good], ROWS) == []


def test_full_years_apart_need_a_bound() -> None:
    bare = _factor("US-NW-BPAT", 2019, 119.64, "8364", "US-NW-BPAT", low=92.0, high=134.95)
    [flag] = flags([bare], ROWS)
    assert "outside the bounds" in flag.reason and "US-BPA" in flag.reason
    bounded = _factor("US-NW-BPAT", 2019, 119.64, "8364", "US-NW-BPAT", low=77.01, high=134.95)
    assert flags([bounded], ROWS) == []
