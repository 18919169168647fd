"""HTTP caching and CORS for every GET, applied in one after-request hook.

Answers for a pinned release never change, so they are immutable for a year; answers for
"latest" change when a release is cut, so they live briefly; ``dev`` is revalidated each
time. A strong ETag over the body lets any client revalidate with ``If-None-Match``.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, g, request

IMMUTABLE = "public, max-age=31536000, immutable"
LATEST = "public, max-age=300"
REVALIDATE = "no-cache"


def _after(resp: Response) -> Response:
    resp.headers.setdefault("Access-Control-Allow-Origin", "*")
    resp.headers.setdefault("Access-Control-Expose-Headers", "ETag, X-Dataset-Version")
    version = g.get("dataset_version")
    if version is not None:
        resp.headers["X-Dataset-Version"] = version.version
    if request.method not in ("GET", "HEAD") or resp.status_code != 200 or resp.direct_passthrough:
        return resp
    if "Cache-Control" not in resp.headers:
        if version is None:
            resp.headers["Cache-Control"] = REVALIDATE
        elif version.pinned and version.is_release:
            resp.headers["Cache-Control"] = IMMUTABLE
        elif version.is_release:
            resp.headers["Cache-Control"] = LATEST
        else:
            resp.headers["Cache-Control"] = REVALIDATE
    body = resp.get_data()
    etag = hashlib.sha256(body).hexdigest()[:32]
    resp.set_etag(etag)
    resp.vary.add("Accept-Encoding")
    if request.if_none_match.contains(etag):
        not_modified = Response(status=304)
        for h in (
            "ETag",
            "Cache-Control",
            "Vary",
            "Access-Control-Allow-Origin",
            "Access-Control-Expose-Headers",
            "X-Dataset-Version",
        ):
            if h in resp.headers:
                not_modified.headers[h] = resp.headers[h]
        return not_modified
    return resp


def _preflight() -> Response | None:
    if request.method == "OPTIONS":
        resp = Response(status=204)
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        resp.headers["Access-Control-Allow-Headers"] = "Content-Type, If-None-Match"
        resp.headers["Access-Control-Max-Age"] = "86400"
        return resp
    return None


def init_app(app: Flask) -> None:
    app.before_request(_preflight)
    app.after_request(_after)
