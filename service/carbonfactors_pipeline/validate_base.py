"""The validator's result types and the state every check shares.

Split from validate.py so the record loading (validate.py) and the cross-file rules
(validate_rules.py) build on one base without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carbonfactors import snapshot as snap

from .factorfiles import LineMap
from .fileschemas import did_you_mean
from .screens import Flag, Reasons

#: Specs that embodied-carbon derivations read (ACT's die model, Boavizta's CPU model): a
#: record holding one must cite its source in ``specs.sources`` (issue 9 item 8).
CITED_SPECS: tuple[str, ...] = ("die_area_mm2", "process_nm")

#: Power bases at which an instance runs its accelerators (checked against their idle draw).
LOADED_POWER_BASES = ("max", "load-100", "tdp", "average")
#: Relative disagreement between two sources above which reviewers are shown the pair.
DISAGREEMENT_THRESHOLD = 0.25


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.reason}"


@dataclass
class Origin:
    path: str
    line: int
    record: LineMap


@dataclass
class Result:
    """What one validation run found: the dataset, its problems and its review notes."""

    snapshot: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    #: Grid values the plausibility screens flagged (see screens.py), kept or excluded.
    flags: list[Flag] = field(default_factory=list)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


#: How a factor's missing source is named in problems (one wording for every check).
SOURCE_WHAT = "source (not in factors/sources.yaml)"


def unknown(what: str, value: Any, pool: Any) -> str:
    """The reason for a reference to nothing: what it should name, and the nearest names."""
    return f"unknown {what} '{value}'" + did_you_mean(value, pool)


class _ValidatorBase:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.result = Result(snapshot={"format": snap.FORMAT, "rules": snap.RULES})
        self.records: dict[str, list[dict[str, Any]]] = {name: [] for name in snap.COLLECTIONS}
        self.reasons = Reasons({}, {}, [], [], {})
        self.factor_ids: set[str] = set()
        self.source_licenses: dict[str, str] = {}

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: str, line: int, fld: str, reason: str) -> None:
        self.result.problems.append(Problem(path, line, fld, reason))

    def at(self, collection: str, rid: str, fld: str) -> tuple[str, int]:
        o = self.result.origins[(collection, rid)]
        return o.path, o.record.line_of(fld)
