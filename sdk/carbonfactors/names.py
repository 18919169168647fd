"""Name normalization shared by the validator (alias clashes) and hardware matching."""

from __future__ import annotations

import re

_NOISE = re.compile(r"\((?:r|tm|c)\)|®|™", re.IGNORECASE)
_SEP = re.compile(r"[^a-z0-9]+")


def normalize_name(name: str) -> str:
    """Lower-case, strip trademark marks and collapse punctuation to single spaces."""
    text = _NOISE.sub(" ", name.lower())
    return _SEP.sub(" ", text).strip()
