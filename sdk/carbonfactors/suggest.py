""" "Did you mean": the candidates offered when an id or name names nothing.

Every not-found (a location, an operator, a hardware model, a source, a dataset version)
ends in the same kind of hint, so a user always learns what to type next. This module is
pure (the standard library only) and knows no dataset: callers hand it the ids and the
names each id is known by, and put the result in the error's ``candidates`` and message
(see ``hint``). The zone lookup (``Dataset.zone``), the PUE operator lookup, the service's
404s and the explorer all call it, so the same typo gets the same suggestion everywhere.

Three ways a typed text can point at an id, best first:

- a provider-less cloud region code (``us-east-1``) is the tail of one or more region ids
  (``aws:us-east-1``);
- a common alias the data does not carry as such (``UK`` is ISO 3166 ``GB``);
- a word of a name (``amazon`` in "Amazon Web Services") or a close spelling of an id, a
  name or an alias (``Germny``), by ``difflib``'s ratio.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

#: Common names that are not the ISO 3166 code of the country they name: suggestions only
#: (the lookup itself never guesses), so ``UK`` gets "did you mean GB?" and keeps failing.
COUNTRY_ALIASES: Mapping[str, str] = {
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "usa": "US",
    "america": "US",
    "united states": "US",
    "holland": "NL",
    "the netherlands": "NL",
    "el": "GR",
    "greece": "GR",
    "czech republic": "CZ",
    "korea": "KR",
    "south korea": "KR",
    "russia": "RU",
    "uae": "AE",
}

#: At most this many candidates are offered.
LIMIT = 5
#: difflib ratio below which a spelling is too far to suggest.
CUTOFF = 0.72

_PUNCT = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str:
    return _PUNCT.sub(" ", text.lower()).strip()


def candidates(
    query: str,
    names: Mapping[str, Iterable[str]],
    *,
    limit: int = LIMIT,
    aliases: Mapping[str, str] = COUNTRY_ALIASES,
) -> list[str]:
    """Ids ``query`` could have meant, best first (empty when nothing is close).

    ``names`` maps each id to the other texts it is known by (name, aliases); the id itself
    is always a candidate text.
    """
    q = _key(query)
    if not q:
        return []
    out: list[str] = []

    def add(ident: str) -> None:
        if ident in names and ident not in out:
            out.append(ident)

    # 1. a cloud region code typed without its provider: us-east-1 -> aws:us-east-1
    tail = query.strip().lower()
    if ":" not in tail:
        for ident in names:
            if ":" in ident and ident.lower().split(":", 1)[1] == tail:
                add(ident)
    # 2. a common alias of a country code
    alias = aliases.get(q)
    if alias is not None:
        add(alias)
    # 3. a whole word of a name (amazon -> "Amazon Web Services"), then close spellings
    texts: dict[str, str] = {}
    for ident, others in names.items():
        for text in (ident, *others):
            texts.setdefault(_key(text), ident)
    words: dict[str, list[str]] = {}
    for text, ident in texts.items():
        for word in text.split():
            if len(word) >= 3:
                words.setdefault(word, []).append(ident)
    if len(q) >= 3:
        for ident in words.get(q, ()):
            add(ident)
    for text in difflib.get_close_matches(q, list(texts), n=limit * 2, cutoff=CUTOFF):
        add(texts[text])
    # a misspelt word of a name (A10O -> the A100s), its first letter right
    same_start = [w for w in words if w[0] == q[0]]
    for word in difflib.get_close_matches(q, same_start, n=2, cutoff=CUTOFF):
        for ident in words[word]:
            add(ident)
    return out[:limit]


def hint(found: Iterable[str], field: str | None = None) -> str:
    """The end of a not-found message: what to type instead (empty without candidates)."""
    found = list(found)
    if not found:
        return ""
    quoted = ", ".join(f"'{c}'" for c in found)
    where = f" as {field}" if field else ""
    return f"; did you mean {quoted}? Type one of them{where}"
