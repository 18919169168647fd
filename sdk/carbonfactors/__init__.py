"""carbonfactors: cited, versioned carbon factors for computing, and footprints from them.

    import carbonfactors
    fp = carbonfactors.footprint(
        hardware=[{"model": "nvidia-a100-sxm4-80gb", "count": 8, "utilization": 0.7}],
        hours=24, location="gcp:europe-west1",
    )
    fp.total_kgco2e, fp.to_dict(), print(fp.explain())

Everything runs offline on a dataset snapshot: the newest local one by default (a release
synced with ``carbonfactors sync`` / ``Client.sync()``, else the one bundled in the package),
a release pinned with ``version="2026.11"``, or any snapshot passed as ``dataset=``
(``load_dataset(path)`` or ``Dataset.from_snapshot(dict)``).

``carbonfactors.Client`` talks to the HTTP service (fetch, pin, sync, cache).

``import carbonfactors`` imports only the exceptions: the engine, the dataset, the client
(and ``requests``) are imported on first use (PEP 562), so a tool that imports the SDK and
never computes pays almost nothing (see ``benchmarks/sdk.py``).
"""

from __future__ import annotations

from .errors import (
    AmbiguousName,
    CarbonFactorsError,
    DatasetError,
    FactorNotFound,
    HardwareNotFound,
    InvalidInput,
    NotFound,
    OperatorNotFound,
    ServiceError,
    ServiceUnavailable,
    TooManyRequests,
    UnknownVersion,
    ZoneNotFound,
)

TYPE_CHECKING = False  # typing itself is not imported at run time (it costs milliseconds)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any

    from .client import Client, OfflineFallbackWarning
    from .comparison import Comparison, Scenario
    from .dataset import Dataset, Factor, Resolution, load_dataset
    from .engine import Footprint, JobError, UsedFactor
    from .jobs import HardwareItem, Job, parse_job
    from .providers import Provider
    from .results import (
        Changes,
        FactorRecord,
        FootprintFailure,
        FootprintResult,
        HardwareRecord,
        Resolved,
        SourceRecord,
        SyncResult,
        VersionInfo,
        ZoneRecord,
    )
    from .starts import StartRanking

#: Imported on first access (PEP 562): name -> module of the package.
_LAZY = {
    "Comparison": "comparison",
    "Scenario": "comparison",
    "Dataset": "dataset",
    "Factor": "dataset",
    "Resolution": "dataset",
    "load_dataset": "dataset",
    "Footprint": "engine",
    "JobError": "engine",
    "Planner": "engine",
    "UsedFactor": "engine",
    "HardwareItem": "jobs",
    "Job": "jobs",
    "parse_job": "jobs",
    "Client": "client",
    "OfflineFallbackWarning": "client",
    "FactorRecord": "results",
    "ZoneRecord": "results",
    "HardwareRecord": "results",
    "SourceRecord": "results",
    "Resolved": "results",
    "VersionInfo": "results",
    "Changes": "results",
    "SyncResult": "results",
    "FootprintResult": "results",
    "FootprintFailure": "results",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'carbonfactors' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "AmbiguousName",
    "CarbonFactorsError",
    "Changes",
    "Client",
    "FactorRecord",
    "FootprintFailure",
    "FootprintResult",
    "HardwareNotFound",
    "HardwareRecord",
    "OfflineFallbackWarning",
    "OperatorNotFound",
    "Resolved",
    "ServiceError",
    "ServiceUnavailable",
    "SourceRecord",
    "SyncResult",
    "TooManyRequests",
    "VersionInfo",
    "ZoneNotFound",
    "ZoneRecord",
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


def _dataset(
    dataset: Dataset | None, version: str | None = None, bundle: str | None = None
) -> Dataset:
    """The dataset to compute on: the one given, else the local one (pinned or newest; of
    ``bundle`` when given: ``open`` the wheel's, ``full`` the ``carbonfactors[full]`` data)."""
    from .dataset import load_dataset

    if dataset is not None:
        if version is not None and dataset.version != version:
            raise InvalidInput(
                f"dataset is version {dataset.version} but version={version} was asked for",
                field="version",
            )
        if bundle is not None and dataset.bundle != bundle:
            raise InvalidInput(
                f"dataset is bundle {dataset.bundle} but bundle={bundle} was asked for",
                field="bundle",
            )
        return dataset
    return load_dataset(version=version, bundle=bundle)


def footprint(
    job: Mapping[str, Any] | Job | None = None,
    /,
    *,
    dataset: Dataset | None = None,
    version: str | None = None,
    bundle: str | None = None,
    provider: Provider | None = None,
    **fields: Any,
) -> Footprint:
    """Footprint of one job, given as a document (``footprint(doc)``) or keywords
    (``footprint(**doc)``), on the newest local dataset or the release ``version`` (of
    ``bundle``, ``open`` or ``full``, when given). A timed job (``start``/``end``) takes its
    intensity from a live ``provider`` (``carbonfactors.providers``) when one is given,
    else from the dataset's series. Raises a ``CarbonFactorsError`` subclass naming the
    field."""
    if job is not None and fields:
        raise InvalidInput(
            f"give the job as one document or as keywords, not both (got keywords: "
            f"{', '.join(sorted(fields))}; pin the dataset with version=, dataset=)",
            field="job",
        )
    from .engine import Planner
    from .jobs import parse_job
    from .jobs_quick import quick_state

    doc = fields if job is None else job
    # A plain valid document is computed from its flat state, with no Job built (as in the
    # dict batch); anything else takes the full parser. Both before the dataset is opened,
    # so a bad document is reported first.
    state = quick_state(doc) if type(doc) is dict else None
    parsed = parse_job(doc) if state is None else None
    planner = Planner.of(_dataset(dataset, version, bundle))
    if parsed is None:
        assert state is not None
        return planner.quick(state)
    return planner.footprint(parsed, provider)


def footprints(
    jobs: Iterable[Mapping[str, Any] | Job],
    *,
    dataset: Dataset | None = None,
    version: str | None = None,
    bundle: str | None = None,
    provider: Provider | None = None,
) -> list[Footprint | JobError]:
    """Footprints of many jobs, in order. A bad job yields a ``JobError`` in its place
    (``.ok`` is False, ``.to_dict()`` names the field) and the others are still computed.
    The list converts with ``to_dataframe()`` when pandas is installed.

    Resolutions are shared across the batch (and later calls on the same dataset), so
    thousands of jobs cost little. The garbage collector is left alone (it is process-wide
    state: pausing it here would pause it for every other thread of the program).
    """
    from .engine import JobError, Planner, compute
    from .jobs import parse_document, parse_job
    from .jobs_quick import quick_state
    from .results import ResultList

    planner = Planner.of(_dataset(dataset, version, bundle))
    out: list[Footprint | JobError] = ResultList()  # a list, plus to_dataframe()
    append = out.append
    site, plans, quick, ds = planner.site, planner.plans, planner.quick, planner.ds
    for i, doc in enumerate(jobs):
        try:
            # A plain valid dict is parsed to the flat state a result keeps and computed
            # from it (no Job built: fewer objects per job); anything else, and every parse
            # error, goes through the full parser.
            state = quick_state(doc) if type(doc) is dict else None
            if state is not None:
                append(quick(state))
                continue
            job = parse_document(doc) if type(doc) is dict else parse_job(doc)
            append(compute(job, ds, site(job), plans(job), provider))
        except CarbonFactorsError as exc:
            append(JobError(i, exc.with_traceback(None)))
    return out


if TYPE_CHECKING:
    from typing import overload
else:

    def overload(f):  # typing is not imported at run time (see TYPE_CHECKING above)
        return f


@overload
def compare(
    job: Mapping[str, Any] | Job,
    locations: str | Iterable[str],
    *,
    years: Sequence[int | None] | None = None,
    dataset: Dataset | None = None,
    version: str | None = None,
    starts: None = None,
    every: str | None = None,
) -> Comparison: ...
@overload
def compare(  # noqa: F811 - overloads (typing.overload under TYPE_CHECKING)
    job: Mapping[str, Any] | Job,
    locations: str | Iterable[str],
    *,
    years: Sequence[int | None] | None = None,
    dataset: Dataset | None = None,
    version: str | None = None,
    starts: tuple[str, str],
    every: str | None = None,
) -> StartRanking: ...
def compare(  # noqa: F811
    job: Mapping[str, Any] | Job,
    locations: str | Iterable[str],
    *,
    years: Sequence[int | None] | None = None,
    dataset: Dataset | None = None,
    version: str | None = None,
    starts: tuple[str, str] | None = None,
    every: str | None = None,
) -> Comparison | StartRanking:
    """The same job across ``locations`` (ids, or a provider such as ``"aws"`` for all its
    regions) and ``years`` (default: the job's year), ranked by total carbon.

    With ``starts=(window start, window end)`` (ISO 8601) and one location: the job's
    start times in the window, every ``every`` (default: the zone series' resolution),
    ranked by carbon (``carbonfactors.starts``): when to run it."""
    if starts is not None:
        from .starts import rank_starts

        if not isinstance(locations, str):
            raise InvalidInput("locations: give one location with starts=", field="locations")
        return rank_starts(job, locations, starts, _dataset(dataset, version), every)
    from .comparison import compare as _compare

    return _compare(job, locations, _dataset(dataset, version), years)
