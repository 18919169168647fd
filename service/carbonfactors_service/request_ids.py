"""A request id on every response (``X-Request-Id``), in problem documents and in the logs.

A client quotes the id when it reports a failure; the operator finds the request in the
access log (``gunicorn.conf.py`` logs the header) and, for a bug, the traceback logged
with the same id. A caller (or a proxy in front) may send its own ``X-Request-Id``: a short
token of letters, digits and ``._:-`` is kept, so one id follows the request through every
hop; anything else is replaced by a fresh random id.

This is WSGI middleware around the whole app, outside the fast path's cache of finished
answers (``fastpath``): a kept answer is replayed with the id of the request it answers,
never the id of the request that produced it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, has_request_context, request

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

HEADER = "X-Request-Id"
#: Where the id travels inside the WSGI environ.
ENVIRON_KEY = "carbonfactors.request_id"
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def current() -> str | None:
    """The id of the request being handled (None outside a request)."""
    if not has_request_context():
        return None
    rid = request.environ.get(ENVIRON_KEY)
    return rid if isinstance(rid, str) else None


class RequestIds:
    def __init__(self, wsgi_app: WSGIApplication) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        given = environ.get("HTTP_X_REQUEST_ID", "")
        rid = given if _ACCEPTED.fullmatch(given) else uuid.uuid4().hex
        environ[ENVIRON_KEY] = rid

        def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            kept = [h for h in headers if h[0].lower() != "x-request-id"]
            return start_response(status, [*kept, (HEADER, rid)], *args)

        return self.wsgi_app(environ, start)


def init_app(app: Flask) -> None:
    """Call after ``fastpath.init_app``: the id middleware must wrap the fast path."""
    app.wsgi_app = RequestIds(app.wsgi_app)  # type: ignore[method-assign]
