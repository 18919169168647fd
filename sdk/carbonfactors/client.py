"""``carbonfactors.Client``: the HTTP API as typed methods, offline-first and pinnable.

    client = carbonfactors.Client("https://api.example.org", version="2026.11")
    client.grid_intensity("FR", year=2023).value
    client.sync()                       # newest release into the per-user store, verified

Every method answers from the service when there is one, else (``offline=True``, or no URL
at all) from the newest local snapshot (synced, else bundled); the result says which in
``dataset_version``. Both ways give the same results for the same dataset version: the
offline answers (``carbonfactors.offline``) use the service's own rules (the resolvers,
``carbonfactors.listing`` filters, ``carbonfactors.search`` ranking).

A non-strict client whose service fails to answer (refused, timed out, a bad body such as
a proxy's HTML page) answers from the local snapshot and warns (``OfflineFallbackWarning``,
naming what happened); a strict one raises ``ServiceUnavailable``. Either way the failure
is remembered for ``cooldown`` seconds (a circuit breaker): the calls that follow do not
touch the network, so a fallback costs microseconds, not the seconds of a retried request.

Caching, retries and error mapping are the one request path of ``carbonfactors.transport``.
Errors: every failure is a ``CarbonFactorsError`` subclass from the one registry
(``carbonfactors.errors``), with ``status``, the ``problem`` document and ``request_id``;
transport errors are wrapped in ``ServiceUnavailable`` (the original is ``__cause__``).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import requests

from . import bundles, store
from . import offline as local
from . import online as remote
from .dataset import Dataset, forget_loaded, load_dataset
from .errors import (
    CarbonFactorsError,
    DatasetError,
    InvalidInput,
    ServiceError,
    ServiceUnavailable,
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
from .transport import Transport

__all__ = ["BATCH", "URL_ENV", "Client", "OfflineFallbackWarning"]

URL_ENV = "CARBONFACTORS_URL"
#: Jobs per POST /v1/footprints (the service's limit).
BATCH = 1000
T = TypeVar("T")


class OfflineFallbackWarning(UserWarning):
    """The service failed to answer; answers come from the local snapshot (warned each time
    the failure is detected, at most once per cool-down)."""


def _nothing(_: Dataset) -> None:
    return None


class Client:
    """The carbonfactors API, typed; see the module docstring for fallback and resilience."""

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
        cooldown: float = 30.0,
        bundle: str | None = None,
    ) -> None:
        self.base_url = remote.service_url(base_url or os.environ.get(URL_ENV) or None)
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
        self.strict = strict
        self.cache_dir = store.cache_dir(cache_dir)
        self._http = Transport(
            self.base_url or "",
            timeout=timeout,
            session=session,
            max_retries=max_retries,
            retry_budget=retry_budget,
            cache_ttl=cache_ttl,
            cache_size=cache_size,
            cooldown=cooldown,
        )
        self._ranker = local.Ranker()

    @property
    def session(self) -> requests.Session:
        return self._http.session

    @property
    def stats(self) -> dict[str, int]:
        """Counters, for tests and curious users: requests sent, cache hits, 304s, fallbacks,
        and calls the circuit breaker answered without asking the service (``skipped``)."""
        return {**self._http.stats, "skipped": self._http.breaker.skipped}

    def __repr__(self) -> str:
        where = "offline" if self.offline else self.base_url
        return f"Client({where!r}, version={self.version!r})"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- transport -------------------------------------------------------------------------
    def _params(self, params: Mapping[str, Any] | None, pinned: bool = True) -> dict[str, Any]:
        out = {k: v for k, v in (params or {}).items() if v is not None}
        if pinned and self.version is not None:
            out.setdefault("version", self.version)
        out.setdefault("bundle", self.bundle)
        return out

    def _get(
        self, path: str, params: Mapping[str, Any] | None = None, *, pinned: bool = True
    ) -> Any:
        """GET JSON through the transport's caches. ``pinned=False`` for paths that name
        their version themselves."""
        return self._http.get(path, self._params(params, pinned))

    def _post(self, path: str, body: Any) -> Any:
        return self._http.post(path, self._params(None), body)

    def _online(self, call: Callable[[], T]) -> T:
        """An online answer; a body that is JSON but not the API's document (a key missing,
        a list for an object) is a bad body, as a proxy's HTML page is."""
        try:
            return call()
        except CarbonFactorsError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            reason = f"bad body: not the API's document ({type(exc).__name__}: {exc})"
            self._http.breaker.trip(reason)
            raise ServiceUnavailable(
                f"{self.base_url}: the answer is not the carbonfactors API's ({reason})",
                reason=reason,
            ) from exc

    def _either(self, online: Callable[[], T], offline: Callable[[Dataset], T]) -> T:
        """Ask the service; when it fails to answer and the client is not strict, answer
        from the local snapshot (warning when the failure is first detected)."""
        if self.offline:
            return offline(self.dataset())
        skipping = self._http.breaker.state() is not None
        try:
            return self._online(online)
        except ServiceError as exc:
            if self.strict:
                raise
            self._http.stats["fallbacks"] += 1
            if not skipping:
                what = exc.context.get("reason") or exc.message
                warnings.warn(
                    f"carbonfactors service unavailable ({what}); answering from the local "
                    f"snapshot (see dataset_version), without asking the service again for "
                    f"{self._http.breaker.cooldown:g} s; pass strict=True to raise instead",
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
            doc = self._http.json(self._http.send("GET", "/v1/versions"))
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
            return remote.changes(doc["from"], doc["dataset_version"], doc)

        return self._either(
            online, lambda ds: local.changes(ds, from_version, to_version, self.cache_dir)
        )

    def _latest(self) -> str:
        latest = self._http.json(self._http.send("GET", "/v1/versions"))["latest"]
        if not isinstance(latest, str):
            raise TypeError("latest must be a version name")
        return latest

    # -- lookups ---------------------------------------------------------------------------
    def factor(self, factor_id: str) -> FactorRecord:
        def online() -> FactorRecord:
            doc = self._get(f"/v1/factors/{quote(factor_id, safe=':')}")
            return FactorRecord.from_json(doc["factor"], dataset_version=doc["dataset_version"])

        return self._either(online, lambda ds: local.factor(ds, factor_id))

    def factors(self, *, limit: int = 100, **filters: Any) -> Pages[FactorRecord]:
        """Factors matching ``filters`` (kind, subject, zone, year, source, basis, scope,
        license, q), fetched page by page as they are iterated; with ``q``, best first."""
        return self._list("factors", FactorRecord, filters, limit)

    def zones(self, *, limit: int = 100, **filters: Any) -> Pages[ZoneRecord]:
        """Zones matching ``filters`` (type, provider, parent, q), page by page."""
        return self._list("zones", ZoneRecord, filters, limit)

    def hardware_list(self, *, limit: int = 100, **filters: Any) -> Pages[HardwareRecord]:
        """Hardware models matching ``filters`` (category, vendor, provider, q), page by page."""
        return self._list("hardware", HardwareRecord, filters, limit)

    def _list(self, resource: str, cls: Any, filters: dict[str, Any], limit: int) -> Pages[Any]:
        ranker = self._ranker

        def offline(ds: Dataset) -> list[Any]:
            return local.listed(ds, resource, filters, ranker)

        return Pages(partial(self._paged, f"/v1/{resource}", filters, limit, cls, offline))

    def _paged(
        self,
        path: str,
        filters: Mapping[str, Any],
        limit: int,
        cls: Any,
        offline: Callable[[Dataset], list[Any]],
    ) -> Iterator[list[Any]]:
        cursor: str | None = None
        while True:
            params = {**filters, "limit": limit, "cursor": cursor}
            if cursor is None:
                doc: Any = self._either(partial(self._get, path, params), _nothing)
            else:  # past the first page, falling back would repeat items: errors propagate
                doc = self._get(path, params)
            if doc is None:  # offline, or the service is unreachable: the local snapshot
                yield offline(self.dataset())
                return
            yield self._online(partial(remote.items, cls, doc))
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
            return remote.resolved(doc, doc["resolved_zone"])

        def offline(ds: Dataset) -> Resolved:
            return local.resolved(ds, ds.resolve_grid(zone, year, basis or "lifecycle"))

        return self._either(online, offline)

    def pue(self, operator: str, year: int | None = None) -> Resolved:
        """PUE of an operator, campus or ``industry``, resolved along its parent chain."""

        def online() -> Resolved:
            doc = self._get(f"/v1/pue/{quote(operator, safe=':')}", {"year": year})
            return remote.resolved(doc, doc["resolved_operator"])

        def offline(ds: Dataset) -> Resolved:
            return local.resolved(ds, ds.resolve_pue(operator=operator, year=year))

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

        return self._either(online, lambda ds: local.hardware(ds, model))

    def sources(self) -> list[SourceRecord]:
        def online() -> list[SourceRecord]:
            doc = self._get("/v1/sources")
            v = doc["dataset_version"]
            return [SourceRecord.from_json(s, dataset_version=v) for s in doc["items"]]

        return self._either(online, local.sources)

    def search(self, q: str, *, limit: int = 20) -> dict[str, list[Any]]:
        """Zones, hardware and factors matching ``q``, best first (the ranking of
        ``carbonfactors.search``: exact id, exact name, all words, substring, typo), the
        first ``limit`` of each; the same online and offline."""
        return {
            "zones": remote.first(self.zones(q=q, limit=limit), limit),
            "hardware": remote.first(self.hardware_list(q=q, limit=limit), limit),
            "factors": remote.first(self.factors(q=q, limit=limit), limit),
        }

    # -- footprints ------------------------------------------------------------------------
    def footprint(self, job: Mapping[str, Any]) -> FootprintResult:
        """The footprint of one job document (the same numbers online and offline)."""
        return self._either(
            lambda: FootprintResult.from_document(self._post("/v1/footprint", dict(job))),
            lambda ds: local.footprint(ds, job),
        )

    def footprints(
        self, jobs: Iterable[Mapping[str, Any]]
    ) -> ResultList[FootprintResult | FootprintFailure]:
        """Footprints of many jobs, in order; a refused job is a ``FootprintFailure``."""
        todo = [dict(j) if isinstance(j, Mapping) else j for j in jobs]

        def online() -> ResultList[FootprintResult | FootprintFailure]:
            out: ResultList[FootprintResult | FootprintFailure] = ResultList()
            for start in range(0, len(todo), BATCH):
                doc = self._post("/v1/footprints", {"jobs": todo[start : start + BATCH]})
                out.extend(remote.batch(doc, start))
            return out

        return self._either(online, lambda ds: local.footprints(ds, todo))

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
        listing = self._online(
            lambda: remote.listing(self._http.json(self._http.send("GET", "/v1/versions")))
        )
        wanted = version or self.version or self._online(lambda: str(listing["latest"]))
        sha = self._online(lambda: remote.release(listing, wanted)["sha256"])
        target, _ = store.paths(self.cache_dir, wanted, name)
        if name == bundles.FULL and store.intact(self.cache_dir, wanted, sha, name):
            return SyncResult(wanted, sha, str(target), downloaded=False, bundle=name)
        resp = self._http.send(
            "GET", f"/v1/versions/{quote(wanted, safe='')}/snapshot", params={"bundle": name}
        )
        # A bundle's checksum is the service's header: the release manifest records the whole
        # release's, which is the `full` bundle's only while no factor of the release is left
        # out of every bundle (releases from 2027.01 on leave AGPL-derived values out). It
        # still catches a truncated or altered download.
        sha = resp.headers.get("X-Snapshot-SHA256") or sha
        if store.intact(self.cache_dir, wanted, sha, name):
            return SyncResult(wanted, sha, str(target), downloaded=False, bundle=name)
        ctype = resp.headers.get("Content-Type", "")
        if "json" not in ctype:  # a proxy's page, not a snapshot: not the release's fault
            raise self._http.bad_body(resp, f"{ctype.split(';')[0] or 'no content type'}, not JSON")
        try:
            text = resp.content.decode("utf-8")
        except UnicodeDecodeError:
            raise DatasetError(
                f"snapshot {wanted}: the download is not UTF-8 (truncated?)"
            ) from None
        path = store.write(self.cache_dir, wanted, text, sha, name)
        forget_loaded()
        return SyncResult(wanted, sha, str(path), downloaded=True, bundle=name)


def _local_bundle() -> str:
    """The bundle a Client reads by default: ``full`` when its data is installed."""
    return bundles.FULL if store.full_data() is not None else bundles.OPEN
