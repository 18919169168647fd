"""Every error the API returns is an RFC 9457 problem document, built here and only here.

Handlers raise ``Problem`` (or let marshmallow/werkzeug raise); the handlers registered by
``init_app`` turn each into ``application/problem+json`` with a stable kebab-case ``type``,
so clients branch on ``type``, never on prose.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from carbonfactors.errors import CarbonFactorsError

PROBLEM_BASE = "https://carbonfactors.org/problems/"
MEDIA_TYPE = "application/problem+json"

log = logging.getLogger(__name__)

#: HTTP status -> problem type for errors raised by werkzeug itself.
_HTTP_TYPES = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "payload-too-large",
    414: "uri-too-long",
    415: "unsupported-media-type",
    429: "too-many-requests",
}


class Problem(Exception):
    """An error response: ``type`` is the stable kebab-case slug documented in openapi.yaml."""

    def __init__(
        self,
        status: int,
        type: str,
        title: str,
        detail: str | None = None,
        errors: dict[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.errors = errors
        self.extra = extra


#: Longest text echoed in a problem document: messages quote what the client sent, and a
#: megabyte-long location must not come back as a megabyte-long error.
MAX_ECHO = 500


def _short(text: str) -> str:
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def problem_response(problem: Problem) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + problem.type,
        "title": problem.title,
        "status": problem.status,
        "instance": _short(request.path),
    }
    if problem.detail:
        body["detail"] = _short(problem.detail)
    if problem.errors:
        body["errors"] = {
            _short(str(k)): [_short(str(m)) for m in (v if isinstance(v, list) else [v])]
            for k, v in problem.errors.items()
        }
    body.update(problem.extra)
    resp = Response(json.dumps(body), status=problem.status, mimetype=MEDIA_TYPE)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def invalid(errors: dict[str, Any], *, where: str = "query") -> Problem:
    kind = "invalid-parameter" if where == "query" else "invalid-body"
    title = "Invalid query parameter" if where == "query" else "Invalid request body"
    fields = ", ".join(sorted(errors)) or "request"
    return Problem(400 if where == "query" else 422, kind, title, f"check: {fields}", errors=errors)


def from_sdk_error(
    exc: CarbonFactorsError, status: int | None = None, default_field: str | None = None
) -> Problem:
    """Map an SDK error to the same problem type the SDK uses, with its field."""
    default = 404 if exc.type.endswith("not-found") or exc.type == "unknown-version" else 422
    fld = exc.field or default_field
    errors = {fld: [exc.message]} if fld else None
    return Problem(
        status or default,
        exc.type,
        exc.type.replace("-", " ").capitalize(),
        exc.message,
        errors=errors,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(exc: Problem) -> Response:
        return problem_response(exc)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError) -> Response:
        messages = exc.messages if isinstance(exc.messages, dict) else {"request": exc.messages}
        return problem_response(invalid(messages))

    @app.errorhandler(CarbonFactorsError)
    def _sdk(exc: CarbonFactorsError) -> Response:
        return problem_response(from_sdk_error(exc))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        resp = problem_response(
            Problem(status, _HTTP_TYPES.get(status, "http-error"), exc.name, exc.description)
        )
        if status == 405 and exc.response is not None:
            allow = exc.response.headers.get("Allow")
            if allow:
                resp.headers["Allow"] = allow
        elif status == 405 and getattr(exc, "valid_methods", None):
            resp.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return resp

    @app.errorhandler(Exception)
    def _uncaught(exc: Exception) -> Response:
        log.exception("uncaught exception on %s %s", request.method, request.path)
        return problem_response(
            Problem(
                500,
                "internal-error",
                "Internal server error",
                "The server failed to answer this request; it has been logged.",
            )
        )
