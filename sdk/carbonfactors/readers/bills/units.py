"""Bill units to the engine's units: the one place where a bill quantity is converted.

Providers spell units their own way (``Hrs``, ``Hours``, ``seconds``, ``GB-Mo``,
``GB/Month``, ``byte-seconds``, ``gibibyte month``, ``10 Hours``...). Each spelling maps to
a dimension and a factor to that dimension's base unit:

* ``time``: hours (a month is 8760 / 12 = 730 hours, the calendar-year average);
* ``data_time``: GB-hours (GB = 10^9 bytes, GiB = 2^30 bytes);
* ``data``: GB.

A leading number is a block size (Azure's ``10 Hours``, ``100 GB/Month``): the quantity is
multiplied by it. An unknown spelling gives ``None``, and the line is kept with
``error_type`` ``unknown-unit``.
"""

from __future__ import annotations

import re

HOURS_PER_MONTH = 8760 / 12
GIB_IN_GB = 2**30 / 1e9
TIME, DATA_TIME, DATA = "time", "data_time", "data"

_TIME = {
    "hour": 1.0,
    "second": 1 / 3600,
    "minute": 1 / 60,
    "day": 24.0,
    "month": HOURS_PER_MONTH,
}
_SIZE = {"byte": 1e-9, "kb": 1e-6, "mb": 1e-3, "gb": 1.0, "tb": 1e3, "gib": GIB_IN_GB}
_SIZE_WORDS = {
    "bytes": "byte",
    "byte": "byte",
    "by": "byte",
    "gigabyte": "gb",
    "gigabytes": "gb",
    "gibibyte": "gib",
    "gibibytes": "gib",
    "giby": "gib",
    "gb": "gb",
    "gib": "gib",
    "tb": "tb",
    "tib": "tb",
    "mb": "mb",
    "kb": "kb",
}
_TIME_WORDS = {
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "s": "second",
    "sec": "second",
    "secs": "second",
    "second": "second",
    "seconds": "second",
    "min": "minute",
    "minute": "minute",
    "minutes": "minute",
    "day": "day",
    "days": "day",
    "mo": "month",
    "month": "month",
    "months": "month",
}
#: Counted things whose hours are time: "vCPU-Hours", "Instance Hours", "OCPU Hours".
_COUNTED = {"vcpu", "vcpus", "instance", "instances", "gpu", "gpus", "node", "nodes", "core"}
_BLOCK = re.compile(r"^\s*([0-9][0-9,.]*)\s*([kKmM]?)\s+(?=\S)")
_SPLIT = re.compile(r"[\s\-/.]+")


def parse(unit: str, *, blocks: bool = True) -> tuple[str, float] | None:
    """``(dimension, factor)`` of a unit spelling, or None when it is not a quantity we use.

    ``factor`` converts a quantity in ``unit`` to the dimension's base unit (hours,
    GB-hours or GB), block size included unless ``blocks`` is false: Azure's cost details
    give ``Quantity`` in base units beside a pricing block ("24" with "10 Hours" is 24 h;
    its FOCUS export divides by the block only for ``PricingQuantity``).
    """
    text = unit.strip()
    if not text:
        return None
    block = 1.0
    m = _BLOCK.match(text)
    if m:
        block = float(m.group(1).replace(",", "")) * {"": 1, "k": 1e3, "m": 1e6}[m.group(2).lower()]
        block = block if blocks else 1.0
        text = text[m.end() :]
    low = text.lower().replace("lambda-", "").replace("byte-seconds", "byte second")
    low = low.replace("bytehrs", "byte hour").replace("per", " ")
    words = [w for w in _SPLIT.split(low) if w]
    if words and words[0] in _COUNTED:
        words = words[1:]
    sizes = [_SIZE_WORDS[w] for w in words if w in _SIZE_WORDS]
    times = [_TIME_WORDS[w] for w in words if w in _TIME_WORDS]
    if len(sizes) + len(times) != len(words) or len(sizes) > 1 or len(times) > 1:
        return None
    if sizes and times:
        return DATA_TIME, block * _SIZE[sizes[0]] * _TIME[times[0]]
    if sizes:
        return DATA, block * _SIZE[sizes[0]]
    if times:
        return TIME, block * _TIME[times[0]]
    return None


def is_monthly(unit: str) -> bool:
    """Whether a unit spelling counts time in months (``GB-Mo``, ``GB/Month``...)."""
    low = unit.lower().replace("per", " ")
    return any(_TIME_WORDS.get(w) == "month" for w in _SPLIT.split(low) if w)


def is_bytes(unit: str) -> bool:
    """Whether a unit spelling counts plain bytes (``byte-seconds``, ``bytes``, ``ByteHrs``)."""
    low = unit.lower().replace("byte-seconds", "byte second").replace("bytehrs", "byte hour")
    return any(_SIZE_WORDS.get(w) == "byte" for w in _SPLIT.split(low) if w)
