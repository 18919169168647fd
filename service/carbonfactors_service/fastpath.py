"""Finished GET answers served from memory before Flask runs: lookups at the floor.

A factor, a resolved grid intensity or a resolved PUE is a pure function of its URL for
as long as the process runs (the database is immutable), so once Flask has produced one,
its exact bytes and headers (body, ``Content-Length``, ``ETag``, caching, CORS and
security headers) are kept in the app's ``responses`` cache, keyed by path and query
string. The next identical GET is answered by this WSGI middleware without routing,
parsing or hooks: a hot lookup then costs less than a Flask route returning a constant.

Only answers that opt in (``mark_reusable``: the memoized lookups) are kept, and only
small ones; a request with ``If-None-Match`` goes through Flask, which answers 304.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, g, request

from .caches import Caches, caches

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Bodies larger than this are not kept (lists and snapshots are never marked anyway).
MAX_BODY = 64 * 1024


def mark_reusable() -> None:
    """Declare this request's 200 answer a pure function of its URL (see module doc)."""
    g.fastpath_reusable = True


class FastPath:
    def __init__(self, wsgi_app: WSGIApplication, store: Caches) -> None:
        self.wsgi_app = wsgi_app
        self.store = store

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        if (method == "GET" or method == "HEAD") and "HTTP_IF_NONE_MATCH" not in environ:
            hit = self.store.get(
                "responses", (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
            )
            if hit is not None:
                headers, body = hit
                start_response("200 OK", list(headers))
                return [] if method == "HEAD" else [body]
        return self.wsgi_app(environ, start_response)


def _keep(resp: Response) -> Response:
    """Runs after every other after-request hook, so the kept headers are the final ones."""
    if (
        request.method == "GET"
        and resp.status_code == 200
        and g.get("fastpath_reusable")
        and not resp.direct_passthrough
        and not resp.is_streamed
    ):
        body = resp.get_data()
        if len(body) <= MAX_BODY:
            headers: Any = resp.get_wsgi_headers(request.environ).to_wsgi_list()
            key = (request.environ.get("PATH_INFO", ""), request.environ.get("QUERY_STRING", ""))
            caches().put("responses", key, (tuple(headers), body))
    return resp


def init_app(app: Flask) -> None:
    """Call first among the after-request hooks: Flask runs them in reverse order."""
    app.after_request(_keep)
    app.wsgi_app = FastPath(app.wsgi_app, caches(app))  # type: ignore[method-assign]
