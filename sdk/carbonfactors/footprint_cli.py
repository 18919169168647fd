"""``carbonfactors footprint`` and ``carbonfactors compare``: the engine from the shell.

The job is the same JSON document as for the Python API (a file, ``-`` for stdin) or is
built from flags; the JSON printed is exactly ``Footprint.to_dict()``, so the CLI and the
API give identical numbers. Exit codes: 0 done, 1 the job or dataset was rejected (the
message names the field), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .cli import USER_COMMANDS
from .dataset import Dataset, load_dataset
from .errors import CarbonFactorsError, InvalidInput

DATASET_ENV = "CARBONFACTORS_DATASET"


def _dataset(args: argparse.Namespace) -> Dataset:
    path = args.dataset or os.environ.get(DATASET_ENV) or None
    return load_dataset(path)


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
    return _read_job(args.job) if args.job else _job_from_flags(args)


def _fail(command: str, exc: CarbonFactorsError) -> int:
    where = f" [{exc.field}]" if exc.field and exc.field not in exc.message else ""
    print(f"carbonfactors {command}: {exc.message}{where}", file=sys.stderr)
    return 1


def _dump(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False))


def configure_footprint(p: argparse.ArgumentParser) -> None:
    from .frame_cli import add_bulk_arguments

    _configure_job(p)
    p.add_argument("--explain", action="store_true", help="show the arithmetic line by line")
    add_bulk_arguments(p)


def run_footprint(args: argparse.Namespace) -> int:
    from . import footprint, footprints

    try:
        ds = _dataset(args)
        if args.from_format:
            from .frame_cli import run_bulk

            return run_bulk(args, ds)
        job = _job(args)
        if isinstance(job, list):
            results = footprints(job, dataset=ds)
            if args.explain:
                for i, r in enumerate(results):
                    print(f"# job {i}")
                    print(r.explain() if r.ok else f"error: {r.to_dict()['error']}")  # type: ignore[union-attr]
            else:
                _dump([r.to_dict() for r in results])
            return 0 if all(r.ok for r in results) else 1
        fp = footprint(job, dataset=ds)
    except CarbonFactorsError as exc:
        return _fail("footprint", exc)
    if args.explain:
        sys.stdout.write(fp.explain())
    else:
        _dump(fp.to_dict())
    return 0


def _export_configure(p: argparse.ArgumentParser) -> None:
    from .frame_cli import configure_export

    configure_export(p)


def _export_run(args: argparse.Namespace) -> int:
    from .frame_cli import run_export

    return run_export(args)


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
        return _fail("compare", exc)
    if args.json:
        _dump(result.to_dict())
    else:
        sys.stdout.write(result.table())
    return 0


USER_COMMANDS["footprint"] = (
    "footprint of a job (JSON file or flags), with its receipt",
    (configure_footprint, run_footprint),
)
USER_COMMANDS["export"] = (
    "write a dataset's factor tables as Parquet/CSV with provenance, for SQL joins",
    (_export_configure, _export_run),
)
USER_COMMANDS["compare"] = (
    "the same job across locations/providers and years, ranked",
    (configure_compare, run_compare),
)
