"""Scenarios: the same job across locations (or a provider's every region) and years.

Each scenario is computed by the very same engine as a single footprint and keeps its
receipt; rows are ranked by total carbon. A location that cannot be computed (no factor
for that year, say) is listed with its error after the ranked rows instead of failing the
whole comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .dataset import Dataset
from .engine import Footprint, JobError, Planner
from .errors import CarbonFactorsError, InvalidInput
from .jobs import Job, parse_job


@dataclass(frozen=True)
class Scenario:
    location: str
    year: int | None
    result: Footprint | JobError

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"location": self.location, "year": self.year}
        if isinstance(self.result, Footprint):
            out["total_kgco2e"] = self.result.total_kgco2e
            out["result"] = self.result.to_dict()
        else:
            out["error"] = self.result.to_dict()["error"]
        return out


@dataclass(frozen=True)
class Comparison:
    """Scenarios ranked by total (lowest first); failed ones listed in ``errors``."""

    ranked: tuple[Scenario, ...]
    errors: tuple[Scenario, ...]
    dataset_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset_version": self.dataset_version,
            "ranking": [dict(s.to_dict(), rank=i + 1) for i, s in enumerate(self.ranked)],
            "errors": [s.to_dict() for s in self.errors],
        }

    def to_dataframe(self) -> Any:
        """The ranking as a pandas DataFrame (one row per scenario); needs pandas."""
        from .results import to_dataframe

        rows = []
        for i, s in enumerate(self.ranked):
            fp = s.result
            assert isinstance(fp, Footprint)
            rows.append(
                {
                    "rank": i + 1,
                    "location": s.location,
                    "year": s.year,
                    "total_kgco2e": fp.total_kgco2e,
                    "total_kgco2e_low": fp.low_values[4],
                    "total_kgco2e_high": fp.high_values[4],
                    "operational_kgco2e": fp.operational_kgco2e,
                    "embodied_kgco2e": fp.embodied_kgco2e,
                    "energy_kwh": fp.energy_kwh,
                    "dataset_version": self.dataset_version,
                    "warnings": "; ".join(fp.warnings) or None,
                }
            )
        return to_dataframe(rows)

    def table(self) -> str:
        """A plain-text ranking, one scenario per line."""
        from .explain import n

        lines = [f"{'rank':>4}  {'location':<28} {'year':>6}  {'total kgCO2e':>14}  low .. high"]
        notes: dict[str, int] = {}  # warnings, as numbered footnotes
        for i, s in enumerate(self.ranked):
            fp = s.result
            assert isinstance(fp, Footprint)
            year = "latest" if s.year is None else str(s.year)
            marks = "".join(f" [{notes.setdefault(w, len(notes) + 1)}]" for w in fp.warnings)
            lines.append(
                f"{i + 1:>4}  {s.location:<28} {year:>6}  {n(fp.total_kgco2e):>14}  "
                f"{n(fp.low_values[4])} .. {n(fp.high_values[4])}{marks}"
            )
        for s in self.errors:
            assert isinstance(s.result, JobError)
            lines.append(
                f"   -  {s.location:<28} {str(s.year or 'latest'):>6}  error: {s.result.error}"
            )
        lines.append(f"dataset {self.dataset_version}")
        lines += [f"[{k}] {w}" for w, k in notes.items()]
        return "\n".join(lines) + "\n"


def expand_locations(ds: Dataset, locations: str | Iterable[str]) -> list[str]:
    """A provider name (``aws``) means every region of it; other strings are locations."""
    names = [locations] if isinstance(locations, str) else list(locations)
    out: list[str] = []
    providers = set(ds.providers())
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(
                "locations: each entry must be a non-empty string", field="locations"
            )
        if name in providers and name not in ds.zones:
            out.extend(ds.regions(name))
        else:
            out.append(name)
    if not out:
        raise InvalidInput("locations: give at least one location or provider", field="locations")
    return list(dict.fromkeys(out))


def compare(
    job: Mapping[str, Any] | Job,
    locations: str | Iterable[str],
    ds: Dataset,
    years: Sequence[int | None] | None = None,
) -> Comparison:
    base = job.to_dict() if isinstance(job, Job) else dict(job)
    base.pop("location", None)
    if years is None:
        years = [base.get("year")]
    planner = Planner.of(ds)
    ranked: list[Scenario] = []
    failed: list[Scenario] = []
    for loc in expand_locations(ds, locations):
        for year in years:
            doc = dict(base, location=loc)
            if year is None:
                doc.pop("year", None)
            else:
                doc["year"] = year
            parsed = parse_job(doc)  # a bad job is the caller's error, not a scenario's
            try:
                ranked.append(Scenario(loc, year, planner.footprint(parsed)))
            except CarbonFactorsError as exc:
                failed.append(Scenario(loc, year, JobError(len(ranked) + len(failed), exc)))
    ranked.sort(key=lambda s: (s.result.total_kgco2e, s.location, s.year or 0))  # type: ignore[union-attr]
    return Comparison(tuple(ranked), tuple(failed), ds.version)
