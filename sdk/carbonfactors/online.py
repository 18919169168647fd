"""The Client's answers from the API's JSON: each document read into the result types.

The twin of ``carbonfactors.offline``: the same result types, built here from what the
service answered. A document that lacks what is read (a key missing, a list where an
object belongs) raises ``KeyError``/``TypeError`` here, which the Client reports as a bad
body (``ServiceUnavailable``), never as a raw Python error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from .errors import InvalidInput, from_problem
from .results import Changes, FactorRecord, FootprintFailure, FootprintResult, Resolved
from .snapshot import is_release_name

T = TypeVar("T")


def service_url(url: str | None) -> str | None:
    """The service's base URL without a trailing slash; anything but http(s) is refused."""
    if url is None:
        return None
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(
            f"base_url must be an http:// or https:// URL (got {url[:100]!r})", field="base_url"
        )
    return url.rstrip("/")


def items(cls: Any, doc: Mapping[str, Any]) -> list[Any]:
    """The ``items`` of a page of a list endpoint."""
    return [cls.from_json(item, dataset_version=doc["dataset_version"]) for item in doc["items"]]


def listing(doc: Any) -> dict[str, Any]:
    """``GET /v1/versions`` checked for what is read from it."""
    if not isinstance(doc, dict) or not isinstance(doc.get("versions"), list):
        raise TypeError("a version listing must be an object with a versions list")
    for v in doc["versions"]:
        if not isinstance(v, dict) or not isinstance(v.get("version"), str):
            raise TypeError("each listed version must be an object with a version")
    return doc


def release(doc: Mapping[str, Any], wanted: str) -> Mapping[str, Any]:
    """The listing's entry of release ``wanted``; an unknown version or one that is not a
    release (the development version changes without notice) is refused."""
    info = next((v for v in doc["versions"] if v["version"] == wanted), None)
    if info is None:
        known = ", ".join(v["version"] for v in doc["versions"])
        raise from_problem(
            {"type": "unknown-version", "detail": f"no version '{wanted}' (known: {known})"},
            404,
        )
    if not info.get("is_release") or not is_release_name(wanted):
        raise InvalidInput(
            f"only releases can be synced ('{wanted}' changes without notice)",
            field="version",
        )
    if not isinstance(info.get("sha256"), str):
        raise TypeError(f"the listing gives no sha256 for {wanted}")
    return info


def resolved(doc: Mapping[str, Any], subject: str) -> Resolved:
    v = doc["dataset_version"]
    return Resolved(
        value=doc["value"],
        unit=doc["unit"],
        resolved_subject=subject,
        resolved_year=doc["resolved_year"],
        factor=FactorRecord.from_json(doc["factor"], dataset_version=v),
        summary=doc["summary"],
        trail=tuple(doc["trail"]),
        dataset_version=v,
    )


def changes(old: str, new: str, doc: Mapping[str, Any]) -> Changes:
    return Changes(old, new, tuple(doc["added"]), tuple(doc["changed"]), tuple(doc["removed"]))


def batch(doc: Mapping[str, Any], start: int) -> list[FootprintResult | FootprintFailure]:
    """The results of one ``POST /v1/footprints`` whose first job is job ``start``."""
    out: list[FootprintResult | FootprintFailure] = []
    for item in doc["results"]:
        if item["ok"]:
            out.append(FootprintResult.from_document(item["result"]))
        else:
            out.append(FootprintFailure(start + item["index"], item["error"]))
    return out


def first(found: Iterable[T], n: int) -> list[T]:
    out = []
    for item in found:
        out.append(item)
        if len(out) >= n:
            break
    return out
