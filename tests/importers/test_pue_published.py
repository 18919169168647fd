"""pue_published: operator and Uptime PUE rows, campuses under their operator."""

from __future__ import annotations

from pathlib import Path

from _cloud_pue_helpers import FIXTURES, problems, records, run_twice

UPSTREAM = FIXTURES / "pue_published"


def test_factors_and_campuses(tmp_path: Path) -> None:
    run_twice("pue-published", UPSTREAM, tmp_path)
    out = tmp_path / "pue" / "published"
    google = records(out / "google.yaml", "factors")
    ttm = google[
        "pue:google:council-bluffs-iowa-2nd-facility:2025:google-datacenter-efficiency:ttm"
    ]
    assert (ttm["value"], ttm["basis"], ttm["period"]) == (
        1.08,
        "measured",
        "TTM, page read 2025-10-16",
    )
    campuses = records(out / "google.yaml", "operators")
    assert campuses["google:council-bluffs-iowa-2nd-facility"]["zone"] == "US"
    assert "zone" not in campuses["google:rlf-new-campus"]  # location unknown
    # AWS's page states the previous calendar year's fleet PUE.
    assert "pue:aws:2024:aws-sustainability" in records(out / "aws.yaml", "factors")
    assert ttm["scope"] == "site-ttm"
    # Microsoft reports fiscal years: the page read in October 2025 showed FY24, stored as
    # year 2024 (the year the fiscal year ends) with its dates in period.
    ms = records(out / "microsoft.yaml", "factors")
    arizona = ms["pue:microsoft:arizona:2024:microsoft-datacenter-efficiency"]
    assert (arizona["value"], arizona["scope"]) == (1.13, "site-annual")
    assert arizona["period"] == "FY2024 (2023-07-01..2024-06-30)"
    fleet = ms["pue:microsoft:2024:microsoft-datacenter-efficiency"]
    assert (fleet["value"], fleet["scope"]) == (1.16, "fleet-annual")
    assert records(out / "aws.yaml", "factors")["pue:aws:2024:aws-sustainability"]["scope"] == (
        "fleet-annual"
    )
    industry = records(out / "industry.yaml", "factors")["pue:industry:2020:uptime-survey-2020"]
    assert industry["value"] == 1.59 and "industry average of that year" in industry["method"]
    assert industry["scope"] == "survey"


def test_output_validates(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    run_twice("pue-published", UPSTREAM, root)
    found = problems(root, ["US"], ["aws", "google", "microsoft", "industry"])
    # The fixture has Google campuses but no Google fleet figure, so the industry average
    # stands in for Google with bounds that miss its campuses: screen pue-operator-unreached
    # (audit 1796599352 P0b) lists exactly that, and nothing else is a problem.
    unreached = [p for p in found if "pue-operator-unreached: google " in p]
    assert unreached and all("google:council-bluffs-iowa-2nd-facility 1.08" in p for p in unreached)
    assert [p for p in found if p not in unreached] == []
