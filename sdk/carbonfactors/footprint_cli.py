"""``carbonfactors footprint`` and ``carbonfactors compare``: the engine from the shell.

The job is the same JSON document as for the Python API (a file, ``-`` for stdin), a JSON
list of jobs, or is built from flags. A CSV or Parquet file of many jobs takes the one bulk
path, the frame kernel (``FILE.csv`` is ``--from csv FILE.csv``): one schema, one speed. The
JSON printed is exactly ``Footprint.to_dict()``, computed offline by the engine, or by the
service with ``--url`` (the same engine), so the CLI and the API give identical numbers.
Exit codes: 0 done, 1 a job or the dataset was rejected (the message names the field),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .cli_common import FOOTPRINT_COLUMNS, client_for, dump_json, fail, print_rows, progress
from .dataset import Dataset, load_dataset
from .errors import CarbonFactorsError, InvalidInput
from .results import flat_row

DATASET_ENV = "CARBONFACTORS_DATASET"
#: Jobs computed between two updates of the progress bar (and per request online).
CHUNK = 1000


def _dataset(args: argparse.Namespace) -> Dataset:
    path = args.dataset or os.environ.get(DATASET_ENV) or None
    if path is not None:
        return load_dataset(path)
    return load_dataset(
        version=getattr(args, "dataset_version", None), bundle=getattr(args, "bundle", None)
    )


def _bulk_dataset(args: argparse.Namespace) -> Dataset:
    """The dataset a ``--from`` log is computed on. With a service (``--url``), the service's
    own (version, bundle) is fetched once (``sync``, checksum verified) and the frame kernel
    computes every row locally: the same numbers the service gives, without sending the log."""
    if not _online(args):
        return _dataset(args)
    client = client_for(args)
    got = client.sync(getattr(args, "dataset_version", None))
    return load_dataset(version=got.version, cache_dir=client.cache_dir, bundle=got.bundle)


def _online(args: argparse.Namespace) -> bool:
    """True when the service computes (a URL, not --offline, no local --dataset file)."""
    if args.offline or args.dataset or os.environ.get(DATASET_ENV):
        return False
    return bool(args.url or os.environ.get("CARBONFACTORS_URL"))


def _read_job(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read job file {path}: {exc.strerror}", field="job") from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"job file {path} is not valid JSON: {exc}", field="job") from exc


def _job_from_flags(args: argparse.Namespace) -> dict[str, Any]:
    job: dict[str, Any] = {}
    if args.model or args.power_w is not None:
        item: dict[str, Any] = {"count": args.count}
        if args.model:
            item["model"] = args.model
        for key in ("utilization", "power_w", "embodied_kgco2e", "lifetime_years", "in_use_share"):
            val = getattr(args, key)
            if val is not None:
                item[key] = val
        job["hardware"] = [item]
    for key in (
        "hours",
        "energy_kwh",
        "location",
        "year",
        "basis",
        "grid_intensity",
        "functional_units",
    ):
        val = getattr(args, key, None)
        if val is not None:
            job[key] = val
    if args.pue is not None:
        job["pue"] = _number_or_text(args.pue)
    if args.no_embodied:
        job["include_embodied"] = False
    return job


def _number_or_text(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _configure_job(p: argparse.ArgumentParser, *, with_location: bool = True) -> None:
    p.add_argument(
        "job", nargs="?", help="job document (JSON file, '-' for stdin); or use the flags"
    )
    p.add_argument("--dataset", help=f"snapshot file (default: ${DATASET_ENV} or the bundled one)")
    g = p.add_argument_group("job flags (one hardware line), used when no JOB file is given")
    g.add_argument("--model", help="hardware or cloud-instance id, or an alias")
    g.add_argument("--count", type=int, default=1)
    g.add_argument("--utilization", type=float)
    g.add_argument("--power-w", type=float, dest="power_w")
    g.add_argument("--embodied-kgco2e", type=float, dest="embodied_kgco2e")
    g.add_argument("--lifetime-years", type=float, dest="lifetime_years")
    g.add_argument("--in-use-share", type=float, dest="in_use_share")
    g.add_argument("--hours", type=float)
    g.add_argument("--energy-kwh", type=float, dest="energy_kwh")
    if with_location:
        g.add_argument("--location", help="grid zone or cloud region (FR, gcp:europe-west1)")
        g.add_argument("--year", type=int)
    g.add_argument("--basis", help="grid basis: lifecycle (default), direct, marginal")
    g.add_argument("--pue", help="a number, or an operator/campus id")
    g.add_argument("--grid-intensity", type=float, dest="grid_intensity", help="gCO2e/kWh")
    g.add_argument("--no-embodied", action="store_true", help="exclude embodied carbon")
    g.add_argument("--functional-units", type=float, dest="functional_units", help="for SCI")


def _job(args: argparse.Namespace) -> Any:
    if args.job:
        return _read_job(args.job)
    job = _job_from_flags(args)
    if not job:
        table = ", a CSV or Parquet of jobs" if hasattr(args, "from_format") else ""
        raise InvalidInput(
            f"no job: give a job document (a JSON file, '-' for stdin){table}, or flags "
            "such as --model H100 --hours 10 (see --help)",
            field="job",
        )
    return job


def configure_footprint(p: argparse.ArgumentParser) -> None:
    from .frame_cli import add_bulk_arguments

    _configure_job(p)
    p.add_argument(
        "--explain", action="store_true", help="show the arithmetic line by line (offline)"
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default=None,
        help="output format (default: json for job documents, csv for a CSV/Parquet of jobs)",
    )
    add_bulk_arguments(p)


#: Columns of the table and CSV outputs (``cli_common.FOOTPRINT_COLUMNS``).
BATCH_COLUMNS = FOOTPRINT_COLUMNS


def _batch(jobs: list[Any], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Result documents of many jobs, in chunks (one request each online), with progress."""
    from . import footprints

    client = client_for(args) if _online(args) else None
    ds = None if client is not None else _dataset(args)
    bar = progress(len(jobs)) if len(jobs) > CHUNK else None
    out: list[dict[str, Any]] = []
    try:
        for start in range(0, len(jobs), CHUNK):
            chunk = jobs[start : start + CHUNK]
            if client is not None:
                docs = [r.to_dict() for r in client.footprints(chunk)]
            else:
                docs = [r.to_dict() for r in footprints(chunk, dataset=ds)]
            for i, doc in enumerate(docs):
                if "error" in doc:
                    doc["index"] = start + i
            out.extend(docs)
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    return out


def is_table_file(path: str | None) -> bool:
    """A CSV or Parquet file of jobs (read by the frame kernel, not as a JSON document)."""
    return bool(path) and str(path).lower().endswith((".csv", ".parquet", ".pq"))


def _row(index: int, doc: dict[str, Any]) -> dict[str, Any]:
    err = doc.get("error")
    return {**flat_row(doc), "index": index, "ok": not err, "error": (err or {}).get("detail")}


def run_footprint(args: argparse.Namespace) -> int:
    from . import footprint, footprints

    try:
        if not args.from_format and is_table_file(args.job):
            args.from_format = "csv"  # one CSV path: the frame kernel's
        if args.from_format:
            from .frame_cli import run_bulk

            return run_bulk(args, _bulk_dataset(args))
        job = _job(args)
        if args.explain:
            ds = _dataset(args)
            if isinstance(job, list):
                for i, r in enumerate(footprints(job, dataset=ds)):
                    print(f"# job {i}")
                    print(r.explain() if r.ok else f"error: {r.to_dict()['error']['detail']}")  # type: ignore[union-attr]
                return 0
            sys.stdout.write(footprint(job, dataset=ds).explain())
            return 0
        fmt = args.format or "json"
        if isinstance(job, list):
            docs = _batch(job, args)
            if fmt == "json":
                dump_json(docs)
            else:
                print_rows(
                    [_row(i, d) for i, d in enumerate(docs)],
                    BATCH_COLUMNS,
                    fmt,
                    footnotes="warnings",
                )
            return 0 if all("error" not in d for d in docs) else 1
        if _online(args):
            doc = client_for(args).footprint(job).to_dict()
        else:
            doc = footprint(job, dataset=_dataset(args)).to_dict()
    except CarbonFactorsError as exc:
        return fail("footprint", exc)
    if (args.format or "json") == "json":
        dump_json(doc)
    else:
        print_rows([_row(0, doc)], BATCH_COLUMNS, args.format, footnotes="warnings")
    return 0


def configure_export(p: argparse.ArgumentParser) -> None:
    from . import frame_cli

    frame_cli.configure_export(p)


def run_export(args: argparse.Namespace) -> int:
    from . import frame_cli

    return frame_cli.run_export(args)


def configure_compare(p: argparse.ArgumentParser) -> None:
    _configure_job(p, with_location=False)
    p.add_argument(
        "--locations",
        required=True,
        help="comma-separated zones/regions, or a provider (aws, gcp, azure) for all its regions",
    )
    p.add_argument("--years", help="comma-separated years (default: the job's year or latest)")
    p.add_argument("--json", action="store_true", help="print the full comparison as JSON")


def run_compare(args: argparse.Namespace) -> int:
    from . import compare

    try:
        ds = _dataset(args)
        job = _job(args)
        years: list[int | None] | None = None
        if args.years:
            try:
                years = [int(y) for y in args.years.split(",") if y.strip()]
            except ValueError:
                raise InvalidInput("--years: comma-separated integers", field="years") from None
        locations = [x.strip() for x in args.locations.split(",") if x.strip()]
        result = compare(job, locations, years=years, dataset=ds)
    except CarbonFactorsError as exc:
        return fail("compare", exc)
    if args.json:
        dump_json(result.to_dict())
    else:
        sys.stdout.write(result.table())
    return 0
