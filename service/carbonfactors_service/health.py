"""GET /v1/health: is the database there and which versions does it serve."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from . import bundles, versioning
from .records import QuerySchema, parse_query

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> tuple[dict[str, Any], int, dict[str, str]]:
    args = parse_query(QuerySchema)
    v = versioning.requested(args.get("version"))
    body = {
        "status": "ok",
        **bundles.labels(v),
        "latest": versioning.latest().version,
        "versions": len(versioning.all_versions()),
    }
    # Health describes the running service, not the data: never cache it.
    return body, 200, {"Cache-Control": "no-cache"}
