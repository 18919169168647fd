"""One version, one answer (issue 19): a table of jobs through every path, for each bundle.

The wheel and the ``carbonfactors[full]`` data distribution are built once and installed in
a fresh venv, as a user would; the service is the real one (gunicorn, the database built
from ``factors/``). Each job of the table goes through the installed package's
``footprint()``, the ``Client`` offline, online and after ``sync()``, the CLI offline and
with ``--url``, and ``POST /v1/footprint``, for ``bundle=open`` and ``bundle=full`` of the
latest release, and every path must give the same numbers and the same
``(dataset_version, bundle, bundle_sha256)`` label (or, for a job a bundle cannot compute,
the same error). The table: an 8x H100 node in aws:us-east-1, a TPU v5p slice in
gcp:us-central1, CPU servers read from a Slurm log (2x EPYC), a storage line, and a zone
only the full bundle has values for.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from _installed import ROOT
from _installed import run_cmd as run

pytestmark = pytest.mark.slow

BUNDLES = ("open", "full")
MANIFEST = json.loads((ROOT / "factors" / "releases" / "manifest.json").read_text())
LATEST = MANIFEST["releases"][-1]["version"]
#: The numbers and labels every path must agree on.
KEYS = (
    "total_kgco2e",
    "operational_kgco2e",
    "embodied_kgco2e",
    "energy_kwh",
    "grid_intensity",
    "dataset_version",
    "bundle",
    "bundle_sha256",
)

SACCT = (
    "JobID|JobName|Cluster|Partition|Start|End|Elapsed|ElapsedRaw|AllocTRES|NodeList|"
    "ConsumedEnergyRaw|State\n"
    "2001|sim|hpc|cpu|2024-05-02T08:00:00|2024-05-03T08:00:00|1-00:00:00|86400|"
    "billing=128,cpu=128,mem=512G,node=1|c001||COMPLETED\n"
)
SITE = {
    "default_cluster": "hpc",
    "clusters": {
        "hpc": {
            "location": "DE",
            "pue": 1.3,
            "partitions": {"*": {"cpu_model": "amd-epyc-7763", "cpu_cores": 64}},
        }
    },
}


def slurm_job(tmp: Path) -> dict[str, Any]:
    """The Slurm log's one job as a job document: read by the repository's own sacct reader
    (a 128-core allocation on 64-core EPYC sockets = 2 sockets for 24 h)."""
    from carbonfactors.readers import read_log

    (tmp / "sacct.txt").write_text(SACCT, encoding="utf-8")
    (tmp / "site.json").write_text(json.dumps(SITE), encoding="utf-8")
    [row] = read_log("sacct", str(tmp / "sacct.txt"), site=str(tmp / "site.json")).to_dict(
        "records"
    )
    assert (row["model"], row["count"], row["hours"]) == ("amd-epyc-7763", 2.0, 24.0)
    return {
        "hardware": [{"model": row["model"], "count": row["count"]}],
        "hours": row["hours"],
        "location": row["location"],
        "pue": row["pue"],
        "year": int(row["year"]),
    }


def jobs(tmp: Path) -> dict[str, dict[str, Any]]:
    return {
        "h100-node": {
            "hardware": [{"model": "H100 SXM", "count": 8}],
            "hours": 100,
            "location": "aws:us-east-1",
            "year": 2025,
        },
        "tpu-v5p-slice": {
            "hardware": [{"model": "TPU v5p", "count": 64}],
            "hours": 100,
            "location": "gcp:us-central1",
            "year": 2024,
        },
        "slurm-2x-epyc": slurm_job(tmp),
        "storage": {
            "hardware": [{"model": "seagate-exos-x12-st12000nm0007-12tb", "count": 12}],
            "hours": 720,
            "location": "FR",
            "year": 2024,
        },
        "full-only-zone": {"energy_kwh": 1000, "location": "US-NW-BPAT", "year": 2024, "pue": 1.0},
    }


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    """What must be equal across paths: the numbers and labels, or the error's detail."""
    if "error" in doc or "detail" in doc:
        err = doc.get("error", doc)
        return {"error": err["detail"] if isinstance(err, dict) else str(err)}
    return {k: doc.get(k) for k in KEYS}


#: Run in the fresh venv: the installed package's own paths, printed as JSON.
VENV_SCRIPT = r"""
import json, sys
import carbonfactors as cf

url, version, jobs_file, cache = sys.argv[1:5]
jobs = json.load(open(jobs_file))
KEYS = KEYS_HERE

def doc(call):
    try:
        d = call().to_dict()
    except cf.CarbonFactorsError as exc:
        return {"error": exc.message}
    return {k: d.get(k) for k in KEYS}

out = {}
for b in ("open", "full"):
    offline = cf.Client(offline=True, version=version, bundle=b, cache_dir=cache + "-empty")
    online = cf.Client(url, version=version, bundle=b, cache_dir=cache, strict=True)
    for name, job in jobs.items():
        out[f"{name}|{b}|wheel footprint()"] = doc(lambda: cf.footprint(job, bundle=b))
        out[f"{name}|{b}|Client offline"] = doc(lambda: offline.footprint(job))
        out[f"{name}|{b}|Client online"] = doc(lambda: online.footprint(job))
    got = online.sync(version, bundle=b)
    assert (got.version, got.bundle) == (version, b), got
    synced = cf.Client(offline=True, version=version, bundle=b, cache_dir=cache)
    for name, job in jobs.items():
        out[f"{name}|{b}|Client after sync"] = doc(lambda: synced.footprint(job))
print(json.dumps(out))
""".replace("KEYS_HERE", repr(KEYS))


def post_footprint(url: str, job: dict[str, Any], bundle: str) -> dict[str, Any]:
    req = urllib.request.Request(
        f"{url}/v1/footprint?version={LATEST}&bundle={bundle}",
        data=json.dumps(job).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return dict(json.load(resp))
    except urllib.error.HTTPError as exc:
        return dict(json.load(exc))


def cli_batch(venv: Path, tmp: Path, table: dict[str, Any], bundle: str, *online: str) -> Any:
    """The CLI on the whole table at once (a JSON list of job documents)."""
    path = tmp / "jobs.json"
    path.write_text(json.dumps(list(table.values())), encoding="utf-8")
    where = list(online) or ["--offline"]
    out = run(
        venv / "bin" / "carbonfactors",
        "footprint",
        path,
        "--bundle",
        bundle,
        "--dataset-version",
        LATEST,
        *where,
        cwd=tmp,
        env={"PATH": str(venv / "bin"), "HOME": str(tmp), "CARBONFACTORS_CACHE_DIR": str(tmp)},
    )
    assert out.returncode in (0, 1), out.stderr[-2000:]
    return dict(zip(table, json.loads(out.stdout), strict=True))


@pytest.fixture(scope="module")
def table(
    full_venv: Path, live_server: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], dict[tuple[str, str], dict[str, dict[str, Any]]]]:
    """{(job, bundle): {path: summary}} for every job, bundle and path."""
    server = live_server
    tmp = tmp_path_factory.mktemp("parity")
    table_jobs = jobs(tmp)
    (tmp / "table.json").write_text(json.dumps(table_jobs), encoding="utf-8")
    env = {"PATH": str(full_venv / "bin"), "HOME": str(tmp), "CARBONFACTORS_CACHE_DIR": str(tmp)}
    code = VENV_SCRIPT
    got = run(
        full_venv / "bin" / "python",
        "-c",
        code,
        server,
        LATEST,
        tmp / "table.json",
        tmp / "cache",
        cwd=tmp,
        env=env,
    )
    assert got.returncode == 0, got.stderr[-3000:]
    results: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for key, doc in json.loads(got.stdout).items():
        name, bundle, path = key.split("|")
        results.setdefault((name, bundle), {})[path] = doc
    for bundle in BUNDLES:
        for mode, extra in (("CLI offline", ()), ("CLI --url", ("--url", server))):
            for name, doc in cli_batch(full_venv, tmp, table_jobs, bundle, *extra).items():
                results[(name, bundle)][mode] = summary(doc)
        for name, job in table_jobs.items():
            doc = post_footprint(server, job, bundle)
            results[(name, bundle)]["POST /v1/footprint"] = summary(doc)
    return table_jobs, results


@pytest.mark.parametrize("bundle", BUNDLES)
@pytest.mark.parametrize(
    "name", ["h100-node", "tpu-v5p-slice", "slurm-2x-epyc", "storage", "full-only-zone"]
)
def test_every_path_gives_the_same_answer(
    table: tuple[dict[str, Any], dict[tuple[str, str], dict[str, dict[str, Any]]]],
    name: str,
    bundle: str,
) -> None:
    _, results = table
    paths = results[(name, bundle)]
    assert len(paths) == 7, sorted(paths)
    answers = {json.dumps(v, sort_keys=True) for v in paths.values()}
    assert len(answers) == 1, json.dumps(paths, indent=1)
    answer = next(iter(paths.values()))
    if "error" not in answer:
        assert (answer["dataset_version"], answer["bundle"]) == (LATEST, bundle)
        assert len(answer["bundle_sha256"]) == 64


def test_the_table_computes_and_the_bundles_differ_only_where_they_should(
    table: tuple[dict[str, Any], dict[tuple[str, str], dict[str, dict[str, Any]]]],
) -> None:
    _, results = table
    # The table itself, for the reader of a run (pytest -rP): job x bundle -> the answer.
    for (name, bundle), paths in sorted(results.items()):
        a = paths["POST /v1/footprint"]
        shown = a.get("error") or f"{a['total_kgco2e']:.3f} kgCO2e"
        print(f"{name:16} {bundle:5} {len(paths)} paths: {shown}")

    def answer(name: str, bundle: str) -> dict[str, Any]:
        return results[(name, bundle)]["POST /v1/footprint"]

    for name in ("h100-node", "tpu-v5p-slice", "full-only-zone"):
        for bundle in BUNDLES:
            assert "error" not in answer(name, bundle), (name, bundle, answer(name, bundle))
    for name in ("slurm-2x-epyc", "storage"):
        assert "error" not in answer(name, "full"), (name, answer(name, "full"))
    # One release, two bundles: two checksums, each the same on every job.
    shas = {
        b: {answer(n, b).get("bundle_sha256") for n in ("h100-node", "full-only-zone")}
        for b in BUNDLES
    }
    assert all(len(s) == 1 for s in shas.values()) and shas["open"] != shas["full"]
    # The full-only zone: the balancing authority's own value in full; in open a wider
    # area's value (never an error), the warning says how to get the finer one.
    assert (
        answer("full-only-zone", "open")["total_kgco2e"]
        != answer("full-only-zone", "full")["total_kgco2e"]
    )


def test_open_answers_say_how_to_get_the_finer_value(full_venv: Path, tmp_path: Path) -> None:
    code = (
        "import json, carbonfactors as cf\n"
        "r = cf.footprint({'energy_kwh': 1, 'location': 'US-NW-BPAT', 'year': 2024,"
        " 'pue': 1.0}, bundle='open')\n"
        "print(json.dumps(r.to_dict()['warnings']))\n"
    )
    out = run(full_venv / "bin" / "python", "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    warnings = json.loads(out.stdout)
    assert any('pip install "carbonfactors[full]"' in w and "bundle=full" in w for w in warnings)
