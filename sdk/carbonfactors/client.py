"""``carbonfactors.Client``: the HTTP API as typed methods, offline-first and pinnable.

    client = carbonfactors.Client("https://api.example.org", version="2026.11")
    client.grid_intensity("FR", year=2023).value
    client.sync()                       # newest release into the per-user store, verified

Every method answers from the service when there is one, else (``offline=True``, or no URL
at all) from the newest local snapshot (synced, else bundled); the result says which in
``dataset_version``. A non-strict client whose service is unreachable answers from the
local snapshot and warns once; a strict one raises ``ServiceUnavailable``.

Caching: answers the service marks ``immutable`` (a pinned release) are kept without
expiry; the others (the moving ``latest``) live ``cache_ttl`` seconds, then are revalidated
with ``If-None-Match`` (a 304 costs no body). Retries: urllib3's ``Retry`` with exponential
backoff and jitter on connection errors, read timeouts, 429 (honouring ``Retry-After``) and
5xx, stopped early when the next wait would overrun ``retry_budget`` seconds in total.
Errors: every failure is a ``CarbonFactorsError`` subclass from the one registry
(``carbonfactors.errors``), with ``status``, the ``problem`` document and ``request_id``;
transport errors are wrapped in ``ServiceUnavailable`` (the original is ``__cause__``).
"""

from __future__ import annotations

import contextvars
import dataclasses
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import requests
from cachetools import LRUCache, TTLCache
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.exceptions import TimeoutError as TimeoutError_
from urllib3.util.retry import Retry

from . import bundles, store
from . import snapshot as snap
from .dataset import Dataset, forget_loaded, load_dataset
from .errors import (
    CarbonFactorsError,
    DatasetError,
    InvalidInput,
    ServiceError,
    ServiceUnavailable,
    from_problem,
)
from .results import (
    Changes,
    FactorRecord,
    FootprintFailure,
    FootprintResult,
    HardwareRecord,
    Pages,
    Resolved,
    ResultList,
    SourceRecord,
    SyncResult,
    VersionInfo,
    ZoneRecord,
)

URL_ENV = "CARBONFACTORS_URL"
#: Jobs per POST /v1/footprints (the service's limit).
BATCH = 1000
T = TypeVar("T")

#: Deadline (time.monotonic) of the request being sent in this context, read by the Retry.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "carbonfactors_deadline", default=None
)


class OfflineFallbackWarning(UserWarning):
    """The service was unreachable; answers come from the local snapshot (warned once)."""


class BudgetRetry(Retry):
    """urllib3's Retry, refusing any retry whose wait would overrun the request's budget."""

    def increment(self, *args: Any, **kwargs: Any) -> BudgetRetry:
        new: BudgetRetry = super().increment(*args, **kwargs)
        deadline = _deadline.get()
        if deadline is None:
            return new
        response = kwargs.get("response") if "response" in kwargs else _arg(args, 2)
        wait = new.get_retry_after(response) if response is not None else None
        if wait is None:
            wait = new.get_backoff_time()
        if time.monotonic() + wait > deadline:
            error = kwargs.get("error") if "error" in kwargs else _arg(args, 3)
            pool = kwargs.get("_pool") if "_pool" in kwargs else _arg(args, 4)
            url = kwargs.get("url") if "url" in kwargs else _arg(args, 1)
            status = getattr(response, "status", None)
            reason = error or ResponseError(
                f"retry budget exhausted (last answer: {status}, next wait {wait:.1f} s)"
            )
            raise MaxRetryError(pool, url, reason) from reason  # type: ignore[arg-type]
        return new


def _nothing(_: Dataset) -> None:
    return None


def _arg(args: tuple[Any, ...], i: int) -> Any:
    return args[i] if len(args) > i else None


def make_retry(max_retries: int) -> BudgetRetry:
    options: dict[str, Any] = dict(
        total=max_retries,
        connect=max_retries,
        read=max_retries,
        status=max_retries,
        other=0,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        # Footprints are pure computations: retrying a POST cannot do anything twice.
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    try:  # urllib3 2.x: capped backoff with jitter
        return BudgetRetry(**options, backoff_max=8.0, backoff_jitter=0.5)
    except TypeError:  # urllib3 1.26 (requests allows it): no jitter, default cap
        return BudgetRetry(**options)


class Client:
    """The carbonfactors API, typed; see the module docstring for caching and resilience."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        version: str | None = None,
        timeout: float | tuple[float, float] = (3.05, 30),
        session: requests.Session | None = None,
        cache_dir: str | Path | None = None,
        offline: bool | None = None,
        strict: bool = False,
        max_retries: int = 3,
        retry_budget: float = 60.0,
        cache_ttl: float = 300.0,
        cache_size: int = 1024,
        bundle: str | None = None,
    ) -> None:
        url = base_url or os.environ.get(URL_ENV) or None
        self.base_url = url.rstrip("/") if url else None
        self.offline = self.base_url is None if offline is None else offline
        if not self.offline and self.base_url is None:
            raise InvalidInput(
                f"no service URL: pass base_url or set {URL_ENV} (or use offline=True)",
                field="base_url",
            )
        self.version = version
        #: The bundle every call reads, online and offline alike (``carbonfactors.bundles``):
        #: given, else ``full`` when its data is installed (``carbonfactors[full]``), else
        #: ``open`` (the wheel's). Online calls send it, so both paths answer from one bundle.
        self.bundle = bundles.check(bundle, default=_local_bundle())
        self.timeout = timeout
        self.strict = strict
        self.retry_budget = retry_budget
        self.cache_dir = store.cache_dir(cache_dir)
        self.session = session or requests.Session()
        adapter = HTTPAdapter(max_retries=make_retry(max_retries))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._lock = threading.Lock()
        self._immutable: LRUCache[Any, Any] = LRUCache(maxsize=cache_size)
        self._fresh: TTLCache[Any, Any] = TTLCache(maxsize=cache_size, ttl=cache_ttl)
        self._validators: LRUCache[Any, tuple[str, Any]] = LRUCache(maxsize=cache_size)
        self._warned = False
        #: Counters, for tests and curious users: requests sent, cache hits, 304s.
        self.stats = {"requests": 0, "cache_hits": 0, "revalidated": 0, "fallbacks": 0}

    def __repr__(self) -> str:
        where = "offline" if self.offline else self.base_url
        return f"Client({where!r}, version={self.version!r})"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    # -- transport -------------------------------------------------------------------------
    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        assert self.base_url is not None
        token = _deadline.set(time.monotonic() + self.retry_budget)
        self.stats["requests"] += 1
        try:
            resp = self.session.request(
                method, self.base_url + path, timeout=self.timeout, **kwargs
            )
            _ = resp.content  # read the body now: a truncated one fails here, wrapped below
        except requests.RequestException as exc:
            raise ServiceUnavailable(
                f"{method} {path}: no usable answer from {self.base_url} ({_describe(exc)})"
            ) from exc
        finally:
            _deadline.reset(token)
        if resp.status_code >= 400:
            raise _error(resp)
        return resp

    def _params(self, params: Mapping[str, Any] | None, pinned: bool = True) -> dict[str, Any]:
        out = {k: v for k, v in (params or {}).items() if v is not None}
        if pinned and self.version is not None:
            out.setdefault("version", self.version)
        out.setdefault("bundle", self.bundle)
        return out

    def _get(
        self, path: str, params: Mapping[str, Any] | None = None, *, pinned: bool = True
    ) -> Any:
        """GET JSON through the caches (immutable forever; others TTL, then If-None-Match).
        ``pinned=False`` for paths that name their version themselves."""
        query = self._params(params, pinned)
        key = (path, tuple(sorted(query.items())))
        with self._lock:
            hit = self._immutable.get(key)
            if hit is None:
                hit = self._fresh.get(key)
            stale = self._validators.get(key)
        if hit is not None:
            self.stats["cache_hits"] += 1
            return hit
        headers = {"If-None-Match": stale[0]} if stale else {}
        resp = self._send("GET", path, params=query, headers=headers)
        if resp.status_code == 304 and stale is not None:
            self.stats["revalidated"] += 1
            body = stale[1]
        else:
            body = _json(resp)
        etag = resp.headers.get("ETag") or (stale[0] if stale else None)
        with self._lock:
            if "immutable" in resp.headers.get("Cache-Control", ""):
                self._immutable[key] = body
            else:
                self._fresh[key] = body
                if etag:
                    self._validators[key] = (etag, body)
        return body

    def _post(self, path: str, body: Any) -> Any:
        return _json(self._send("POST", path, params=self._params(None), json=body))

    def _either(self, online: Callable[[], T], offline: Callable[[Dataset], T]) -> T:
        """Ask the service; unreachable and not strict, answer from the local snapshot."""
        if self.offline:
            return offline(self.dataset())
        try:
            return online()
        except ServiceError as exc:
            if self.strict:
                raise
            self.stats["fallbacks"] += 1
            if not self._warned:
                self._warned = True
                warnings.warn(
                    f"carbonfactors service unavailable ({exc.message}); answering from the "
                    "local snapshot (see dataset_version); pass strict=True to raise instead",
                    OfflineFallbackWarning,
                    stacklevel=3,
                )
            return offline(self.dataset())

    def dataset(self) -> Dataset:
        """The local dataset offline answers come from (the pinned version, else the newest)."""
        return load_dataset(version=self.version, cache_dir=self.cache_dir, bundle=self.bundle)

    # -- versions --------------------------------------------------------------------------
    def versions(self) -> list[VersionInfo]:
        """Dataset versions: the service's, or offline the local ones (synced, bundled)."""

        def online() -> list[VersionInfo]:
            doc = self._send("GET", "/v1/versions").json()
            return [VersionInfo.from_json(v) for v in doc["versions"]]

        def offline(_: Dataset) -> list[VersionInfo]:
            return [VersionInfo(v, origin=o) for v, o in store.candidates(self.cache_dir)]

        return self._either(online, offline)

    def changes(self, from_version: str, to_version: str | None = None) -> Changes:
        """Factors added, changed (old → new) and removed between two versions."""

        def online() -> Changes:
            target = to_version or self.version or self._latest()
            doc = self._get(
                f"/v1/versions/{quote(target, safe='')}/changes",
                {"from": from_version},
                pinned=False,
            )
            return _changes(doc["from"], doc["dataset_version"], doc)

        def offline(ds: Dataset) -> Changes:
            new = (
                ds
                if to_version is None
                else load_dataset(version=to_version, cache_dir=self.cache_dir)
            )
            old = load_dataset(version=from_version, cache_dir=self.cache_dir)
            return _changes(
                old.version, new.version, snap.diff(dict(old.snapshot), dict(new.snapshot))
            )

        return self._either(online, offline)

    def _latest(self) -> str:
        latest: str = self._send("GET", "/v1/versions").json()["latest"]
        return latest

    # -- lookups ---------------------------------------------------------------------------
    def factor(self, factor_id: str) -> FactorRecord:
        def online() -> FactorRecord:
            doc = self._get(f"/v1/factors/{quote(factor_id, safe=':')}")
            return FactorRecord.from_json(doc["factor"], dataset_version=doc["dataset_version"])

        return self._either(online, lambda ds: _factor_offline(ds, ds.factor(factor_id).id))

    def factors(self, *, limit: int = 100, **filters: Any) -> Pages[FactorRecord]:
        """Factors matching ``filters`` (kind, subject, zone, year, source, basis, license,
        q), fetched page by page as they are iterated."""

        def offline(ds: Dataset) -> Iterator[list[FactorRecord]]:
            found = [
                f
                for f in ds.snapshot["factors"]
                if _matches(f, filters, ("id",))
                and filters.get("license") in (None, ds.sources.get(f["source"], {}).get("license"))
            ]
            yield [_factor_offline(ds, f["id"]) for f in sorted(found, key=lambda f: f["id"])]

        return Pages(partial(self._paged, "/v1/factors", filters, limit, FactorRecord, offline))

    def zones(self, *, limit: int = 100, **filters: Any) -> Pages[ZoneRecord]:
        """Zones matching ``filters`` (type, provider, parent, q), page by page."""

        def offline(ds: Dataset) -> Iterator[list[ZoneRecord]]:
            found = [
                z for z in ds.snapshot["zones"] if _matches(z, filters, ("id", "name", "aliases"))
            ]
            yield [ZoneRecord.from_json(z, dataset_version=ds.version) for z in found]

        return Pages(partial(self._paged, "/v1/zones", filters, limit, ZoneRecord, offline))

    def hardware_list(self, *, limit: int = 100, **filters: Any) -> Pages[HardwareRecord]:
        """Hardware models matching ``filters`` (category, vendor, provider, q), page by page."""

        def offline(ds: Dataset) -> Iterator[list[HardwareRecord]]:
            found = [
                h
                for h in ds.snapshot["hardware"]
                if _matches(h, filters, ("id", "name", "aliases"))
            ]
            yield [HardwareRecord.from_json(h, dataset_version=ds.version) for h in found]

        return Pages(partial(self._paged, "/v1/hardware", filters, limit, HardwareRecord, offline))

    def _paged(
        self,
        path: str,
        filters: Mapping[str, Any],
        limit: int,
        cls: Any,
        offline: Callable[[Dataset], Iterator[list[Any]]],
    ) -> Iterator[list[Any]]:
        cursor: str | None = None
        while True:
            params = {**filters, "limit": limit, "cursor": cursor}
            if cursor is None:
                doc: Any = self._either(partial(self._get, path, params), _nothing)
            else:  # past the first page, falling back would repeat items: errors propagate
                doc = self._get(path, params)
            if doc is None:  # offline, or the service is unreachable: the local snapshot
                yield from offline(self.dataset())
                return
            yield [
                cls.from_json(item, dataset_version=doc["dataset_version"]) for item in doc["items"]
            ]
            cursor = doc.get("next_cursor")
            if not cursor:
                return

    def grid_intensity(
        self, zone: str, year: int | None = None, basis: str | None = None
    ) -> Resolved:
        """Grid intensity of a zone or cloud region, resolved along its zone chain."""

        def online() -> Resolved:
            path = f"/v1/zones/{quote(zone, safe=':')}/grid-intensity"
            doc = self._get(path, {"year": year, "basis": basis})
            return _resolved(doc, doc["resolved_zone"])

        def offline(ds: Dataset) -> Resolved:
            res = ds.resolve_grid(zone, year, basis or "lifecycle")
            return _resolved_offline(ds, res)

        return self._either(online, offline)

    def pue(self, operator: str, year: int | None = None) -> Resolved:
        """PUE of an operator, campus or ``industry``, resolved along its parent chain."""

        def online() -> Resolved:
            doc = self._get(f"/v1/pue/{quote(operator, safe=':')}", {"year": year})
            return _resolved(doc, doc["resolved_operator"])

        def offline(ds: Dataset) -> Resolved:
            return _resolved_offline(ds, ds.resolve_pue(operator=operator, year=year))

        return self._either(online, offline)

    def hardware(self, model: str) -> HardwareRecord:
        """A hardware model by id, alias or messy name (``H100 SXM``)."""

        def online() -> HardwareRecord:
            doc = self._get(f"/v1/hardware/{quote(model, safe='')}")
            match = doc.get("match")
            how = match.get("how") if isinstance(match, dict) else match
            return HardwareRecord.from_json(
                doc["hardware"], match=how, dataset_version=doc["dataset_version"]
            )

        def offline(ds: Dataset) -> HardwareRecord:
            m = ds.match_hardware(model)
            rec = ds.hardware[m.id].record
            return HardwareRecord.from_json(rec, match=m.how, dataset_version=ds.version)

        return self._either(online, offline)

    def sources(self) -> list[SourceRecord]:
        def online() -> list[SourceRecord]:
            doc = self._get("/v1/sources")
            v = doc["dataset_version"]
            return [SourceRecord.from_json(s, dataset_version=v) for s in doc["items"]]

        def offline(ds: Dataset) -> list[SourceRecord]:
            return [
                SourceRecord.from_json(s, dataset_version=ds.version)
                for _, s in sorted(ds.sources.items())
            ]

        return self._either(online, offline)

    def search(self, q: str, *, limit: int = 20) -> dict[str, list[Any]]:
        """Zones, hardware and factors whose id or name contains ``q`` (first ``limit`` each)."""
        return {
            "zones": _first(self.zones(q=q, limit=limit), limit),
            "hardware": _first(self.hardware_list(q=q, limit=limit), limit),
            "factors": _first(self.factors(q=q, limit=limit), limit),
        }

    # -- footprints ------------------------------------------------------------------------
    def footprint(self, job: Mapping[str, Any]) -> FootprintResult:
        """The footprint of one job document (the same numbers online and offline)."""
        from . import footprint as compute

        return self._either(
            lambda: FootprintResult.from_document(self._post("/v1/footprint", dict(job))),
            lambda ds: FootprintResult.from_document(compute(job, dataset=ds).to_dict()),
        )

    def footprints(
        self, jobs: Iterable[Mapping[str, Any]]
    ) -> ResultList[FootprintResult | FootprintFailure]:
        """Footprints of many jobs, in order; a refused job is a ``FootprintFailure``."""
        from . import footprints as compute

        todo = [dict(j) if isinstance(j, Mapping) else j for j in jobs]

        def online() -> ResultList[FootprintResult | FootprintFailure]:
            out: ResultList[FootprintResult | FootprintFailure] = ResultList()
            for start in range(0, len(todo), BATCH):
                doc = self._post("/v1/footprints", {"jobs": todo[start : start + BATCH]})
                for item in doc["results"]:
                    i = start + item["index"]
                    if item["ok"]:
                        out.append(FootprintResult.from_document(item["result"]))
                    else:
                        out.append(FootprintFailure(i, item["error"]))
            return out

        def offline(ds: Dataset) -> ResultList[FootprintResult | FootprintFailure]:
            out: ResultList[FootprintResult | FootprintFailure] = ResultList()
            for r in compute(todo, dataset=ds):
                if r.ok:
                    out.append(FootprintResult.from_document(r.to_dict()))
                else:
                    out.append(FootprintFailure(r.index, r.problem()))  # type: ignore[union-attr]
            return out

        return self._either(online, offline)

    # -- sync ------------------------------------------------------------------------------
    def sync(self, version: str | None = None, *, bundle: str | None = None) -> SyncResult:
        """Download one bundle of a release (``version``, the pinned one, else the latest;
        ``bundle``, else the Client's) into the per-user store, verified against its
        SHA-256; a no-op when it is already there intact. Each bundle is stored apart, so
        syncing ``open`` never brings share-alike data into the cache: only an explicit
        ``bundle="full"`` (or a Client made with it) does. Needs the service: raises
        ``ServiceUnavailable`` without it."""
        name = bundles.check(bundle, default=self.bundle)
        if self.offline or self.base_url is None:
            raise ServiceUnavailable("sync needs the service: give base_url or set " + URL_ENV)
        listing = self._send("GET", "/v1/versions").json()
        wanted = version or self.version or listing["latest"]
        info = next((v for v in listing["versions"] if v["version"] == wanted), None)
        if info is None:
            known = ", ".join(v["version"] for v in listing["versions"])
            raise from_problem(
                {"type": "unknown-version", "detail": f"no version '{wanted}' (known: {known})"},
                404,
            )
        if not info.get("is_release") or not snap.is_release_name(wanted):
            raise InvalidInput(
                f"only releases can be synced ('{wanted}' changes without notice)",
                field="version",
            )
        path_q = f"/v1/versions/{quote(wanted, safe='')}/snapshot"
        if name == bundles.FULL:
            sha = info["sha256"]
            target, _ = store.paths(self.cache_dir, wanted, name)
            if store.intact(self.cache_dir, wanted, sha, name):
                return SyncResult(wanted, sha, str(target), downloaded=False, bundle=name)
        resp = self._send("GET", path_q, params={"bundle": name})
        if name != bundles.FULL:
            # A bundle's checksum is the service's header (the release manifest records the
            # whole release's): it still catches a truncated or altered download.
            sha = resp.headers.get("X-Snapshot-SHA256", "")
            target, _ = store.paths(self.cache_dir, wanted, name)
            if store.intact(self.cache_dir, wanted, sha, name):
                return SyncResult(wanted, sha, str(target), downloaded=False, bundle=name)
        try:
            text = resp.content.decode("utf-8")
        except UnicodeDecodeError:
            raise DatasetError(
                f"snapshot {wanted}: the download is not UTF-8 (truncated?)"
            ) from None
        path = store.write(self.cache_dir, wanted, text, sha, name)
        forget_loaded()
        return SyncResult(wanted, sha, str(path), downloaded=True, bundle=name)


# -- helpers --------------------------------------------------------------------------------
def _local_bundle() -> str:
    """The bundle a Client reads by default: ``full`` when its data is installed."""
    return bundles.FULL if store.full_data() is not None else bundles.OPEN


def _describe(exc: requests.RequestException) -> str:
    # After retries, requests reports a read timeout as a ConnectionError around urllib3's
    # MaxRetryError: look at the reason to say what happened.
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(exc, requests.Timeout) or isinstance(reason, TimeoutError_):
        return "timed out"
    if isinstance(exc, requests.exceptions.RetryError):
        return "gave up retrying within the time budget"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the answer was cut short"
    if isinstance(exc, requests.ConnectionError):
        return "cannot connect"
    return type(exc).__name__


def _json(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        raise ServiceUnavailable(
            f"{resp.request.method} {resp.url}: the answer is not JSON (cut short?)",
            status=resp.status_code,
        ) from None


def _error(resp: requests.Response) -> CarbonFactorsError:
    """The registry's exception for an error response, with its problem document."""
    doc: dict[str, Any]
    try:
        parsed = resp.json()
        doc = parsed if isinstance(parsed, dict) else {}
    except ValueError:
        doc = {}
    if not doc:
        doc = {"title": resp.reason or f"HTTP {resp.status_code}", "status": resp.status_code}
    return from_problem(doc, resp.status_code, request_id=resp.headers.get("X-Request-Id"))


def _matches(
    rec: Mapping[str, Any], filters: Mapping[str, Any], text_keys: tuple[str, ...]
) -> bool:
    for key, want in filters.items():
        if want is None:
            continue
        if key == "q":
            needle = str(want).lower()
            hay: list[Any] = []
            for k in text_keys:
                v = rec.get(k)
                hay.extend(v if isinstance(v, (list, tuple)) else [v])
            if not any(needle in str(h).lower() for h in hay if h is not None):
                return False
        elif key == "zone":
            if rec.get("subject") != want:
                return False
        elif key not in ("license",) and rec.get(key) != want:
            return False
    return True


def _factor_offline(ds: Dataset, factor_id: str) -> FactorRecord:
    f = ds.factor(factor_id)
    license_ = ds.sources.get(f.source, {}).get("license")
    return FactorRecord.from_json(
        dataclasses.asdict(f), license=license_, dataset_version=ds.version
    )


def _resolved(doc: Mapping[str, Any], subject: str) -> Resolved:
    v = doc["dataset_version"]
    return Resolved(
        value=doc["value"],
        unit=doc["unit"],
        resolved_subject=subject,
        resolved_year=doc["resolved_year"],
        factor=FactorRecord.from_json(doc["factor"], dataset_version=v),
        summary=doc["summary"],
        trail=tuple(doc["trail"]),
        dataset_version=v,
    )


def _resolved_offline(ds: Dataset, res: Any) -> Resolved:
    f = res.factor
    return Resolved(
        value=f.value,
        unit=f.unit,
        resolved_subject=f.subject,
        resolved_year=f.year,
        factor=_factor_offline(ds, f.id),
        summary=res.summary,
        trail=tuple(res.steps),
        dataset_version=ds.version,
    )


def _changes(old: str, new: str, doc: Mapping[str, Any]) -> Changes:
    return Changes(old, new, tuple(doc["added"]), tuple(doc["changed"]), tuple(doc["removed"]))


def _first(items: Iterable[T], n: int) -> list[T]:
    out = []
    for item in items:
        out.append(item)
        if len(out) >= n:
            break
    return out
