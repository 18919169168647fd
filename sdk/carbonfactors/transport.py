"""The Client's one request path: retries, caches, the circuit breaker and error mapping.

Every call ``carbonfactors.Client`` makes to the service goes through ``Transport``, so each
failure is turned into an exception of the one registry (``carbonfactors.errors``) in one
place: an error status into its problem type's class (with ``status``, the ``problem``
document and ``request_id``), no answer (refused, timed out, cut short) into
``ServiceUnavailable`` wrapping the transport error, and an answer that is not the API's
JSON (a proxy's HTML page with a 200) into ``ServiceUnavailable`` too, never a raw
``requests`` or ``json`` error.

Retries: urllib3's ``Retry`` with exponential backoff and jitter on connection errors, read
timeouts, 429 (honouring ``Retry-After``) and 5xx, stopped early when the next wait would
overrun ``retry_budget`` seconds in total. Then the circuit breaker (``Breaker``): once the
service has failed to answer, it is not asked again for ``cooldown`` seconds, so the calls
that follow fall back (or raise, for a strict client) in microseconds, not seconds.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Mapping
from typing import Any

import requests
from cachetools import LRUCache, TTLCache
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.exceptions import TimeoutError as TimeoutError_
from urllib3.util.retry import Retry

from .errors import CarbonFactorsError, ServiceUnavailable, from_problem

#: Deadline (time.monotonic) of the request being sent in this context, read by the Retry.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "carbonfactors_deadline", default=None
)


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


class Breaker:
    """A small circuit breaker: after the service failed to answer, skip it for ``cooldown``
    seconds (then one call tries again: a success closes the breaker, a failure re-opens it).

    Why: with the service down every call would wait for its retries (seconds each) before
    falling back; detected once, the failure is remembered, and the next calls cost nothing.
    """

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._until = 0.0
        #: What happened last time ("connection refused", "timed out", "bad body: ...").
        self.reason: str | None = None
        #: How many calls were answered without asking the service.
        self.skipped = 0

    def state(self) -> str | None:
        """Why the service is being skipped now, or None when it may be asked."""
        with self._lock:
            return self.reason if time.monotonic() < self._until else None

    def blocked(self) -> str | None:
        """``state()``, counting the call it spares in ``skipped``."""
        with self._lock:
            if time.monotonic() < self._until:
                self.skipped += 1
                return self.reason
            return None

    def trip(self, reason: str) -> None:
        with self._lock:
            self._until = time.monotonic() + self.cooldown
            self.reason = reason

    def close(self) -> None:
        with self._lock:
            self._until = 0.0


class Transport:
    """HTTP to one service: caches (immutable forever; others TTL then ``If-None-Match``),
    retries within a budget, the breaker, and every failure mapped to the registry."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | tuple[float, float],
        session: requests.Session | None,
        max_retries: int,
        retry_budget: float,
        cache_ttl: float,
        cache_size: int,
        cooldown: float,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.retry_budget = retry_budget
        self.session = session or requests.Session()
        adapter = HTTPAdapter(max_retries=make_retry(max_retries))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.breaker = Breaker(cooldown)
        self._lock = threading.Lock()
        self._immutable: LRUCache[Any, Any] = LRUCache(maxsize=cache_size)
        self._fresh: TTLCache[Any, Any] = TTLCache(maxsize=cache_size, ttl=cache_ttl)
        self._validators: LRUCache[Any, tuple[str, Any]] = LRUCache(maxsize=cache_size)
        #: Counters, for tests and curious users: requests sent, cache hits, 304s, fallbacks.
        self.stats = {"requests": 0, "cache_hits": 0, "revalidated": 0, "fallbacks": 0}

    def send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One request (with urllib3's retries); an error status raises its registry class."""
        skipped = self.breaker.blocked()
        if skipped is not None:
            raise ServiceUnavailable(
                f"{method} {path}: {self.base_url} not asked: it failed moments ago ({skipped}); "
                f"it is asked again after a {self.breaker.cooldown:g} s cool-down",
                reason=skipped,
            )
        token = _deadline.set(time.monotonic() + self.retry_budget)
        self.stats["requests"] += 1
        try:
            resp = self.session.request(
                method, self.base_url + path, timeout=self.timeout, **kwargs
            )
            _ = resp.content  # read the body now: a truncated one fails here, wrapped below
        except requests.RequestException as exc:
            reason = describe(exc)
            self.breaker.trip(reason)
            raise ServiceUnavailable(
                f"{method} {path}: no usable answer from {self.base_url} ({reason})",
                reason=reason,
            ) from exc
        finally:
            _deadline.reset(token)
        if resp.status_code >= 400:
            error = _error(resp)
            if resp.status_code >= 500:
                self.breaker.trip(f"HTTP {resp.status_code}")
            raise error
        return resp

    def json(self, resp: requests.Response) -> Any:
        """The body as the API's JSON; anything else (a proxy's HTML page) is a bad body."""
        ctype = resp.headers.get("Content-Type", "")
        try:
            if "json" not in ctype:
                raise ValueError(ctype)
            return resp.json()
        except ValueError:
            shown = ctype.split(";")[0] or "no content type"
            raise self.bad_body(resp, f"{shown}, not JSON") from None

    def bad_body(self, resp: requests.Response, what: str) -> ServiceUnavailable:
        """An answer that is not the API's (a proxy's page, a cut or foreign document)."""
        reason = f"bad body: {what}"
        self.breaker.trip(reason)
        request = resp.request
        return ServiceUnavailable(
            f"{request.method} {resp.url}: the answer is not the carbonfactors API's ({reason})",
            status=resp.status_code,
            reason=reason,
        )

    def get(self, path: str, query: Mapping[str, Any]) -> Any:
        """GET JSON through the caches (immutable forever; others TTL, then If-None-Match)."""
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
        resp = self.send("GET", path, params=dict(query), headers=headers)
        if resp.status_code == 304 and stale is not None:
            self.stats["revalidated"] += 1
            body = stale[1]
        else:
            body = self.json(resp)
        self.breaker.close()
        etag = resp.headers.get("ETag") or (stale[0] if stale else None)
        with self._lock:
            if "immutable" in resp.headers.get("Cache-Control", ""):
                self._immutable[key] = body
            else:
                self._fresh[key] = body
                if etag:
                    self._validators[key] = (etag, body)
        return body

    def post(self, path: str, query: Mapping[str, Any], body: Any) -> Any:
        doc = self.json(self.send("POST", path, params=dict(query), json=body))
        self.breaker.close()
        return doc

    def close(self) -> None:
        self.session.close()


# -- failures, described --------------------------------------------------------------------
def describe(exc: BaseException) -> str:
    """What went wrong, in the words a user needs: refused, timed out, cut short..."""
    # After retries, requests reports a read timeout as a ConnectionError around urllib3's
    # MaxRetryError: walk the causes and reasons to say what happened.
    seen: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or any(e is s for s in seen):
            continue
        seen.append(e)
        todo.extend((e.__cause__, e.__context__, getattr(e, "reason", None)))
        todo.extend(a for a in e.args if isinstance(a, BaseException))
    text = " ".join(str(e) for e in seen)
    if any(isinstance(e, ConnectionRefusedError) for e in seen) or "refused" in text:
        return "connection refused"
    if any(isinstance(e, (requests.Timeout, TimeoutError_, TimeoutError)) for e in seen):
        return "timed out"
    if isinstance(exc, requests.exceptions.RetryError) or "retry budget" in text:
        return "gave up retrying within the time budget"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or "IncompleteRead" in text:
        return "the answer was cut short"
    if "Name or service not known" in text or "getaddrinfo" in text or "resolve" in text:
        return "host name not resolved"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed (" + (str(seen[-1]) or type(seen[-1]).__name__)[:200] + ")"
    return type(exc).__name__


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
