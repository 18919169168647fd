"""POST /v1/bills/focus: the footprint of an uploaded FOCUS CSV, grouped like a bill.

A bill is private data, so this handler is built around what it must not do:

* **never on disk**: the body is read from the WSGI stream (``text/csv`` only: multipart
  forms are refused, as werkzeug spools large form parts to temporary files) and parsed
  chunk by chunk by pandas in memory; nothing is written, cached or memoized;
* **never in logs**: no line, value, account or resource id of the bill reaches a log or
  an error message; a file that cannot be read gets a problem that names the expected
  columns or the line count, never its content; ``Cache-Control: no-store`` on every answer;
* **no account ids beyond the group-by asked**: the answer holds the groups asked for
  (``group_by``, default service,region,month) and a summary without resource ids;
  ``account`` or ``resource`` ids appear only when grouped by them;
* **bounded**: at most ``BILL_MAX_BYTES`` (default 25 MB; 413 ``payload-too-large``, also
  while streaming a body sent without a length), ``BILL_RATE`` uploads per client and
  minute (429 ``too-many-requests``; behind the proxy, per forwarded client address) and
  ``CONCURRENCY`` at once per worker. ``deploy/nginx/carbonfactors.conf`` applies the same limits at the proxy.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from flask import Blueprint, Response, current_app, g, request
from marshmallow import fields, validate
from werkzeug.exceptions import RequestEntityTooLarge

from carbonfactors.errors import CarbonFactorsError

from . import versioning
from .datasets import dataset_for
from .problems import Problem
from .records import QuerySchema, parse_query

bp = Blueprint("bills", __name__)

MAX_BYTES = 25 * 1024 * 1024
RATE_PER_MINUTE = 10
CONCURRENCY = 2
GROUPS = ("account", "project", "service", "region", "resource", "month")
DEFAULT_GROUPS = "service,region,month"
#: Rows per chunk while reading an upload (memory per request ~ a chunk of strings).
CHUNK_ROWS = 20_000


class BillQuery(QuerySchema):
    group_by = fields.String(load_default=DEFAULT_GROUPS, validate=validate.Length(1, 200))
    method = fields.String(
        load_default="carbonfactors", validate=validate.OneOf(("carbonfactors", "ccf"))
    )


class _Rate:
    """Uploads per client per minute, in this worker (bounded: oldest clients forgotten)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: OrderedDict[str, list[float]] = OrderedDict()

    def check(self, client: str, limit: int) -> float | None:
        """Seconds to wait when ``client`` is over ``limit`` in the last minute, else None."""
        now = time.monotonic()
        with self.lock:
            times = [t for t in self.seen.pop(client, []) if now - t < 60.0]
            if len(times) >= limit:
                self.seen[client] = times
                return 60.0 - (now - times[0])
            times.append(now)
            self.seen[client] = times
            while len(self.seen) > 10_000:
                self.seen.popitem(last=False)
        return None


_rate = _Rate()
_slots = threading.BoundedSemaphore(CONCURRENCY)


class _Bounded:
    """The request stream, refusing to read past ``limit`` bytes (413 while streaming)."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.stream.read(size if size is not None and size >= 0 else self.limit + 1)
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise _TooLarge()
        return data

    def readable(self) -> bool:
        return True

    def __iter__(self) -> Any:  # pandas checks for a file-like object by these attributes
        return iter(lambda: self.read(65536), b"")


class _TooLarge(Exception):
    pass


#: Peers whose X-Forwarded-For is believed (the nginx of deploy/, on the same host).
TRUSTED_PROXIES = ("127.0.0.1", "::1")


def _client() -> str:
    """The client a rate applies to: behind a trusted proxy, the address it forwarded (the
    last one of X-Forwarded-For, which nginx appends); else the peer itself."""
    peer = request.remote_addr or "?"
    trusted = current_app.config.get("BILL_TRUSTED_PROXIES", TRUSTED_PROXIES)
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and peer in trusted:
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return peer


def _too_large(limit: int) -> Problem:
    return Problem(
        "payload-too-large",
        f"the bill is over {limit:,} bytes: split it by month or account, or use the CLI "
        "(carbonfactors footprint --from focus), which streams files of any size",
        limit=limit,
    )


def _groups(text: str) -> list[str]:
    names = [g.strip() for g in text.split(",") if g.strip()]
    bad = [n for n in names if n not in GROUPS]
    if bad or not names:
        raise Problem(
            "invalid-parameter",
            f"group_by: comma-separated among {', '.join(GROUPS)}",
            errors={"group_by": [f"unknown group '{bad[0]}'" if bad else "empty"]},
        )
    return names


@bp.post("/bills/focus")
def post_focus() -> Any:
    args = parse_query(BillQuery)
    v = versioning.requested(args.get("version"))
    groups = _groups(args["group_by"])
    if (request.mimetype or "") not in ("text/csv", "application/csv"):
        raise Problem(
            "unsupported-media-type",
            f"send the FOCUS export as the raw body with Content-Type text/csv "
            f"(got '{request.mimetype or 'no content type'}'; multipart forms are not read)",
        )
    limit = int(current_app.config.get("BILL_MAX_BYTES", MAX_BYTES))
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    client = _client()
    wait = _rate.check(client, int(current_app.config.get("BILL_RATE", RATE_PER_MINUTE)))
    if wait is not None:
        raise Problem(
            "too-many-requests",
            f"at most {current_app.config.get('BILL_RATE', RATE_PER_MINUTE)} bill uploads a "
            "minute per client: retry later",
            retry_after=int(wait) + 1,
        )
    if not _slots.acquire(blocking=False):
        raise Problem("too-many-requests", "bills are being computed: retry in a few seconds")
    try:
        return _compute(v, groups, args["method"], limit)
    finally:
        _slots.release()


def _compute(v: versioning.Version, groups: list[str], method: str, limit: int) -> Any:
    from carbonfactors.readers.bills import footprint_bill

    # The app-wide MAX_CONTENT_LENGTH is for JSON bodies: this route has its own bound,
    # enforced by werkzeug on the stream and, for bodies sent without a length, by _Bounded.
    request.max_content_length = limit
    stream = _Bounded(request.stream, limit)
    try:
        result = footprint_bill(
            stream,  # type: ignore[arg-type]  # file-like: read() is all pandas uses
            "focus",
            dataset=dataset_for(v),
            method=method,
            group_by=groups,
            keep_lines=False,
            chunk_rows=CHUNK_ROWS,
        )
    except (_TooLarge, RequestEntityTooLarge):
        raise _too_large(limit) from None
    except CarbonFactorsError as exc:
        # Header problems name the columns expected, never the file's content.
        detail = exc.message if exc.field == "header" else "the body is not a readable FOCUS CSV"
        raise Problem("invalid-body", detail, errors={"body": [exc.field or "file"]}) from None
    except Exception:  # noqa: BLE001 - no traceback or message of a private file may be logged
        raise Problem("invalid-body", "the body is not a readable FOCUS CSV") from None
    g.dataset_version = v
    summary = dict(result.summary)
    out = {
        "dataset_version": v.version,
        "method": method,
        "group_by": groups,
        "summary": _public(summary, groups),
        "groups": {
            name: _records(table) for name, table in result.groups.items() if name in groups
        },
    }
    return out


def _public(summary: dict[str, Any], groups: list[str]) -> dict[str, Any]:
    """The summary without resource ids (asked for only through group_by=resource)."""
    if "resource" not in groups:
        summary.pop("top_resources", None)
    return summary


def _records(table: Any) -> list[dict[str, Any]]:
    import math

    rows = []
    for rec in table.to_dict("records"):
        rows.append(
            {
                k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in rec.items()
            }
        )
    return rows


@bp.after_request
def _no_store(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "no-store"
    return resp
