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

    def run(self, sources_root: Path, factors_root: Path) -> list[Path]:
        return self.convert(sources_root / self.upstream, factors_root)


REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    if importer.name in REGISTRY:
        raise ValueError(f"importer {importer.name} registered twice")
    REGISTRY[importer.name] = importer
    return importer


def _discover() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_discover()
