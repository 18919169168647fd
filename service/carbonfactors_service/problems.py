"""Every error the API returns is an RFC 9457 problem document, built here and only here.

Handlers raise ``Problem`` (or let marshmallow/werkzeug raise, or let an SDK error through);
the handlers registered by ``init_app`` turn each into ``application/problem+json`` with a
stable kebab-case ``type``, so clients branch on ``type``, never on prose. The status of a
type is never chosen here: it comes from the SDK's registry (``carbonfactors.errors.PROBLEMS``),
the same one the SDK's exceptions, the batch items and openapi.yaml follow.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from carbonfactors.errors import (
    HTTP_STATUS_TYPES,
    PROBLEMS,
    CarbonFactorsError,
    problem_document,
)

from . import request_ids

MEDIA_TYPE = "application/problem+json"

log = logging.getLogger(__name__)


class Problem(Exception):
    """An error response: ``Problem(type, detail=None, errors=..., title=..., **extra)``.

    ``type`` is a slug of the registry, which fixes its status; ``extra`` holds extension
    members (``candidates``, ``limit``...)."""

    def __init__(
        self,
        type_: str,
        detail: str | None = None,
        *,
        errors: dict[str, Any] | None = None,
        title: str | None = None,
        **extra: Any,
    ) -> None:
        entry = PROBLEMS[type_]
        assert entry.status is not None, f"problem type {type_} is never served"
        super().__init__(detail or title or type_)
        self.status: int = entry.status
        self.type = type_
        self.title = title or entry.title
        self.detail = detail
        self.errors = errors
        self.extra = extra


def problem_response(problem: Problem) -> Response:
    """The problem as ``application/problem+json``, built by the SDK's one builder, with the
    request path and the request id (``X-Request-Id``)."""
    body = problem_document(
        problem.type,
        title=problem.title,
        status=problem.status,
        detail=problem.detail,
        errors=problem.errors,
        instance=request.path,
        **problem.extra,
        request_id=request_ids.current(),
    )
    resp = Response(json.dumps(body), status=problem.status, mimetype=MEDIA_TYPE)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def invalid(errors: dict[str, Any], *, where: str = "query") -> Problem:
    kind = "invalid-parameter" if where == "query" else "invalid-body"
    fields = ", ".join(sorted(errors)) or "request"
    return Problem(kind, f"check: {fields}", errors=errors)


def from_sdk_error(exc: CarbonFactorsError, default_field: str | None = None) -> Problem:
    """An SDK error as the problem of the same type (hence the same status), with its field."""
    fld = exc.field or default_field
    errors = {fld: [exc.message]} if fld else None
    type_ = exc.type if exc.type in PROBLEMS and PROBLEMS[exc.type].status else "internal-error"
    return Problem(type_, exc.message, errors=errors, **candidates_of(exc))


def candidates_of(exc: CarbonFactorsError) -> dict[str, Any]:
    """The ``candidates`` extension member ("did you mean") of an SDK error, if it has any."""
    return {"candidates": list(exc.candidates)} if exc.candidates else {}


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
        type_ = HTTP_STATUS_TYPES.get(status, "bad-request" if status < 500 else "internal-error")
        resp = problem_response(Problem(type_, exc.description, title=exc.name))
        if status == 405 and exc.response is not None:
            allow = exc.response.headers.get("Allow")
            if allow:
                resp.headers["Allow"] = allow
        elif status == 405 and getattr(exc, "valid_methods", None):
            resp.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return resp

    @app.errorhandler(Exception)
    def _uncaught(exc: Exception) -> Response:
        log.exception(
            "uncaught exception on %s %s (request id %s)",
            request.method,
            request.path,
            request_ids.current(),
        )
        return problem_response(
            Problem(
                "internal-error",
                "The server failed to answer this request; it has been logged.",
            )
        )
