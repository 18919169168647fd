"""The review report of a data pull request: what it changes, and what that does to footprints.

A reviewer of a factor change should read numbers, not YAML: which factors appear, move or
disappear, by how much, whether a move is large enough to need a note, whether a new value
disagrees with a second source, and — the question users actually ask — what happens to
the footprint of a few familiar jobs. The base side is read straight from git (``git
archive``), so the report needs no second checkout and works on any revision.

Percentages are guarded near zero: a move away from (almost) nothing has no meaningful
relative size, so it is reported as "from ~0" instead of an absurd percentage.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from carbonfactors import snapshot as snap
from carbonfactors.dataset import Dataset
from carbonfactors.engine import Planner
from carbonfactors.errors import CarbonFactorsError
from carbonfactors.jobs import parse_job

from . import moved_defaults
from .seriesfiles import series_changes
from .validate import DISAGREEMENT_THRESHOLD, Problem, validate_tree

#: A change whose relative size exceeds this is flagged: it needs a note on the factor.
LARGE_CHANGE = 0.25
#: A reference job whose footprint moves by more than this is flagged: say why in the PR.
JOB_CHANGE = 0.10
#: Below this magnitude a value counts as zero for percentages.
NEAR_ZERO = 1e-6
#: The fixed jobs whose footprints the report recomputes on both sides.
REFERENCE_JOBS = Path(__file__).with_name("reference_jobs.yaml")


class ReviewError(Exception):
    """The report cannot be made (unknown git revision, not a repository)."""


def relative_change(old: float, new: float) -> float | None:
    """``(new - old) / |old|``, or None when ``old`` is (nearly) zero."""
    if abs(old) < NEAR_ZERO:
        return None
    return (new - old) / abs(old)


def percent(change: float | None) -> str:
    return "from ~0" if change is None else f"{change:+.1%}"


@dataclass
class Report:
    base: str
    problems: list[Problem]
    added: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    sources_added: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    new_disagreements: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    #: Intensity series added, changed or removed (``seriesfiles.series_changes``).
    series: list[dict[str, Any]] = field(default_factory=list)
    #: Resolved defaults that moved (``moved_defaults``): old -> new, and why.
    moved: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flagged_jobs(self) -> list[dict[str, Any]]:
        """Reference jobs moved by more than ``JOB_CHANGE`` (or to/from an error)."""
        return [
            j
            for j in self.jobs
            if (j.get("change") is None and j["old"] != j["new"])
            or abs(j.get("change") or 0.0) > JOB_CHANGE
        ]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "ok": self.ok,
            "problems": [str(p) for p in self.problems],
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "sources_added": self.sources_added,
            "flagged": self.flagged,
            "new_disagreements": self.new_disagreements,
            "reference_jobs": self.jobs,
            "series": self.series,
            "flagged_jobs": self.flagged_jobs,
            "moved_defaults": self.moved,
        }


def factors_at(repo: Path, rev: str, factors_rel: str, into: Path) -> Path:
    """Extract ``factors_rel`` as it is at git revision ``rev`` into ``into``."""
    try:
        blob = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", rev, "--", factors_rel],
            check=True,
            capture_output=True,
        ).stdout
    except FileNotFoundError as exc:
        raise ReviewError("git is not installed") from exc
    except subprocess.CalledProcessError as exc:
        msg = exc.stderr.decode(errors="replace").strip()
        raise ReviewError(f"cannot read {factors_rel}/ at '{rev}': {msg}") from exc
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    return into / factors_rel


def load_reference_jobs(path: Path | None = None) -> list[dict[str, Any]]:
    data = yaml.safe_load((path or REFERENCE_JOBS).read_text(encoding="utf-8"))
    jobs: list[dict[str, Any]] = data["jobs"]
    return jobs


def _total(ds: Dataset, job: Mapping[str, Any]) -> float | str:
    try:
        return Planner.of(ds).footprint(parse_job(job)).total_kgco2e
    except CarbonFactorsError as exc:
        return f"error: {exc.message}"


def _job_effects(
    old: snap.Snapshot, new: snap.Snapshot, jobs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    ds_old = Dataset.from_snapshot(old, version="base")
    ds_new = Dataset.from_snapshot(new, version="head")
    out = []
    for ref in jobs:
        a, b = _total(ds_old, ref["job"]), _total(ds_new, ref["job"])
        row: dict[str, Any] = {"name": ref["name"], "old": a, "new": b}
        if isinstance(a, float) and isinstance(b, float):
            row["change"] = relative_change(a, b)
        out.append(row)
    return out


def _key(d: Mapping[str, Any]) -> tuple[Any, ...]:
    return (d["subject"], d["year"], d["basis"])


def compare(
    old: snap.Snapshot,
    new: snap.Snapshot,
    old_disagreements: list[dict[str, Any]],
    new_disagreements: list[dict[str, Any]],
    report: Report,
    jobs: list[dict[str, Any]],
) -> Report:
    """Fill ``report`` with the difference between two validated snapshots."""
    changes = snap.diff(old, new)
    report.added = [
        {k: f.get(k) for k in ("id", "value", "unit", "source")} for f in changes["added"]
    ]
    report.removed = [
        {k: f.get(k) for k in ("id", "value", "unit", "source")} for f in changes["removed"]
    ]
    for c in changes["changed"]:
        a, b = c["old"], c["new"]
        rel = relative_change(a["value"], b["value"]) if "value" in c["fields"] else 0.0
        row = {
            "id": c["id"],
            "old": a["value"],
            "new": b["value"],
            "unit": b["unit"],
            "fields": c["fields"],
            "change": rel,
        }
        report.changed.append(row)
        if "value" in c["fields"] and (rel is None or abs(rel) > LARGE_CHANGE):
            noted = "method" in c["fields"] or "note" in c["fields"]
            report.flagged.append({**row, "note_updated": noted})
    before = {s["id"] for s in old.get("sources", [])}
    report.sources_added = [
        {k: s.get(k) for k in ("id", "title", "license")}
        for s in new.get("sources", [])
        if s["id"] not in before
    ]
    known = {_key(d) for d in old_disagreements}
    report.new_disagreements = [d for d in new_disagreements if _key(d) not in known]
    report.jobs = _job_effects(old, new, jobs)
    report.series = series_changes(old, new)
    report.moved = moved_defaults.moved(old, new)
    return report


def review(
    repo: Path, base: str, factors_rel: str = "factors", jobs: list[dict[str, Any]] | None = None
) -> Report:
    """The report for the working tree's ``factors_rel`` against git revision ``base``."""
    head = validate_tree(repo / factors_rel)
    report = Report(base=base, problems=head.problems)
    with tempfile.TemporaryDirectory() as tmp:
        base_root = factors_at(repo, base, factors_rel, Path(tmp))  # a bad revision fails here
        if not head.ok:
            return report  # nothing to compare: the base is not validated for nothing
        # The base revision may have no factors yet: then everything is added.
        old = validate_tree(base_root) if base_root.is_dir() else None
    old_snapshot = old.snapshot if old is not None else {"factors": [], "sources": []}
    old_dis = old.disagreements if old is not None else []
    return compare(
        old_snapshot,
        head.snapshot,
        old_dis,
        head.disagreements,
        report,
        load_reference_jobs() if jobs is None else jobs,
    )


def _kg(v: float | str) -> str:
    return v if isinstance(v, str) else f"{v:,.1f} kgCO2e"


def render_markdown(r: Report, limit: int = 200) -> str:
    """The report as Markdown, fit to paste into a pull request."""
    out = [f"## carbonfactors data review (against `{r.base}`)", ""]
    if not r.ok:
        out.append(f"**Validation failed: {len(r.problems)} problem(s).**")
        out += ["", "```", *(str(p) for p in r.problems[:limit]), "```"]
        return "\n".join(out) + "\n"
    out.append(
        f"Factors: **{len(r.added)} added, {len(r.changed)} changed, {len(r.removed)} removed**; "
        f"sources added: {len(r.sources_added)}; flagged: {len(r.flagged)} factor(s), "
        f"{len(r.flagged_jobs)} reference job(s); defaults moved: {len(r.moved)}; "
        f"new disagreements: {len(r.new_disagreements)}."
    )
    out += [
        "",
        "### Effect on reference jobs",
        "",
        "| job | before | after | change |",
        "|---|---|---|---|",
    ]
    flagged_jobs = {j["name"] for j in r.flagged_jobs}
    for j in r.jobs:
        ch = percent(j["change"]) if "change" in j else "—"
        if j["name"] in flagged_jobs:
            ch = f"**{ch} flagged** (> {JOB_CHANGE:.0%}: say why in the PR)"
        out.append(f"| {j['name']} | {_kg(j['old'])} | {_kg(j['new'])} | {ch} |")
    out += moved_defaults.render(r.moved, limit)
    if r.flagged:
        out += ["", f"### Flagged: value moved more than {LARGE_CHANGE:.0%} (needs a note)", ""]
        for f in r.flagged[:limit]:
            note = "note updated" if f["note_updated"] else "**no note updated**"
            out.append(
                f"- `{f['id']}`: {f['old']:g} → {f['new']:g} {f['unit']} ({percent(f['change'])}), {note}"
            )
    if r.new_disagreements:
        out += [
            "",
            f"### New disagreements between sources (> {DISAGREEMENT_THRESHOLD:.0%})",
            "",
        ]
        for d in r.new_disagreements[:limit]:
            out.append(
                f"- {d['subject']} {d['year']} {d['basis']}: {d['low']['value']:g} "
                f"({d['low']['source']}) vs {d['high']['value']:g} ({d['high']['source']})"
            )
    if r.series:
        out += ["", "### Intensity series", ""]
        for s in r.series[:limit]:
            mean = "—" if s["mean"] is None else f"{s['mean']:.1f}"
            moved = f", {s['points_moved']} points moved" if "points_moved" in s else ""
            out.append(
                f"- `{s['id']}` {s['change']}: {s['points']} points, {s['covered']:.1%} covered, "
                f"{s['estimated']} estimated, mean {mean}{moved}"
            )
    if r.sources_added:
        out += ["", "### Sources added", ""]
        out += [f"- `{s['id']}`: {s['title']} ({s['license']})" for s in r.sources_added]
    sections = (("Added", r.added), ("Changed", r.changed), ("Removed", r.removed))
    for title, rows in sections:
        if not rows:
            continue
        out += ["", f"<details><summary>{title} ({len(rows)})</summary>", ""]
        for row in rows[:limit]:
            if title == "Changed":
                out.append(
                    f"- `{row['id']}`: {row['old']:g} → {row['new']:g} {row['unit']} "
                    f"({percent(row['change'])}; {', '.join(row['fields'])})"
                )
            else:
                out.append(f"- `{row['id']}`: {row['value']:g} {row['unit']} ({row['source']})")
        if len(rows) > limit:
            out.append(f"- … and {len(rows) - limit} more (use `--format json` for all)")
        out += ["", "</details>"]
    return "\n".join(out) + "\n"
