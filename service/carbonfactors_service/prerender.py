"""Rendering the stored answers of ``answers.py`` at build time, with the routes' own code.

Kept apart from ``answers.py`` because it imports the route modules, which read stored
answers through ``memo.py`` and ``answers.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

from flask import Flask

from carbonfactors.bundles import SERVICE_BUNDLE

from .answers import Rendered, labels_text
from .db import query
from .problems import Problem
from .versioning import Version


def _computations(v: Version) -> Iterator[tuple[tuple[Hashable, ...], Callable[[], Any]]]:
    """Each precomputed answer of ``v``: its memo key and the route's own computation."""
    from . import factors, hardware, pue, zones

    def ids(table: str) -> list[str]:
        return [r["id"] for r in query(f"select id from {table} where version = ?", (v.version,))]

    basis = zones.GridQuery().fields["basis"].load_default
    kinds: list[tuple[str, Callable[[str], tuple[Hashable, ...]], Callable[[str], Any]]] = [
        ("factors", lambda i: ("factor", i), lambda i: factors.factor_answer(v, i)),
        ("hardware", lambda i: ("hardware", i), lambda i: hardware.hardware_answer(v, i)),
        (
            "zones",
            lambda i: ("grid", i, None, basis),
            lambda i: zones.grid_answer(v, i, None, basis),
        ),
        ("operators", lambda i: ("pue", i, None), lambda i: pue.pue_answer(v, i, None)),
    ]
    for table, key, answer in kinds:
        for ident in ids(table):
            yield key(ident), functools.partial(answer, ident)


def render(app: Flask, version: str) -> tuple[bytes, list[tuple[tuple[Hashable, ...], bytes, str]]]:
    """The labels every answer of one version of ``app``'s database starts with, and each
    precomputed answer: its stored key (bundle first), body and ETag.

    A key whose computation is a problem (a zone with no grid intensity, say) is left
    out: the route computes that problem at run time, as for any other error.
    """
    from . import bundles
    from .memo import encode
    from .versioning import lookup

    answers = []
    # The answers of the service's default bundle (a request without ``bundle=``); the
    # other bundle's answers carry other labels and are computed on first use.
    with app.test_request_context("/"):
        v = lookup(version)
        labels = labels_text(bundles.labels(v, SERVICE_BUNDLE))
        for key, compute in _computations(v):
            try:
                body, etag = encode(compute())
            except Problem:
                continue
            answers.append(((SERVICE_BUNDLE, *key), body, etag))
    return labels, answers


def rendered(db_path: Path, *, latest_only: bool = False) -> Iterator[Rendered]:
    """Each version in the database at ``db_path`` (or only the latest release), its
    labels and its rendered answers (``answers.pack`` stores them).

    Each version renders through a new app (so its own connections and caches: ``db.py``
    keeps one connection per thread and app), and one version's answers are held at a time.
    """
    from . import create_app
    from .versioning import all_versions, latest

    def app() -> Flask:
        return create_app({"DATABASE": str(db_path)})

    with app().app_context():
        names = [latest().version] if latest_only else [v.version for v in all_versions()]
    for name in names:
        yield (name, *render(app(), name))
