"""The factor explorer: HTML pages at ``/`` over the same data, versions and engine as the API.

Server-rendered Jinja2 templates, one stylesheet served by the app, inline SVG charts and
no script at all, so every page works under a strict same-origin Content-Security-Policy,
with the keyboard, and on a phone. Every page reads ``?version=`` like the API, shows a
permalink pinned to the version it shows, a "cite this" block, and links to the JSON
answer of the same view under ``/v1``.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from carbonfactors.errors import HTTP_STATUS_TYPES, CarbonFactorsError

from ..http_cache import REVALIDATE, latest_policy
from ..problems import Problem, from_sdk_error
from . import calculator, compare, pages
from .context import fmt_number, template_globals

bp = Blueprint(
    "explorer",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)

_ROUTES = (
    ("/", "home", pages.home),
    ("/zones/<path:zone>", "zone", pages.zone),
    ("/compare/zones/<path:zone>", "zone_sources", pages.zone_sources),
    ("/hardware/<path:model>", "hardware", pages.hardware),
    ("/categories/<category>", "category", pages.category),
    ("/operators/<path:operator>", "operator", pages.operator),
    ("/sources/<path:source>", "source", pages.source),
    ("/calculator", "calculator", calculator.calculator),
    ("/compare", "compare", compare.compare),
)
for rule, endpoint, view in _ROUTES:
    bp.add_url_rule(rule, endpoint, view, methods=["GET"])


def _error_page(problem: Problem) -> tuple[str, int]:
    return render_template("explorer/error.html", problem=problem, title=problem.title), (
        problem.status
    )


@bp.errorhandler(Problem)
def _problem(exc: Problem) -> tuple[str, int]:
    return _error_page(exc)


@bp.errorhandler(CarbonFactorsError)
def _sdk(exc: CarbonFactorsError) -> tuple[str, int]:
    return _error_page(from_sdk_error(exc))


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException) -> tuple[str, int]:
    status = exc.code or 500
    type_ = HTTP_STATUS_TYPES.get(status, "bad-request" if status < 500 else "internal-error")
    return _error_page(Problem(type_, exc.description, title=exc.name))


@bp.after_request
def _cache(resp: Response) -> Response:
    """A page lists the releases (its version switcher), which grow when one is cut: so
    even a pinned page is cached briefly, never as ``immutable`` like pinned JSON."""
    if resp.status_code >= 400:
        resp.headers["Cache-Control"] = "no-store"
    elif request.endpoint != "explorer.static" and "Cache-Control" not in resp.headers:
        pinned = request.args.get("version")
        resp.headers["Cache-Control"] = REVALIDATE if pinned == "dev" else latest_policy()
    return resp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(fmt_number, "num")
    for name, fn in template_globals().items():
        app.add_template_global(fn, name)
