"""``GET /v1``: the index of the API's resources; and what an unknown route, a wrong method or
an oversized body answer.

Both read the routes from openapi.yaml (``apidocs.load_spec``), the contract the service
serves, so the index, the "did you mean" of a 404 and the docs list the same paths. The
problem documents are built with the one builder (``problems.Problem``); the handlers here
only add what the user should do next: the route they may have meant, the methods a route
allows, the body limit and how to split a batch under it.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from .apidocs import load_spec
from .problems import Problem, problem_response
from .records import QuerySchema, parse_query

bp = Blueprint("index", __name__)

_METHODS = ("get", "post", "put", "patch", "delete")
_PARAM = re.compile(r"\{[^}]+\}")


def routes() -> list[dict[str, Any]]:
    """Every operation of the contract: method, path, summary and a link to its docs."""
    _, spec = load_spec()
    out = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is not None:
                anchor = op.get("operationId", "")
                out.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "docs": f"/v1/docs#op-{anchor}" if anchor else "/v1/docs",
                    }
                )
    return out


@bp.get("")
def index() -> dict[str, Any]:
    parse_query(QuerySchema)
    _, spec = load_spec()
    info = spec.get("info", {})
    return {
        "title": info.get("title", ""),
        "api_version": info.get("version", ""),
        "docs": "/v1/docs",
        "openapi": "/v1/openapi.yaml",
        "resources": routes(),
    }


def _closest_route(path: str) -> str | None:
    """The documented route an unknown path most resembles (``/v1/zone/FR`` ->
    ``/v1/zones/{zone}``): a route's ``{parameters}`` take the request's segments at their
    place before the spelling is compared."""
    asked = path.rstrip("/")
    asked_segs = asked.split("/")
    best: tuple[float, str] = (0.0, "")
    for route in {r["path"] for r in routes()}:
        segs = route.split("/")
        filled = route
        if len(segs) == len(asked_segs):
            filled = "/".join(
                a if _PARAM.fullmatch(s) else s for s, a in zip(segs, asked_segs, strict=True)
            )
        best = max(best, (difflib.SequenceMatcher(None, asked, filled).ratio(), route))
    return best[1] if best[0] >= 0.75 else None


def _not_found(exc: HTTPException) -> Response:
    path = request.path
    if not path.startswith("/v1"):
        problem = Problem(
            "not-found",
            f"no page '{path}': the explorer starts at / (search there), the calculator is at "
            "/calculator, the API at /v1",
        )
        if _wants_html():
            # A browser gets the explorer's error page (with its search form), not JSON.
            page = render_template("explorer/error.html", problem=problem, title=problem.title)
            resp = Response(page, status=404, mimetype="text/html")
            resp.headers["Cache-Control"] = "no-store"
            return resp
        return problem_response(problem)
    near = _closest_route(path)
    hint = f"; did you mean {near}?" if near else ""
    problem = Problem(
        "not-found",
        f"no API route '{path}'{hint} GET /v1 lists every resource, /v1/docs documents them",
    )
    if near:
        problem.extra["candidates"] = [near]
    return problem_response(problem)


def _wants_html() -> bool:
    """True when the client prefers HTML to JSON (a browser's Accept header)."""
    best = request.accept_mimetypes.best_match(["application/problem+json", "text/html"])
    return best == "text/html"


def _method_not_allowed(exc: HTTPException) -> Response:
    allowed = sorted(getattr(exc, "valid_methods", None) or [])
    shown = [m for m in allowed if m not in ("HEAD", "OPTIONS")] or allowed
    resp = problem_response(
        Problem(
            "method-not-allowed",
            f"{request.method} is not allowed on {request.path}: use {' or '.join(shown)}",
        )
    )
    if allowed:
        resp.headers["Allow"] = ", ".join(allowed)
    return resp


def _too_large(exc: HTTPException) -> Response:
    limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    sent = request.content_length
    size = f"{sent:,} bytes" if sent else "the body"
    how = (
        "split the jobs into several POST /v1/footprints requests, each under the limit"
        if request.path.startswith("/v1/footprint")
        else "send a smaller body"
    )
    return problem_response(
        Problem(
            "payload-too-large",
            f"{size} is over the limit of {limit:,} bytes ({limit / 2**20:g} MiB): {how}",
            limit=limit,
        )
    )


def init_app(app: Flask) -> None:
    """Register the index and the 404/405/413 answers (status handlers win over the generic
    ``HTTPException`` one of ``problems``)."""
    app.register_blueprint(bp, url_prefix="/v1")
    app.register_error_handler(404, _not_found)
    app.register_error_handler(405, _method_not_allowed)
    app.register_error_handler(413, _too_large)
