"""HTTP caching and CORS for every GET, applied in one after-request hook.

Answers for a pinned release never change, so they are immutable for a year; answers for
"latest" change when a release is deployed, so caches keep them ``LATEST_MAX_AGE`` seconds
(default 60, ``CARBONFACTORS_LATEST_MAX_AGE``) and then revalidate; ``dev`` is revalidated
each time. A strong ETag over the body lets any client or proxy revalidate with
``If-None-Match`` and get a bodiless 304.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request

from .memo import etag_of

IMMUTABLE = "public, max-age=31536000, immutable"


def latest_policy() -> str:
    """Cache-Control of an answer that moves when a release is deployed ("latest")."""
    return f"public, max-age={current_app.config['LATEST_MAX_AGE']}"


REVALIDATE = "no-cache"


_EXPOSE = "ETag, X-Dataset-Version, X-Snapshot-SHA256, X-Request-Id"
_KEPT_ON_304 = (
    "ETag",
    "Cache-Control",
    "Vary",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "X-Dataset-Version",
)


def _after(resp: Response) -> Response:
    headers = resp.headers
    if "Access-Control-Allow-Origin" not in headers:
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = _EXPOSE
    version = g.get("dataset_version")
    if version is not None:
        headers["X-Dataset-Version"] = version.version
    if request.method not in ("GET", "HEAD") or resp.status_code != 200 or resp.direct_passthrough:
        return resp
    if "Cache-Control" not in headers:
        if version is None:
            headers["Cache-Control"] = REVALIDATE
        elif version.pinned and version.is_release:
            headers["Cache-Control"] = IMMUTABLE
        elif version.is_release:
            headers["Cache-Control"] = latest_policy()
        else:
            headers["Cache-Control"] = REVALIDATE
    if "ETag" in headers:  # precomputed with the body (see memo.memoized_json)
        etag = headers["ETag"].strip('"')
    else:
        etag = etag_of(resp.get_data())
        headers["ETag"] = f'"{etag}"'
    if "Vary" not in headers:
        headers["Vary"] = "Accept-Encoding"
    if "If-None-Match" in request.headers and request.if_none_match.contains(etag):
        not_modified = Response(status=304)
        for h in _KEPT_ON_304:
            if h in headers:
                not_modified.headers[h] = headers[h]
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
