"""GET /v1/health: is the database there and which versions does it serve."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from . import versioning

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> dict[str, Any]:
    versions = versioning.all_versions()
    return {
        "status": "ok",
        "latest": versioning.latest().version,
        "versions": len(versions),
    }
