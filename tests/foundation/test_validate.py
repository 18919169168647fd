"""The validator reports every problem as file:line: field: reason, never a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from carbonfactors.cli import main
from carbonfactors_pipeline.validate import validate_tree

SOURCES = """\
sources:
- id: ember-owid
  producer: Ember; Our World in Data
  title: Carbon intensity of electricity generation
  citation: Ember (2025), with major processing by Our World in Data.
  url: https://ourworldindata.org/grapher/carbon-intensity-electricity
  published: '2025'
  accessed: '2025-12-09'
  license: CC-BY-4.0
  license_url: https://creativecommons.org/licenses/by/4.0/
"""

ZONES = """\
zones:
- id: FR
  name: France
  type: country
"""


def grid_factor(**over: object) -> str:
    fields: dict[str, object] = {
        "id": "grid_intensity:FR:2023:ember-owid",
        "kind": "grid_intensity",
        "subject": "FR",
        "year": 2023,
        "value": 55.27541,
        "unit": "gCO2e/kWh",
        "basis": "lifecycle",
        "source": "ember-owid",
    }
    fields.update(over)
    lines = [f"  {k}: {v}" for k, v in fields.items() if v is not None]
    lines[0] = "- " + lines[0][2:]
    return "\n".join(lines) + "\n"


def make_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "factors"
    base = {"sources.yaml": SOURCES, "zones/FR.yaml": ZONES}
    for rel, text in {**base, **files}.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in validate_tree(root).problems]


def test_clean_tree_validates_and_prints_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"grid/FR.yaml": "factors:\n" + grid_factor()})
    assert problems(root) == []
    assert main(["validate", str(root)]) == 0
    out = capsys.readouterr().out
    assert "grid_intensity         1" in out
    assert "grid lifecycle: 1 countries with values" in out


# Each case: the file content, and the exact "file:line: field: reason" prefix expected.
CASES = {
    "missing field": (
        "factors:\n" + grid_factor(unit=None),
        "factors/grid/FR.yaml:2: unit: missing required field",
    ),
    "unknown field": (
        "factors:\n" + grid_factor() + "  colour: blue\n",
        "factors/grid/FR.yaml:10: colour: unknown field",
    ),
    "unit outside vocabulary": (
        "factors:\n" + grid_factor(unit="kgCO2e/kWh"),
        "factors/grid/FR.yaml:7: unit: 'kgCO2e/kWh' is not a unit of grid_intensity",
    ),
    "grid intensity above 2000": (
        "factors:\n" + grid_factor(value=2500),
        "factors/grid/FR.yaml:6: value: 2500 gCO2e/kWh is implausible for grid_intensity: must be <= 2000",
    ),
    "negative grid intensity": (
        "factors:\n" + grid_factor(value=-3),
        "factors/grid/FR.yaml:6: value: -3 gCO2e/kWh is implausible",
    ),
    "low above value": (
        "factors:\n" + grid_factor(low=60),
        "factors/grid/FR.yaml:10: low: low 60 is greater than value 55.2754",
    ),
    "high below value": (
        "factors:\n" + grid_factor(high=50),
        "factors/grid/FR.yaml:10: high: high 50 is less than value 55.2754",
    ),
    "year too old": (
        "factors:\n" + grid_factor(year=1989),
        "factors/grid/FR.yaml:5: year: 1989 is outside 1990..",
    ),
    "year in the future": (
        "factors:\n" + grid_factor(year=2999),
        "factors/grid/FR.yaml:5: year: 2999 is outside 1990..",
    ),
    "unknown source": (
        "factors:\n" + grid_factor(source="nowhere"),
        "factors/grid/FR.yaml:9: source: unknown source (not in factors/sources.yaml) 'nowhere'",
    ),
    "unknown subject": (
        "factors:\n" + grid_factor(subject="ZZ"),
        "factors/grid/FR.yaml:4: subject: unknown subject 'ZZ'",
    ),
    "value is text": (
        "factors:\n" + grid_factor(value="'55'"),
        "factors/grid/FR.yaml:6: value: must be a number",
    ),
    "NaN value": (
        "factors:\n" + grid_factor(value=".nan"),
        "factors/grid/FR.yaml:6: value: must be a finite number",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_class_is_reported_with_file_and_line(tmp_path: Path, case: str) -> None:
    text, expected = CASES[case]
    root = make_tree(tmp_path, {"grid/FR.yaml": text})
    found = problems(root)
    assert any(p.startswith(expected) for p in found), found


PUE = """\
operators:
- id: aws
  name: Amazon Web Services
  type: operator
factors:
- id: pue:aws:2024:ember-owid
  kind: pue
  subject: aws
  year: 2024
  value: {value}
  unit: dimensionless
  source: ember-owid
"""


@pytest.mark.parametrize("value", [0.95, 3.2])
def test_pue_outside_1_to_3(tmp_path: Path, value: float) -> None:
    root = make_tree(tmp_path, {"pue/aws.yaml": PUE.format(value=value)})
    assert any(p.startswith("factors/pue/aws.yaml:10: value:") for p in problems(root))


HARDWARE = """\
hardware:
- id: nvidia-h100-nvl
  name: NVIDIA H100 NVL
  category: gpu
  vendor: NVIDIA
factors:
- id: {kind}:nvidia-h100-nvl:2024:ember-owid
  kind: {kind}
  subject: nvidia-h100-nvl
  year: 2024
  value: {value}
  unit: {unit}
  source: ember-owid
"""


@pytest.mark.parametrize(
    ("kind", "value", "unit", "reason"),
    [
        ("power", 0, "W", "must be > 0"),
        ("power", -400, "W", "must be > 0"),
        ("power", 400000, "W", "absurd for a gpu power"),
        ("embodied", 0, "kgCO2e", "must be > 0"),
        ("embodied", 150000, "kgCO2e", "absurd for a gpu embodied"),
    ],
)
def test_power_and_embodied_must_be_positive_and_plausible(
    tmp_path: Path, kind: str, value: float, unit: str, reason: str
) -> None:
    text = HARDWARE.format(kind=kind, value=value, unit=unit)
    found = problems(make_tree(tmp_path, {"hardware/nvidia.yaml": text}))
    assert any(
        p.startswith("factors/hardware/nvidia.yaml:11: value:") and reason in p for p in found
    ), found


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path,
        {
            "grid/a.yaml": "factors:\n" + grid_factor(),
            "grid/b.yaml": "factors:\n" + grid_factor(year=2022),
        },
    )
    found = problems(root)
    assert (
        "factors/grid/b.yaml:2: id: duplicate factor id 'grid_intensity:FR:2023:ember-owid'"
        " (first defined at factors/grid/a.yaml:2)"
    ) in found


def test_bibliography_entry_without_license(tmp_path: Path) -> None:
    no_license = SOURCES.replace("  license: CC-BY-4.0\n", "")
    root = make_tree(tmp_path, {"sources.yaml": no_license})
    assert "factors/sources.yaml:2: license: missing required field" in problems(root)


def test_broken_yaml_is_reported_with_its_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = "factors:\n" + grid_factor() + "  method: [unclosed\n  basis: direct\n"
    root = make_tree(tmp_path, {"grid/FR.yaml": broken})
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr()
    assert "factors/grid/FR.yaml:11: file: YAML syntax error" in out.out
    assert "Traceback" not in out.out + out.err


def test_csv_or_other_formats_are_refused_with_a_reason(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"grid/FR.csv": 'zone,year\n"FR,2023\n'})
    assert "factors/grid/FR.csv:1: file: only YAML (.yaml) factor files are read" in problems(root)


def test_norway_bare_no_is_caught(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path, {"zones/NO.yaml": "zones:\n- id: NO\n  name: Norway\n  type: country\n"}
    )
    assert any(
        p.startswith("factors/zones/NO.yaml:2: id: Not a valid string") for p in problems(root)
    )


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    text = "factors:\n" + grid_factor(value=2500) + grid_factor(id="x", year=1800, unit="W")
    root = make_tree(tmp_path, {"grid/FR.yaml": text, "pue/aws.yaml": PUE.format(value=0.5)})
    found = problems(root)
    assert len(found) >= 4
    places = [(p.split(":")[0], int(p.split(":")[1])) for p in found]
    assert places == sorted(places)


def test_duplicate_key_in_one_record(tmp_path: Path) -> None:
    text = "factors:\n" + grid_factor() + "  value: 56\n"
    found = problems(make_tree(tmp_path, {"grid/FR.yaml": text}))
    assert "factors/grid/FR.yaml:10: value: field given twice in one record" in found


def test_cloud_region_must_map_to_a_known_grid_zone(tmp_path: Path) -> None:
    region = textwrap.dedent(
        """\
        zones:
        - id: aws:eu-west-3
          name: Europe (Paris)
          type: cloud_region
          provider: aws
          grid_zone: XX
          mapping_source: ember-owid
        """
    )
    found = problems(make_tree(tmp_path, {"zones/cloud/aws.yaml": region}))
    assert "factors/zones/cloud/aws.yaml:6: grid_zone: unknown zone 'XX'" in found


def test_validate_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    root = make_tree(tmp_path, {"grid/FR.yaml": "factors:\n" + grid_factor(value=2500)})
    assert main(["validate", str(root), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["problems"][0].startswith("factors/grid/FR.yaml:6: value:")


def test_cross_source_disagreement_listed_for_review(tmp_path: Path) -> None:
    other = SOURCES.replace("- id: ember-owid", "- id: other-source", 1)
    sources = SOURCES + other[len("sources:\n") :]
    text = (
        "factors:\n"
        + grid_factor()
        + grid_factor(id="grid_intensity:FR:2023:other-source", source="other-source", value=90)
    )
    result = validate_tree(make_tree(tmp_path, {"sources.yaml": sources, "grid/FR.yaml": text}))
    assert result.ok, result.problems
    [d] = result.disagreements
    assert (d["subject"], d["year"], d["low"]["source"], d["high"]["source"]) == (
        "FR",
        2023,
        "ember-owid",
        "other-source",
    )


GPU_SPECS = """\
hardware:
- id: gpu-x
  name: GPU X
  category: gpu
  vendor: V
  specs:
    die_area_mm2: 814
    memory_gb: 80
{sources}"""


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ("", "specs.sources.die_area_mm2: 'die_area_mm2' feeds embodied derivations"),
        (
            "    sources: {die_area_mm2: nowhere}\n",
            "specs: unknown source (specs.sources) 'nowhere'",
        ),
        (
            "    sources: {die_area_mm2: ember-owid, process_nm: ember-owid}\n",
            "specs.sources.process_nm: no spec 'process_nm' to cite",
        ),
    ],
)
def test_specs_used_in_derivations_name_their_source(
    tmp_path: Path, sources: str, expected: str
) -> None:
    root = make_tree(tmp_path, {"hardware/gpu/x.yaml": GPU_SPECS.format(sources=sources)})
    found = problems(root)
    assert any(expected in p for p in found), found


def test_cited_specs_validate(tmp_path: Path) -> None:
    text = GPU_SPECS.format(sources="    sources: {die_area_mm2: ember-owid}\n")
    root = make_tree(tmp_path, {"hardware/gpu/x.yaml": text})
    assert problems(root) == []


def test_did_you_mean_for_unknown_fields_units_and_sources(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path,
        {
            "grid/a.yaml": "factors:\n" + grid_factor(methd="typo"),
            "grid/c.yaml": "factors:\n"
            + grid_factor(id="grid_intensity:FR:2021:ember-owid", year=2021, unit="gCO2e/kwh"),
            "grid/b.yaml": "factors:\n"
            + grid_factor(id="grid_intensity:FR:2022:ember-owid", year=2022, source="ember-owd"),
        },
    )
    problems = [str(p) for p in validate_tree(root).problems]
    assert any("methd: unknown field" in p and "(did you mean 'method'?)" in p for p in problems)
    assert any("unit:" in p and "(did you mean 'gCO2e/kWh'?)" in p for p in problems)
    assert any(
        "b.yaml:9: source: unknown source" in p and "(did you mean 'ember-owid'?)" in p
        for p in problems
    )


def test_a_record_with_several_mistakes_reports_them_all_in_one_pass(tmp_path: Path) -> None:
    # A schema error used to hide the bad source until the schema error was fixed.
    root = make_tree(
        tmp_path, {"grid/a.yaml": "factors:\n" + grid_factor(value="high", source="nowhere")}
    )
    fields = sorted(p.field for p in validate_tree(root).problems)
    assert fields == ["source", "value"]


def test_an_accelerator_with_a_node_but_no_die_left_on_the_category_default(
    tmp_path: Path,
) -> None:
    """#33/#37: three dies sized at its node bracket it; left on the default, it fails."""
    import yaml

    def part(hid: str, specs: dict[str, object]) -> dict[str, object]:
        return {
            "id": hid,
            "name": hid,
            "category": "gpu",
            "vendor": "X",
            "release_year": 2021,
            "specs": specs | {"sources": {k: "ember-owid" for k in specs}},
        }

    def emb(subject: str, value: float, rung: str, **inputs: float) -> dict[str, object]:
        return {
            "id": f"embodied:{subject}:2021:ember-owid:manufacturing",
            "kind": "embodied",
            "subject": subject,
            "year": 2021,
            "value": value,
            "unit": "kgCO2e",
            "basis": "manufacturing",
            "rung": rung,
            "source": "ember-owid",
            "method": "fixture",
            **({"inputs": inputs} if inputs else {}),
        }

    sized = [(f"p{i}", a) for i, a in enumerate((373.0, 665.6, 826.0))]
    hardware = [part(h, {"die_area_mm2": a, "process_nm": 7}) for h, a in sized]
    hardware.append(part("nodie", {"process_nm": 7, "memory_gb": 32}))
    factors = [emb(h, 100.0, "component-model", die_area_mm2=a, process_nm=7) for h, a in sized]
    factors.append(emb("category:gpu", 224.12, "category-default"))
    text = yaml.safe_dump({"hardware": hardware, "factors": factors}, sort_keys=False)
    root = make_tree(tmp_path, {"hardware/gpu/x.yaml": text})
    found = problems(root)
    assert any("'nodie' has a node (7 nm) but no die area" in p for p in found), found
    # bracketed (a value of its own): passes
    factors.append(emb("nodie", 120.0, "category-default"))
    text = yaml.safe_dump({"hardware": hardware, "factors": factors}, sort_keys=False)
    root = make_tree(tmp_path / "ok", {"hardware/gpu/x.yaml": text})
    assert not any("nodie" in p for p in problems(root))


def test_an_instance_counting_dual_gpu_boards_as_gpus_fails(tmp_path: Path) -> None:
    """AWS G3 and Azure NV count each GM204 of an M60 board: a board per GPU is 2x."""
    import yaml

    def hw(hid: str, cat: str, specs: dict[str, object]) -> dict[str, object]:
        return {"id": hid, "name": hid, "category": cat, "vendor": "X", "specs": specs}

    board = hw("board", "gpu", {"gpus_per_board": 2, "sources": {"gpus_per_board": "ember-owid"}})
    gpu = hw("half", "gpu", {})
    inst = hw(
        "aws:g3.16xlarge", "cloud_instance", {"accelerators": [{"model": "board", "count": 4}]}
    )
    text = yaml.safe_dump({"hardware": [board, gpu, inst]}, sort_keys=False)
    found = problems(make_tree(tmp_path, {"hardware/x.yaml": text}))
    assert any("instance-board-count: 'aws:g3.16xlarge'" in p for p in found), found
    inst["specs"] = {"accelerators": [{"model": "half", "count": 4}]}
    text = yaml.safe_dump({"hardware": [board, gpu, inst]}, sort_keys=False)
    found = problems(make_tree(tmp_path / "ok", {"hardware/x.yaml": text}))
    assert not any("instance-board-count" in p for p in found), found


def test_cpu_tdp_readings_apart_are_listed_as_disagreements(tmp_path: Path) -> None:
    # Audit 1796585890 class T: the 4800HS at 45 W (CodeCarbon repeats the 4800H row) against
    # 35 W elsewhere was never listed: only grid values were compared. Readings filed under
    # different years are compared all the same.
    other = SOURCES.replace("- id: ember-owid", "- id: other-source", 1)
    sources = SOURCES + other[len("sources:\n") :]

    def tdp(source: str, year: int, value: float) -> str:
        return (
            f"- id: power:cpu-x:{year}:{source}:tdp\n  kind: power\n  subject: cpu-x\n"
            f"  year: {year}\n  value: {value}\n  unit: W\n  basis: tdp\n  source: {source}\n"
        )

    hw = "hardware:\n- id: cpu-x\n  name: CPU X\n  category: cpu\n  vendor: V\nfactors:\n"
    text = hw + tdp("ember-owid", 2020, 45) + tdp("other-source", 2026, 35)
    result = validate_tree(
        make_tree(tmp_path, {"sources.yaml": sources, "hardware/cpus/x.yaml": text})
    )
    [d] = result.disagreements
    assert (d["subject"], d["basis"], d["low"]["value"], d["high"]["value"]) == (
        "cpu-x",
        "tdp",
        35,
        45,
    )
    assert d["status"] == "open"
    near = hw + tdp("ember-owid", 2020, 45) + tdp("other-source", 2026, 40)
    root = make_tree(tmp_path / "b", {"sources.yaml": sources, "hardware/cpus/x.yaml": near})
    assert validate_tree(root).disagreements == []


def test_a_server_on_the_default_beside_a_measured_sibling_is_a_problem(tmp_path: Path) -> None:
    """Class K2 (``server-power-sibling-measured``): a server with no power of its own whose
    specs name a measured SPECpower sibling is reported, at its hardware entry, until it
    has power (the sibling's results) or a keep note says why not."""
    server = (
        "hardware:\n- id: srv-p\n  name: Srv P\n  category: server\n  vendor: V\n"
        "  specs:\n    cpu_count: 4\n    specpower_siblings:\n    - srv\n"
    )
    found = problems(make_tree(tmp_path, {"hardware/servers/v.yaml": server}))
    assert any("specs: server-power-sibling-measured" in p and "srv" in p for p in found), found
    powered = server + (
        "factors:\n- id: power:srv-p:2020:ember-owid:max\n  kind: power\n  subject: srv-p\n"
        "  year: 2020\n  value: 688\n  unit: W\n  basis: max\n  source: ember-owid\n"
    )
    found = problems(make_tree(tmp_path / "b", {"hardware/servers/v.yaml": powered}))
    assert not any("server-power-sibling-measured" in p for p in found), found
    kept = "keep:\n- factor: srv-p\n  rule: server-power-sibling-measured\n  note: other chassis\n"
    root = make_tree(tmp_path / "c", {"hardware/servers/v.yaml": server, "screens.yaml": kept})
    found = problems(root)
    assert not any("server-power-sibling-measured" in p or "unknown" in p for p in found), found
