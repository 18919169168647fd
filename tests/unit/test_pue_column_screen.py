"""Screen pue-column-unfiled (audit 1796685321 #26, class PS): a PUE figure on file naming an
operator answered with the industry average is filed or set aside."""

from __future__ import annotations

from pathlib import Path

from carbonfactors_pipeline import pue_column_screen as screen

IMPACT = (
    "provider,providerName,offsetRatio,region,regionName,country,state,city,impact,source,"
    "PUE,PUE source,comment\n"
    "seeweb,Seeweb,0,fro2,Frosinone 2,Italy,,Frosinone,0,green,1.2,https://example.org,\n"
    "coreweave,CoreWeave,0,LGA1,US East,USA,New Jersey,Weehawken,282.75,em,,,\n"
)
OPS = ["seeweb", "coreweave", "industry"]


def _rows(tmp_path: Path) -> list[screen.Row]:
    (tmp_path / "mlco2-impact").mkdir()
    (tmp_path / "mlco2-impact/impact.csv").write_text(IMPACT, encoding="utf-8")
    return screen.column_rows(tmp_path, OPS)


def test_unfiled_operator_figure_fails(tmp_path: Path) -> None:
    """Seeweb's 1.2 in a small impact.csv, Seeweb on the industry average, no factor: a
    problem naming the row (CoreWeave's row has no PUE, so nothing to file)."""
    rows = _rows(tmp_path)
    assert rows == [("mlco2-impact/impact.csv", 2, "seeweb", 1.2)]
    [(op, reason)] = screen.problems([], {"seeweb", "coreweave"}, rows)
    assert op == "seeweb" and "mlco2-impact/impact.csv:2" in reason and "1.2" in reason


def test_filed_or_set_aside_passes(tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    filed = [{"kind": "pue", "subject": "seeweb", "value": 1.2}]
    assert screen.problems(filed, {"seeweb"}, rows) == []
    site = [{"kind": "pue", "subject": "seeweb:fro2", "value": 1.2}]
    assert screen.problems(site, {"seeweb"}, rows) == []
    aside = {("mlco2-impact/impact.csv", "seeweb", 1.2): "no PUE statement"}
    assert screen.problems([], {"seeweb"}, rows, aside) == []
    # an operator with a figure of its own for every year is not held to it
    assert screen.problems([], set(), rows) == []
    # a different value is not the row filed
    other = [{"kind": "pue", "subject": "seeweb", "value": 1.3}]
    assert len(screen.problems(other, {"seeweb"}, rows)) == 1


def test_provider_spellings() -> None:
    ops = ["google", "oracle", "ovhcloud", "industry"]
    assert screen.operator_of("gcp", ops) == "google"
    assert screen.operator_of("Oracle", ops) == "oracle"
    assert screen.operator_of("OVHcloud", ops) == "ovhcloud"
    assert screen.operator_of("Unknown", ops) is None
    assert screen.operator_of("industry", ops) is None
