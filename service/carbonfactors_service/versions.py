"""Dataset versions: list them, describe one, download its snapshot, diff two."""

from __future__ import annotations

import gzip
from typing import Any

from flask import Blueprint, Response, g, request
from marshmallow import fields, validate

from carbonfactors import snapshot as snap
from carbonfactors.bundles import BUNDLES
from carbonfactors_pipeline import licensing as licenses

from . import bundles, versioning
from .caches import caches
from .problems import Problem
from .records import QuerySchema, parse_query

bp = Blueprint("versions", __name__)


@bp.get("/versions")
def list_versions() -> dict[str, Any]:
    args = parse_query(QuerySchema)
    if "version" in args:
        versioning.lookup(args["version"])
    latest = versioning.latest()
    # The list grows when a release is cut: cache it like "latest", whatever was asked.
    g.dataset_version = latest
    items = [v.to_dict() for v in versioning.all_versions()]
    return {"dataset_version": latest.version, "latest": latest.version, "versions": items}


@bp.get("/versions/<version>")
def get_version(version: str) -> dict[str, Any]:
    parse_query(QuerySchema, exclude=("version",))
    v = versioning.requested(version)
    out: dict[str, Any] = {"dataset_version": v.version, **v.to_dict()}
    if v.previous:
        changes = changes_between(versioning.lookup(v.previous), v, bundles.requested())
        out["changelog"] = {
            "from": v.previous,
            "added": len(changes["added"]),
            "changed": len(changes["changed"]),
            "removed": len(changes["removed"]),
        }
    else:
        out["changelog"] = None
    return out


def snapshot_text(version: str) -> bytes:
    """The canonical snapshot bytes of a version, gzip-compressed as stored."""
    return bundles.stored_text(version)


class BundleQuery(QuerySchema):
    bundle = fields.String(load_default="full", validate=validate.OneOf(BUNDLES))


def _bundle_body(version: versioning.Version, name: str) -> tuple[bytes, str]:
    """Gzip-compressed canonical text of a bundle and the SHA-256 of that text."""
    return bundles.body(version, name)


@bp.get("/versions/<version>/snapshot")
def get_snapshot(version: str) -> Response:
    args = parse_query(BundleQuery, exclude=("version",))
    v = versioning.requested(version)
    body, sha256 = _bundle_body(v, args["bundle"])
    if request.accept_encodings.quality("gzip") > 0:
        resp = Response(body, mimetype="application/json")
        resp.headers["Content-Encoding"] = "gzip"
    else:
        resp = Response(gzip.decompress(body), mimetype="application/json")
    resp.headers["X-Snapshot-SHA256"] = sha256
    resp.headers["X-Snapshot-Bundle"] = args["bundle"]
    return resp


def _manifest(version: str) -> tuple[versioning.Version, dict[str, Any]]:
    """The licence manifest of the requested bundle of a version, computed once per process."""
    args = parse_query(BundleQuery, exclude=("version",))
    v = versioning.requested(version)
    return v, bundles.manifest(v, args["bundle"])


@bp.get("/versions/<version>/licenses")
def get_licenses(version: str) -> dict[str, Any]:
    """The licence manifest of a bundle: per licence and per source, with attribution."""
    v, manifest = _manifest(version)
    return {"dataset_version": v.version, **manifest}


@bp.get("/versions/<version>/notice")
def get_notice(version: str) -> Response:
    """The NOTICE of a bundle: the attributions its licences ask for, as plain text."""
    _, manifest = _manifest(version)
    return Response(licenses.render_notice(manifest), mimetype="text/plain")


def load_snapshot(version: str) -> snap.Snapshot:
    return bundles.load_snapshot(version)


def changes_between(
    old: versioning.Version, new: versioning.Version, bundle: str
) -> dict[str, list[dict[str, Any]]]:
    """The diff of one bundle of two versions, kept in the app's small ``diffs`` cache.

    Per bundle, because a bundle is what a user holds: a value a later release leaves out of
    ``full`` (an AGPL-derived one) is removed for them, although the release's database
    still has its row. The offline Client diffs the same two bundle snapshots.
    """
    hit: dict[str, list[dict[str, Any]]] = caches().get_or_compute(
        "diffs",
        (old.version, new.version, bundle),
        lambda: snap.diff(bundles.snapshot(old, bundle), bundles.snapshot(new, bundle)),
    )
    return hit


def require_distinct(old: versioning.Version, new: versioning.Version) -> None:
    """A diff of a version with itself is a mistake in ``from``, said as a 400."""
    if old.version == new.version:
        raise Problem(
            "invalid-parameter",
            "'from' must name another version than the one being compared",
            errors={"from": ["must differ from the version being compared"]},
        )


class ChangesQuery(QuerySchema):
    from_ = fields.String(required=True, data_key="from", validate=validate.Length(min=1, max=32))


@bp.get("/versions/<version>/changes")
def get_changes(version: str) -> dict[str, Any]:
    args = parse_query(ChangesQuery, exclude=("version",))
    new = versioning.requested(version)
    old = versioning.lookup(args["from_"])
    require_distinct(old, new)
    if old.version == versioning.DEV:
        # Compared with dev, the answer changes whenever dev does: revalidate every time.
        g.dataset_version = versioning.Version(
            **{**new.__dict__, "pinned": False, "is_release": False}
        )
    changes = changes_between(old, new, bundles.requested())
    return {
        **bundles.labels(new),
        "from": old.version,
        "added": changes["added"],
        "changed": changes["changed"],
        "removed": changes["removed"],
    }
