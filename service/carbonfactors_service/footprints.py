"""POST /footprint and /footprints: the SDK's footprint engine over HTTP.

``GET /footprint?job=<the job document as JSON>`` answers the same for one job, so a
footprint is a link (the explorer's calculator links to it) and is cacheable like any GET.

The job document is exactly the SDK's (``carbonfactors.parse_job`` checks it), computed
with ``carbonfactors.footprint`` / ``footprints`` on the requested version's snapshot, so
the same job gives the same numbers in Python, in the CLI and here. A batch keeps its
order and reports a bad job in its place instead of failing the others.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, request
from marshmallow import fields, validate

import carbonfactors
from carbonfactors.engine import JobError
from carbonfactors.errors import CarbonFactorsError

from . import bundles, versioning
from .datasets import dataset_for
from .problems import Problem, from_sdk_error
from .records import QuerySchema, parse_query

bp = Blueprint("footprints", __name__)

#: Most jobs in one POST /footprints; more is a 413 ``batch-too-large``.
MAX_BATCH = 1000


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def json_body() -> Any:
    """The request body as JSON, or the problem that explains why it is not."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise Problem(
            "unsupported-media-type",
            f"send the body as application/json (got '{mimetype or 'no content type'}')",
        )
    raw = request.get_data()  # bounded by MAX_CONTENT_LENGTH: 413 above it
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        detail = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        raise Problem(
            "malformed-json",
            f"the request body is not valid JSON: {detail}"[:300],
        ) from None


def job_problem(exc: CarbonFactorsError) -> Problem:
    """A job the engine refused: the SDK's problem type (so its status) and the field."""
    return from_sdk_error(exc, default_field="job")


def _footprint(v: versioning.Version, doc: Any) -> dict[str, Any]:
    try:
        result = carbonfactors.footprint(doc, dataset=dataset_for(v))
    except CarbonFactorsError as exc:
        raise job_problem(exc) from None
    return result.to_dict()


@bp.post("/footprint")
def post_footprint() -> dict[str, Any]:
    args = parse_query(QuerySchema)
    v = versioning.requested(args.get("version"))
    return _footprint(v, json_body())


#: Longest ``job`` accepted in a query string (a body can be larger: POST it).
MAX_JOB_QUERY = 4000


class FootprintQuery(QuerySchema):
    job = fields.String(required=True, validate=validate.Length(1, MAX_JOB_QUERY))


@bp.get("/footprint")
def get_footprint() -> dict[str, Any]:
    args = parse_query(FootprintQuery)
    v = versioning.requested(args.get("version"))
    try:
        doc = json.loads(args["job"], parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise Problem(
            "invalid-parameter",
            "job must be a job document written as JSON",
            errors={"job": ["not valid JSON"]},
        ) from None
    return _footprint(v, doc)


@bp.post("/footprints")
def post_footprints() -> dict[str, Any]:
    args = parse_query(QuerySchema)
    v = versioning.requested(args.get("version"))
    doc = json_body()
    if not isinstance(doc, dict):
        raise Problem(
            "invalid-body",
            'send an object: {"jobs": [job, ...]}',
            errors={"body": ['must be an object with a "jobs" list']},
        )
    extra = sorted(k for k in doc if k != "jobs")
    if extra or not isinstance(doc.get("jobs"), list):
        errors = {k: ["unknown key (allowed: jobs)"] for k in extra}
        if not isinstance(doc.get("jobs"), list):
            errors["jobs"] = ["required: a list of job documents"]
        raise Problem("invalid-body", "check: jobs", errors=errors)
    jobs = doc["jobs"]
    if len(jobs) > MAX_BATCH:
        raise Problem(
            "batch-too-large",
            f"{len(jobs)} jobs in one request; at most {MAX_BATCH}: split the batch",
            errors={"jobs": [f"at most {MAX_BATCH} items (got {len(jobs)})"]},
            limit=MAX_BATCH,
            received=len(jobs),
        )
    results = carbonfactors.footprints(jobs, dataset=dataset_for(v))
    items: list[dict[str, Any]] = []
    failed = 0
    for i, res in enumerate(results):
        if isinstance(res, JobError):
            failed += 1
            items.append({"index": i, "ok": False, "error": res.problem()})
        else:
            items.append({"index": i, "ok": True, "result": res.to_dict()})
    return {
        **bundles.labels(v),
        "count": len(items),
        "failed": failed,
        "results": items,
    }
