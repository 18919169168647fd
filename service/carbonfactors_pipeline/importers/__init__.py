"""Importers: one module per upstream format, each turning upstream files into factor files.

An importer is deterministic: the same upstream input gives the same bytes, so re-running
it on unchanged upstream data leaves ``git status`` clean. Each module registers one
``Importer`` in ``REGISTRY`` under a stable name (``carbonfactors import NAME``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Importer:
    name: str
    description: str
    #: Upstream folder (relative to the sources root) the importer reads.
    upstream: str
    #: run(upstream_folder, factors_root) -> paths of factor files written or changed.
    convert: Callable[[Path, Path], list[Path]]
    #: Importers whose output this one reads from the factors tree (run those first).
    requires: tuple[str, ...] = ()

    def run(self, sources_root: Path, factors_root: Path) -> list[Path]:
        return self.convert(sources_root / self.upstream, factors_root)


REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    if importer.name in REGISTRY:
        raise ValueError(f"importer {importer.name} registered twice")
    REGISTRY[importer.name] = importer
    return importer


def ordered() -> list[Importer]:
    """Every importer, each after the ones it requires (then by name): the ``--all`` order."""
    done: dict[str, Importer] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in trail:
            raise ValueError(f"importers require each other: {' -> '.join((*trail, name))}")
        for dep in REGISTRY[name].requires:
            visit(dep, (*trail, name))
        done[name] = REGISTRY[name]

    for name in sorted(REGISTRY):
        visit(name, ())
    return list(done.values())


def _discover() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_discover()
