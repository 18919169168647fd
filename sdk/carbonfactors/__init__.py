"""carbonfactors: cited, versioned carbon factors for computing, and footprints from them.

    import carbonfactors
    fp = carbonfactors.footprint(
        hardware=[{"model": "nvidia-a100-sxm4-80gb", "count": 8, "utilization": 0.7}],
        hours=24, location="gcp:europe-west1",
    )
    fp.total_kgco2e, fp.to_dict(), print(fp.explain())

Everything runs offline on a dataset snapshot: the one bundled in the package by default,
or any snapshot passed as ``dataset=`` (``load_dataset(path)`` or
``Dataset.from_snapshot(dict)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .compare import Comparison, Scenario
from .compare import compare as _compare
from .dataset import Dataset, Factor, Resolution, load_dataset
from .engine import Footprint, JobError, Planner, UsedFactor, compute
from .errors import (
    CarbonFactorsError,
    DatasetError,
    FactorNotFound,
    InvalidInput,
    NotFound,
    UnknownVersion,
)
from .jobs import HardwareItem, Job, parse_job

__version__ = "0.1.0"

__all__ = [
    "CarbonFactorsError",
    "Comparison",
    "Dataset",
    "DatasetError",
    "Factor",
    "FactorNotFound",
    "Footprint",
    "HardwareItem",
    "InvalidInput",
    "Job",
    "JobError",
    "NotFound",
    "Resolution",
    "Scenario",
    "UnknownVersion",
    "UsedFactor",
    "__version__",
    "compare",
    "footprint",
    "footprints",
    "load_dataset",
    "parse_job",
]


def _dataset(dataset: Dataset | None) -> Dataset:
    return load_dataset() if dataset is None else dataset


def footprint(
    job: Mapping[str, Any] | Job | None = None,
    /,
    *,
    dataset: Dataset | None = None,
    **fields: Any,
) -> Footprint:
    """Footprint of one job, given as a document (``footprint(doc)``) or keywords
    (``footprint(**doc)``). Raises a ``CarbonFactorsError`` subclass naming the field."""
    if job is not None and fields:
        raise InvalidInput("give the job as one document or as keywords, not both", field="job")
    parsed = parse_job(fields if job is None else job)
    return Planner.of(_dataset(dataset)).footprint(parsed)


def footprints(
    jobs: Iterable[Mapping[str, Any] | Job], *, dataset: Dataset | None = None
) -> list[Footprint | JobError]:
    """Footprints of many jobs, in order. A bad job yields a ``JobError`` in its place
    (``.ok`` is False, ``.to_dict()`` names the field) and the others are still computed.

    Resolutions are shared across the batch (and later calls on the same dataset), so
    thousands of jobs cost little. The garbage collector is left alone (it is process-wide
    state: pausing it here would pause it for every other thread of the program).
    """
    planner = Planner.of(_dataset(dataset))
    out: list[Footprint | JobError] = []
    append = out.append
    site, plans, parse, ds = planner.site, planner.plans, parse_job, planner.ds
    for i, doc in enumerate(jobs):
        try:
            job = parse(doc)
            append(compute(job, ds, site(job), plans(job)))
        except CarbonFactorsError as exc:
            append(JobError(i, exc.with_traceback(None)))
    return out


def compare(
    job: Mapping[str, Any] | Job,
    locations: str | Iterable[str],
    *,
    years: Sequence[int | None] | None = None,
    dataset: Dataset | None = None,
) -> Comparison:
    """The same job across ``locations`` (ids, or a provider such as ``"aws"`` for all its
    regions) and ``years`` (default: the job's year), ranked by total carbon."""
    return _compare(job, locations, _dataset(dataset), years)
