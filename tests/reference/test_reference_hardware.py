"""Reference AI hardware through the SDK, the CLI and HTTP: same numbers, right numbers.

Each case of ``hardware.yaml`` (a name as a user types it, with hand-written, cited
expectations) is computed on the catalog in ``factors/`` (the development version) three
ways: ``carbonfactors.footprint`` in process, ``carbonfactors footprint`` as a real
subprocess (all cases in one job-list document, the CLI's batch form), and
``POST /v1/footprint?version=dev`` on a live gunicorn server whose database is built from
the same ``factors/``. The three answers must be identical, then match the expectations
(model, accelerator count, power at full load, plausible embodied carbon).

Cases whose data another branch is adding are strict xfails (``needs`` in the table): they
fail loudly (XPASS) once the data lands, and the marks are removed then.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

import carbonfactors as cf
from carbonfactors import Dataset
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.hardware_names import CHIP_CATEGORIES
from carbonfactors.kinds import LOWER_BOUND_RUNG
from carbonfactors_pipeline import licensing
from carbonfactors_pipeline.build import build_database
from carbonfactors_pipeline.validate import validate_tree

# The live-server helpers of the API tests (tests/ is on sys.path through its conftest).
from liveserver import Server

ROOT = Path(__file__).resolve().parents[2]
TABLE = yaml.safe_load((Path(__file__).parent / "hardware.yaml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = TABLE["cases"]
HOURS = 1000.0
#: The installed console script, next to the interpreter running the tests.
CLI = str(Path(sys.executable).parent / "carbonfactors")

pytestmark = pytest.mark.slow

#: What a data contributor reads when a case fails (CONTRIBUTING.md walks through it).
CHANGED_ON_PURPOSE = (
    "If your data change moves this value on purpose (a better source), update this case's "
    "expectation in tests/reference/hardware.yaml, citing that source in the comment at its "
    "top, and say why in the pull request; otherwise your change broke a default. "
    "See CONTRIBUTING.md, 'When a reference test fails'."
)


def job_of(case: dict[str, Any]) -> dict[str, Any]:
    return {
        "hardware": [{"model": case["name"], "count": 1, "utilization": 1.0}],
        "hours": HOURS,
        "location": "US",
    }


def _param(case: dict[str, Any]) -> Any:
    needs = case.get("needs")
    marks = (
        [pytest.mark.xfail(strict=True, reason=f"needs {needs['branch']} data: {needs['reason']}")]
        if needs
        else []
    )
    return pytest.param(case, id=case["name"], marks=marks)


# -- the catalog, three ways ------------------------------------------------------------------
@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = validate_tree(ROOT / "factors")
    assert result.ok, [str(p) for p in result.problems][:10]
    # The service answers from the full bundle of dev (values resting on AGPL files are in
    # no bundle): the SDK and the CLI compute on that same bundle, labelled the same.
    snap = licensing.bundle(dict(result.snapshot, version="dev", released=None), "full")
    path = tmp_path_factory.mktemp("reference") / "dev.json"
    path.write_text(json.dumps(snap), encoding="utf-8")
    return {"snapshot": snap, "path": path, "dataset": Dataset.from_snapshot(snap)}


@pytest.fixture(scope="module")
def cli_results(catalog: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    jobs = tmp_path_factory.mktemp("cli") / "jobs.json"
    jobs.write_text(json.dumps([job_of(c) for c in CASES]), encoding="utf-8")
    run = subprocess.run(
        [CLI, "footprint", str(jobs), "--dataset", str(catalog["path"])],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode in (0, 1), run.stderr
    out: list[Any] = json.loads(run.stdout)
    assert len(out) == len(CASES)
    return out


@pytest.fixture(scope="module")
def server(catalog: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("reference-db") / "carbonfactors.db"
    build_database(ROOT / "factors", catalog["snapshot"], db)
    with Server(db, workers=1) as server:
        yield server.url


def _sdk(ds: Dataset, case: dict[str, Any]) -> cf.Footprint | CarbonFactorsError:
    try:
        return cf.footprint(job_of(case), dataset=ds)
    except CarbonFactorsError as exc:
        return exc


def _plain(obj: Any) -> Any:
    return json.loads(json.dumps(obj))


def _embodied_per_unit(fp: cf.Footprint) -> float:
    amort = fp.plans[0].amortization
    assert amort is not None, "no embodied carbon counted"
    return amort[0][0]


def _composition(ds: Dataset, model: str) -> dict[str, int]:
    parts = ds.hardware[model].record.get("specs", {}).get("accelerators") or []
    return {p["model"]: p["count"] for p in parts}


def _check_expectations(ds: Dataset, case: dict[str, Any], fp: cf.Footprint) -> None:
    line = fp.items[0]
    name = case["name"]
    assert line.model is not None
    if "model" in case:
        assert line.model == case["model"], f"{name} resolved to {line.model}"
    category = ds.hardware[line.model].category
    accelerators = case.get("accelerator_any") or [case["accelerator"]]
    counts = case.get("accelerators_any") or [case["accelerators"]]
    if category in CHIP_CATEGORIES:
        assert line.model in accelerators and line.units in counts, (line.model, line.units)
    else:
        composition = _composition(ds, line.model)
        assert any(composition.get(a) == n for a, n in zip(accelerators, counts, strict=True)), (
            f"{name}: composition {composition}"
        )
    watts = line.power_w[0]
    if "power_w" in case:
        expected = case["power_w"]
        low, high = expected if isinstance(expected, list) else (expected, expected)
        assert low <= watts <= high, f"{name}: {watts} W per unit, expected {expected}"
    if "power_w_min" in case:
        assert watts >= case["power_w_min"], f"{name}: {watts} W below its accelerators' TDP"
    low, high = case["embodied_kg"]
    m = _embodied_per_unit(fp)
    assert low <= m <= high, f"{name}: embodied {m} kgCO2e per unit, expected [{low}, {high}]"


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_reference_hardware(
    case: dict[str, Any], catalog: dict[str, Any], cli_results: list[Any], server: str
) -> None:
    ds: Dataset = catalog["dataset"]
    index = CASES.index(case)
    sdk = _sdk(ds, case)
    cli = cli_results[index]
    http = requests.post(f"{server}/v1/footprint?version=dev", json=job_of(case), timeout=60)
    if case.get("refused"):
        assert isinstance(sdk, CarbonFactorsError), f"{case['name']} resolved: {sdk}"
        assert set(case["candidates"]) <= set(sdk.candidates)
        assert cli["error"] == sdk.to_problem()
        assert http.status_code == 422
        assert http.json()["candidates"] == list(sdk.candidates)
        return
    if isinstance(sdk, CarbonFactorsError):
        # The three agree on the refusal too, then the case fails on its expectations.
        assert cli.get("error", {}).get("type") == sdk.type
        assert http.status_code == 422 and http.json()["detail"] == sdk.message
        pytest.fail(f"{case['name']}: {sdk.type}: {sdk.message}")
    expected = _plain(sdk.to_dict())
    assert cli == expected, "CLI and SDK differ"
    assert http.status_code == 200, http.text[:500]
    assert http.json() == expected, "HTTP and SDK differ"
    try:
        _check_expectations(ds, case, sdk)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{CHANGED_ON_PURPOSE}") from None


@pytest.mark.parametrize(
    ("name", "utilization", "chip", "units"),
    [
        ("v5p-128", 0.5, "google-tpu-v5p", 64),
        ("TPU v4-32", 0.5, "google-tpu-v4", 16),
        ("v6e-8", 0.25, "google-tpu-v6e", 8),
    ],
)
def test_slices_and_power_semantics_agree_everywhere(
    name: str,
    utilization: float,
    chip: str,
    units: int,
    catalog: dict[str, Any],
    server: str,
    tmp_path: Path,
) -> None:
    """Code-only cases (no embodied carbon): one job each through the SDK, the CLI's
    single-job form and HTTP, identical, with the slice expanded and power by its basis."""
    ds: Dataset = catalog["dataset"]
    job = {
        "hardware": [{"model": name, "count": 2, "utilization": utilization}],
        "hours": HOURS,
        "location": "US",
        "include_embodied": False,
    }
    sdk = cf.footprint(job, dataset=ds)
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    cli = subprocess.run(
        [CLI, "footprint", str(path), "--dataset", str(catalog["path"])],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    http = requests.post(f"{server}/v1/footprint?version=dev", json=job, timeout=60)
    expected = _plain(sdk.to_dict())
    assert json.loads(cli.stdout) == expected
    assert http.json() == expected
    line = expected["hardware"][0]
    assert (line["model"], line["multiplier"], line["units"]) == (chip, units, 2 * units)
    [power] = [f for f in expected["factors"] if f["role"].startswith("hardware[0].power")]
    assert power["steps"][0].startswith(f"model {name} → {units} × {chip}")
    # A measured average is a draw at operating load (as is); a TDP or max is × utilization.
    at_full = power["value"]
    scaled = power["basis"] != "average"
    assert line["power_w"] == (at_full * utilization if scaled else at_full)
    assert any("not applied" in n for n in expected["notes"]) is not scaled
    assert sdk.energy_kwh == 2 * units * line["power_w"] * HOURS / 1000


def test_the_table_covers_the_reference_set() -> None:
    names = {c["name"] for c in CASES}
    assert len(CASES) >= 25
    for required in (
        "aws:p5.48xlarge",
        "gcp:a3-highgpu-8g",
        "aws:inf2.48xlarge",
        "aws:p6-b200.48xlarge",
        "v5p-128",
        "A100 PCIe 40GB",
        "TPU v4",
        "H200",
        "GB200",
        "Gaudi 3",
        "T4",
        "L4",
        "DGX B200",
    ):
        assert required in names, required
    assert any("MI300X" in n and ":" in n for n in names)  # an MI300X node


# -- the whole catalog --------------------------------------------------------------------------
def _accelerated(ds: Dataset) -> list[str]:
    """Every accelerator, and every instance or server with accelerators inside."""
    return sorted(
        hid
        for hid, hw in ds.hardware.items()
        if hw.category in ("gpu", "tpu", "accelerator") or _composition(ds, hid)
    )


def _default_failures(ds: Dataset) -> list[str]:
    failures = []
    for hid in _accelerated(ds):
        job = {"hardware": [{"model": hid}], "hours": 1.0, "location": "US"}
        try:
            cf.footprint(job, dataset=ds)
        except CarbonFactorsError as exc:
            failures.append(f"{hid}: {exc.message}")
    return failures


def lower_bound_defaults(ds: Dataset) -> list[str]:
    """Models whose default footprint uses a ``lower-bound`` embodied figure."""
    found = []
    for hid in _accelerated(ds):
        try:
            fp = cf.footprint(hardware=[{"model": hid}], hours=1.0, grid_intensity=1, dataset=ds)
        except CarbonFactorsError:
            continue  # not computable: reported by the other test
        for used in fp.factors:
            if used.role.endswith(".embodied") and used.id is not None:
                if ds.factors[used.id].rung == LOWER_BOUND_RUNG:
                    found.append(f"{hid}: {used.id}")
    return found


def test_every_accelerator_and_accelerated_instance_computes_by_default(
    catalog: dict[str, Any],
) -> None:
    failures = _default_failures(catalog["dataset"])
    assert not failures, f"{len(failures)} fail, e.g.:\n" + "\n".join(failures[:40])


def test_no_default_embodied_value_is_a_lower_bound(catalog: dict[str, Any]) -> None:
    assert lower_bound_defaults(catalog["dataset"]) == []


def test_the_lower_bound_check_can_fail() -> None:
    # A model whose only embodied figure is a lower bound: either it is refused (no
    # default) or the check above reports it; it is never silently a default.
    snap = {
        "sources": [{"id": "s"}],
        "hardware": [{"id": "g", "name": "G", "category": "gpu", "vendor": "v"}],
        "factors": [
            {"id": "power:g:2024:s", "kind": "power", "subject": "g", "year": 2024,
             "value": 100.0, "unit": "W", "basis": "tdp", "source": "s"},
            {"id": "embodied:g:2024:s", "kind": "embodied", "subject": "g", "year": 2024,
             "value": 20.0, "unit": "kgCO2e", "basis": "manufacturing", "source": "s",
             "rung": LOWER_BOUND_RUNG},
            {"id": "lifetime:category:gpu:2024:s", "kind": "lifetime", "subject": "category:gpu",
             "year": 2024, "value": 5.0, "unit": "years", "source": "s"},
        ],
    }  # fmt: skip
    ds = Dataset.from_snapshot(snap)
    try:
        cf.footprint(hardware=[{"model": "g"}], hours=1.0, grid_intensity=1, dataset=ds)
    except CarbonFactorsError:
        return  # the engine refuses a lower bound as a default: fine
    assert lower_bound_defaults(ds) == ["g: embodied:g:2024:s"]
