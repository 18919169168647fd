"""A corpus of hostile requests, each with the problem document it must get back.

Huge and non-finite numbers, deeply nested JSON, long strings, odd unicode, path traversal
in ids, SQL metacharacters, oversized bodies and batches, wrong content types. Every answer
must be the documented problem (status and ``type``), small, and free of stack traces and
internal paths; the SQL-looking ones must simply not match anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT, ContractClient, assert_problem

ENERGY = {"energy_kwh": 1, "grid_intensity": 100}


@dataclass(frozen=True)
class Hostile:
    name: str
    method: str
    path: str
    status: int
    type: str
    body: bytes | None = None
    content_type: str = "application/json"


def _json(doc: object) -> bytes:
    return json.dumps(doc).encode()


CORPUS = [
    # -- numbers ---------------------------------------------------------------------------
    Hostile("huge numbers overflow", "POST", "/v1/footprint", 422, "invalid-input",
            _json({"hardware": [{"power_w": 1e308, "count": 10**6}], "hours": 1e308,
                   "grid_intensity": 1e308, "pue": 1e308})),
    Hostile("1e999 is infinity", "POST", "/v1/footprint", 422, "invalid-input",
            b'{"energy_kwh": 1e999, "grid_intensity": 1}'),
    Hostile("NaN literal", "POST", "/v1/footprint", 400, "malformed-json",
            b'{"energy_kwh": NaN, "grid_intensity": 1}'),
    Hostile("-Infinity literal", "POST", "/v1/footprint", 400, "malformed-json",
            b'{"energy_kwh": 1, "grid_intensity": -Infinity}'),
    Hostile("huge integer count", "POST", "/v1/footprint", 422, "invalid-input",
            _json({"hardware": [{"power_w": 100, "count": 10**400}], "hours": 1e300,
                   "grid_intensity": 1e300})),
    Hostile("huge year in query", "GET", "/v1/factors?year=99999999999999999999999", 400,
            "invalid-parameter"),
    Hostile("float limit", "GET", "/v1/factors?limit=1e3", 400, "invalid-parameter"),
    Hostile("negative limit", "GET", "/v1/zones?limit=-1", 400, "invalid-parameter"),
    # -- structure -------------------------------------------------------------------------
    Hostile("deeply nested list", "POST", "/v1/footprint", 400, "malformed-json",
            b"[" * 100_000 + b"]" * 100_000),
    Hostile("deeply nested object", "POST", "/v1/footprints", 400, "malformed-json",
            b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
    Hostile("truncated JSON", "POST", "/v1/footprint", 400, "malformed-json", b'{"hours": '),
    Hostile("JSON string instead of object", "POST", "/v1/footprints", 422, "invalid-body",
            b'"jobs"'),
    Hostile("prototype pollution key", "POST", "/v1/footprint", 422, "invalid-input",
            _json({**ENERGY, "__proto__": {"admin": True}})),
    Hostile("string where a list goes", "POST", "/v1/footprint", 422, "invalid-input",
            _json({**ENERGY, "hardware": "x" * 10_000})),
    # -- long strings and odd unicode ------------------------------------------------------
    Hostile("megabyte location", "POST", "/v1/footprint", 404, "zone-not-found",
            _json({"energy_kwh": 1, "location": "A" * 1_000_000})),
    Hostile("bidi override, lone surrogate, NUL", "POST", "/v1/footprint", 404,
            "zone-not-found", _json({"energy_kwh": 1, "location": "\u202e\ud800\x00"})),
    Hostile("NUL in a path id", "GET", "/v1/hardware/%00", 404, "hardware-not-found"),
    Hostile("invalid UTF-8 in a path id", "GET", "/v1/hardware/%ff%fe", 404,
            "hardware-not-found"),
    Hostile("emoji and bidi in a zone", "GET", "/v1/zones/%E2%80%AE%F0%9F%92%A9", 404,
            "zone-not-found"),
    Hostile("combining characters", "GET", "/v1/sources/" + "e%CC%81" * 200, 404,
            "source-not-found"),
    Hostile("id over 300 characters", "GET", "/v1/factors/" + "x" * 301, 404, "factor-not-found"),
    Hostile("URL over 4 KB", "GET", "/v1/factors?q=" + "x" * 5000, 414, "uri-too-long"),
    # -- traversal -------------------------------------------------------------------------
    Hostile("encoded traversal in a factor id", "GET", "/v1/factors/..%2F..%2Fetc%2Fpasswd",
            404, "factor-not-found"),
    Hostile("dotted traversal in a source id", "GET",
            "/v1/sources/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404, "source-not-found"),
    Hostile("traversal in a version", "GET", "/v1/factors?version=..%2F..%2Fetc", 404,
            "unknown-version"),
    Hostile("traversal in a snapshot version", "GET", "/v1/versions/..%2F..%2Fetc/snapshot",
            404, "not-found"),  # decoded slashes make it a path no route has
    Hostile("traversal in a version segment", "GET", "/v1/versions/..%5C..%5Cetc", 404,
            "unknown-version"),
    # -- SQL metacharacters ----------------------------------------------------------------
    Hostile("quote in a factor id", "GET", "/v1/factors/x%27%20OR%20%271%27%3D%271", 404,
            "factor-not-found"),
    Hostile("DROP TABLE in a zone", "GET",
            "/v1/zones/FR%27%3B%20DROP%20TABLE%20factors%3B--/grid-intensity", 404,
            "zone-not-found"),
    Hostile("UNION in an operator", "GET", "/v1/pue/x%22%20UNION%20SELECT%20*%20FROM%20sources--",
            404, "operator-not-found"),
    Hostile("cursor of SQL", "GET", "/v1/factors?cursor=%27%20OR%201%3D1--", 400,
            "invalid-parameter"),
    # -- size and media type ---------------------------------------------------------------
    Hostile("batch of 1,001 jobs", "POST", "/v1/footprints", 413, "batch-too-large",
            _json({"jobs": [ENERGY] * 1001})),
    Hostile("3 MB body", "POST", "/v1/footprints", 413, "payload-too-large",
            b"{" + b" " * (3 * 1024 * 1024) + b"}"),
    Hostile("text/plain body", "POST", "/v1/footprint", 415, "unsupported-media-type",
            _json(ENERGY), "text/plain"),
    Hostile("form body", "POST", "/v1/footprint", 415, "unsupported-media-type",
            b"energy_kwh=1", "application/x-www-form-urlencoded"),
    Hostile("no content type", "POST", "/v1/footprint", 415, "unsupported-media-type",
            _json(ENERGY), ""),
    Hostile("unknown method", "DELETE", "/v1/factors", 405, "method-not-allowed"),
]  # fmt: skip

#: Text that must never appear in an answer: tracebacks, source files, where we live.
LEAKS = ("Traceback", 'File "', ".py", "site-packages", str(ROOT), str(Path.home()))


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_hostile_request_gets_its_problem_document(api: ContractClient, case: Hostile) -> None:
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    r = api.open(case.path, method=case.method, data=case.body, headers=headers)
    assert r.status_code == case.status, r.get_data(as_text=True)[:500]
    body = assert_problem(r, api.spec)
    assert body["type"].rsplit("/", 1)[1] == case.type, body
    text = r.get_data(as_text=True)
    assert len(text) < 4096, f"{len(text)} bytes of error for {case.name}"
    for leak in LEAKS:
        assert leak not in text, (leak, text[:500])
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_sql_metacharacters_in_filters_match_nothing(api: ContractClient) -> None:
    for q in ("' OR 1=1 --", '" OR ""="', "%", "_", "\\"):
        r = api.get("/v1/factors", query_string={"q": q, "limit": 1000})
        assert r.status_code == 200
        assert all(q in json.dumps(f) for f in r.get_json()["items"]), q
