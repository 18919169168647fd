"""Giving freed heap back to the system, after work that peaks high and keeps little.

A few computations decode a whole snapshot to keep a small result (a bundle's checksum,
its licence manifest, the zones whose mapping it drops) or open a version a worker then
evicts. CPython frees those objects, but glibc keeps the pages in its heap, so a worker's
RSS would stay at the high-water mark of its worst request for good (issue 21: 330-380
MiB per worker after a client requested each version). ``trim`` asks glibc to return
free pages (``malloc_trim``); it costs a few milliseconds, so it runs only after such
work, never per request. A no-op where there is no glibc.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

try:
    _malloc_trim: Callable[[int], int] | None = ctypes.CDLL("libc.so.6").malloc_trim
except (OSError, AttributeError):  # pragma: no cover - not glibc
    _malloc_trim = None


def trim() -> None:
    """Return the heap's free pages to the system (glibc), or do nothing."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def trimmed(compute: Callable[[], T]) -> Callable[[], T]:
    """``compute``, followed by ``trim``: for a cache entry whose computation peaks high."""

    def run() -> T:
        try:
            return compute()
        finally:
            trim()

    return run
