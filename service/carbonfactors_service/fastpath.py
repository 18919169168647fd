"""Finished GET answers served from memory before Flask runs: lookups at the floor.

A factor, a resolved grid intensity or a resolved PUE is a pure function of its URL for
as long as the process runs (the database is immutable), so once Flask has produced one,
its exact bytes and headers (body, ``Content-Length``, ``ETag``, caching, CORS and
security headers) are kept in the app's ``responses`` cache, keyed by path and query
string. The next identical GET is answered by this WSGI middleware without routing,
parsing or hooks: a hot lookup then costs less than a Flask route returning a constant.

Only answers that opt in (``mark_reusable``: the memoized lookups) are kept, and only
small ones; a request with ``If-None-Match`` goes through Flask, which answers 304.

A lookup by id that is not kept yet is served here too when the build stored its answer
(``answers.py``): a factor, a hardware model, a zone's grid intensity or an operator's PUE
asked with no other parameter than ``version`` (and ``bundle=full``). Its headers are
Flask's own: the first such answer of a kind and version is produced by Flask, and its
headers are kept as the template of the others (only ``ETag`` and ``Content-Length``
differ), so random lookups over every id cost a primary-key read, not a Flask request,
and for the latest release (whose answers the master holds in memory: ``answers.preload``)
not even that: a dict read and an inflate. Those are cheaper than an LRU insertion, so
they enter the ``responses`` cache only when their URL comes back (``FastPath._again``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from flask import Flask, Response, g, request

from carbonfactors.bundles import SERVICE_BUNDLE

from . import answers, versioning
from .caches import Caches, caches
from .problems import Problem

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Bodies larger than this are not kept (lists and snapshots are never marked anyway).
MAX_BODY = 64 * 1024
#: How many URLs of in-memory answers ``FastPath._again`` remembers.
SEEN = 4096


def mark_reusable() -> None:
    """Declare this request's 200 answer a pure function of its URL (see module doc)."""
    g.fastpath_reusable = True


#: The default ``basis`` of a grid-intensity lookup (``zones.GridQuery``; checked by a test).
GRID_BASIS = "lifecycle"
_PREFIXES = (("/v1/factors/", "factor"), ("/v1/hardware/", "hardware"), ("/v1/pue/", "pue"))
_GRID_SUFFIX = "/grid-intensity"


def stored_key(path: str, query: str) -> tuple[str | None, tuple[Hashable, ...]] | None:
    """The version named and the stored-answer key (``answers.py``) of a lookup URL, or
    None when the URL asks for anything a stored answer does not hold."""
    params = parse_qsl(query, keep_blank_values=True)
    names = [name for name, _ in params]
    if len(set(names)) != len(names) or not set(names) <= {"version", "bundle"}:
        return None
    given = dict(params)
    version = given.get("version")
    if given.get("bundle", SERVICE_BUNDLE) != SERVICE_BUNDLE or version == "":
        return None
    if version is not None and len(version) > 32:
        return None
    try:  # WSGI carries the path as latin-1; the routes see it as UTF-8 (as werkzeug does)
        path = path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    if path.startswith("/v1/zones/") and path.endswith(_GRID_SUFFIX):
        zone = path[len("/v1/zones/") : -len(_GRID_SUFFIX)]
        return (version, (SERVICE_BUNDLE, "grid", zone, None, GRID_BASIS)) if zone else None
    for prefix, kind in _PREFIXES:
        if path.startswith(prefix) and len(path) > len(prefix):
            ident = path[len(prefix) :]
            return version, (SERVICE_BUNDLE, kind, ident, *((None,) if kind == "pue" else ()))
    return None


class FastPath:
    def __init__(self, wsgi_app: WSGIApplication, store: Caches, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.store = store
        self.app = app
        #: ``version=`` values (None: absent) that name a version, and the version.
        self.versions: dict[str | None, versioning.Version] = {}
        #: URLs of in-memory stored answers served lately (``_again``).
        self.seen: dict[tuple[str, str], None] = {}

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        if (method == "GET" or method == "HEAD") and "HTTP_IF_NONE_MATCH" not in environ:
            url = (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
            hit = self.store.get("responses", url)
            if hit is None:
                hit = self._stored(url)
            if hit is not None:
                headers, body = hit
                start_response("200 OK", list(headers))
                return [] if method == "HEAD" else [body]
        return self.wsgi_app(environ, start_response)

    def _stored(self, url: tuple[str, str]) -> tuple[tuple[tuple[str, str], ...], bytes] | None:
        """The stored answer to ``url`` with Flask's headers, if the build stored one and
        a Flask answer of its kind and version has given the headers' template."""
        target = stored_key(*url)
        if target is None:
            return None
        name, key = target
        v = self.versions.get(name)
        if v is None:  # first time this version= value is seen: resolved by the routes' rule
            with self.app.app_context():
                try:
                    v = self.versions[name] = versioning.resolve(name)
                except Problem:
                    return None
        found = answers.read(self.app, v.version, key)
        if found is None:
            return None
        body, etag = found
        kind = (key[1], v.version, v.pinned)
        template = self.store.get("answer_headers", kind)
        if template is None:
            return None  # Flask answers (and ``_keep`` records the template)
        quoted, size = f'"{etag}"', str(len(body))
        headers = tuple(
            (h, quoted if h == "ETag" else size if h == "Content-Length" else value)
            for h, value in template
        )
        if len(body) <= MAX_BODY and self._again(url, v.version):
            self.store.put("responses", url, (headers, body))
        return headers, body

    def _again(self, url: tuple[str, str], version: str) -> bool:
        """Whether to keep this stored answer among the finished responses.

        Always for a version read from the database. An answer of the version held in
        memory (``answers.preload``) costs a dict read and an inflate, while keeping it
        costs an LRU insertion and an eviction, more than it saves when URLs are random:
        it is kept only when its URL is asked a second time while still among the last
        ``SEEN`` URLs served this way, so hot URLs are kept and a stream of distinct ones
        never churns the cache."""
        if not answers.in_memory(self.app, version):
            return True
        seen = self.seen
        if url in seen:
            return True
        if len(seen) >= SEEN:
            seen.clear()  # a crude window, and cheap: a hot URL comes back well within it
        seen[url] = None
        return False


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
        headers: Any = tuple(resp.get_wsgi_headers(request.environ).to_wsgi_list())
        url = (request.environ.get("PATH_INFO", ""), request.environ.get("QUERY_STRING", ""))
        if len(body) <= MAX_BODY:
            caches().put("responses", url, (headers, body))
        target, version = stored_key(*url), g.get("dataset_version")
        if target is not None and version is not None:  # the template of its kind's headers
            caches().put("answer_headers", (target[1][1], version.version, version.pinned), headers)
    return resp


def init_app(app: Flask) -> None:
    """Call first among the after-request hooks: Flask runs them in reverse order."""
    app.after_request(_keep)
    app.wsgi_app = FastPath(app.wsgi_app, caches(app), app)  # type: ignore[method-assign]
