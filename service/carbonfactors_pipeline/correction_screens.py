"""Screen for a corrected zone's rows that the correction does not reach (audit 1796621837 G4p).

``factors/corrections.yaml`` corrected AU-VIC's Electricity Maps rows by id (Victoria's
brown coal priced as hard coal: each keeps its value with a 1,060 g high bound, rule G4b).
Class a-P1 then filed the zone's 2017 part-year average as a new row, with a new id, that
no correction named: it became the zone's nearest own row, so the answers for 2015-2017 (and
its three cloud regions') lost the bound and the CORRECTED ROW warning. Rule
``grid-correction-coverage``: every grid row of a zone and source that a correction names
(by one of its rows' ids, or as a zone and source) must be corrected too, or a ``keep`` note
in ``factors/screens.yaml`` says why not. Until then the row is kept out of defaults and
``carbonfactors validate`` lists it as a problem.
"""

from __future__ import annotations

from typing import Any

from .screens import Flag, Reasons

RULE = "grid-correction-coverage"
KIND = "grid_intensity"

Scope = tuple[Any, Any, Any]


def _scope(f: dict[str, Any]) -> Scope:
    return (f.get("kind"), f.get("subject"), f.get("source"))


def screen_correction_coverage(
    factors: list[dict[str, Any]], found: dict[str, dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``grid-correction-coverage``: grid rows of a corrected zone and source that no
    correction names (``found``: ``corrections.read``'s corrections by key)."""
    by_id = {f["id"]: f for f in factors}
    named: dict[Scope, list[str]] = {}
    for key, fix in found.items():
        if fix["id"] is None:
            scope: Scope = (fix["kind"], fix["subject"], fix["source"])
        elif fix["id"] in by_id:
            scope = _scope(by_id[fix["id"]])
        else:
            continue  # an unknown id is the validator's own problem
        if scope[0] == KIND:
            named.setdefault(scope, []).append(key)
    flags: list[Flag] = []
    for f in factors:
        keys = named.get(_scope(f))
        if keys is None or f["id"] in found or any(found[k]["id"] is None for k in keys):
            continue
        flags.append(
            reasons.flag(
                f["id"],
                RULE,
                f"{f['subject']}'s rows from {f['source']} are corrected in "
                f"factors/corrections.yaml ({', '.join(sorted(keys))}) but this one is not: "
                "correct the zone and source as one (kind, subject, source) or say why not "
                "in a keep note",
            )
        )
    return flags
