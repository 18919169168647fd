"""A bounded HTTP load generator for loopback servers, shared by the tests and benchmarks.

Each client thread holds one keep-alive connection (``http.client``, no retries: a failed
request is counted, then the client reconnects) and sends its requests back to back until
the duration or the request budget runs out, whichever comes first. Every loop is bounded
in count and in time, and only ever targets the URL it is given (loopback in this repo).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    #: What went wrong, by kind ("status 502", "ConnectionResetError"...).
    error_kinds: Counter[str] = field(default_factory=Counter)
    #: Response header values seen, for one header (e.g. a proxy's cache status).
    header_values: Counter[str] = field(default_factory=Counter)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(len(lat) * q))] * 1000 if lat else float("nan")

    def summary(self) -> str:
        return (
            f"{self.requests:,} requests in {self.seconds:.1f} s: {self.rps:,.0f} req/s, "
            f"p50 {self.percentile_ms(0.5):.2f} ms, p99 {self.percentile_ms(0.99):.2f} ms, "
            f"{self.errors} error(s){' ' + str(dict(self.error_kinds)) if self.errors else ''}"
        )


def run_load(
    url: str,
    paths: Sequence[str | tuple[str, bytes]],
    *,
    concurrency: int = 4,
    seconds: float = 2.0,
    max_requests: int = 100_000,
    header: str | None = None,
    timeout: float = 10.0,
    ok: Callable[[int], bool] = lambda status: status == 200,
) -> LoadResult:
    """GET ``paths`` (cycled, each client from its own offset) against ``url``.

    A ``(path, body)`` pair is POSTed instead, with ``body`` as its JSON content.
    """
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    result = LoadResult()
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        conn: http.client.HTTPConnection | None = None
        i = offset
        lats: list[float] = []
        errors: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
                if isinstance(path, tuple):
                    conn.request(
                        "POST",
                        path[0],
                        body=path[1],
                        headers={"Accept": "application/json", "Content-Type": "application/json"},
                    )
                else:
                    conn.request("GET", path, headers={"Accept": "application/json"})
                resp = conn.getresponse()
                resp.read()
                if header:
                    seen[resp.headers.get(header, "-")] += 1
                if not ok(resp.status):
                    errors[f"status {resp.status}"] += 1
                lats.append(time.perf_counter() - t0)
            except (OSError, http.client.HTTPException) as exc:
                errors[type(exc).__name__] += 1
                lats.append(time.perf_counter() - t0)
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            result.requests += len(lats)
            result.latencies += lats
            result.error_kinds += errors
            result.errors += sum(errors.values())
            result.header_values += seen

    threads = [
        threading.Thread(target=client, args=(c * max(1, len(paths) // concurrency),))
        for c in range(concurrency)
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 5)
    result.seconds = time.monotonic() - t0
    return result
