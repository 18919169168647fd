"""gunicorn settings of the carbonfactors API, read by a plain ``gunicorn`` started here.

    CARBONFACTORS_DB=build/carbonfactors.db gunicorn 'carbonfactors_service:create_app()'

gunicorn reads ``./gunicorn.conf.py`` from the working directory (``-c`` names another);
``carbonfactors serve`` and the test and benchmark servers pass this file explicitly, so
every way of serving runs with the same settings. Each setting can be changed through an
environment variable (listed in docs/operating.md) or a command-line flag, which wins.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import Any


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


bind = [_env("CARBONFACTORS_BIND", "127.0.0.1:8000")]
# Threads overlap the short I/O waits of a request; processes use the cores. Each worker
# shares the master's latest version and opens at most two others itself (~110-120 MiB RSS
# per worker whatever the number of releases: datasets.py), so workers ~ cores, threads do
# the rest.
worker_class = "gthread"
workers = int(_env("CARBONFACTORS_WORKERS", str(os.cpu_count() or 1)))
threads = int(_env("CARBONFACTORS_THREADS", "4"))
# A worker silent this long is killed and replaced; no request legitimately takes more than a
# couple of seconds (bodies are capped at 2 MB, batches at 1,000 jobs).
timeout = int(_env("CARBONFACTORS_TIMEOUT", "30"))
# On SIGTERM or SIGHUP, requests in flight get this long to finish before workers are stopped.
graceful_timeout = int(_env("CARBONFACTORS_GRACEFUL_TIMEOUT", "30"))
keepalive = int(_env("CARBONFACTORS_KEEPALIVE", "5"))
# The app itself answers over-long URLs with a 414 problem document (limits.MAX_URI_BYTES is
# 4,096): gunicorn's own limit must be above it, or clients get gunicorn's HTML error page.
# 0 means gunicorn's largest, 1 MB since gunicorn 27 (its numeric limits stop at 8,190
# bytes, which a query string of percent-encoded unicode passes easily). A proxy in front
# caps request lines lower still (deploy/nginx: 16 KB).
limit_request_line = 0
limit_request_fields = 100
limit_request_field_size = 8190
# Worker recycling is off: measured with the settings below (preload, gc.freeze), a worker's
# RSS is flat once its bounded caches are full (benchmarks/serving.py "growth": 143 MiB
# after 40,000 requests over every stored answer of every version, 146 after 200,000),
# and each recycle cost throughput (reconnecting clients, an empty answer cache; issue 21).
# CARBONFACTORS_MAX_REQUESTS=N turns it back on, with 10 % jitter so workers do not all
# restart at once (docs/operating.md, "Recycling").
max_requests = int(_env("CARBONFACTORS_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Access log: one line per request on stdout, on by default; "off" turns it off (behind
# the shipped nginx, which logs every request itself, the replicas' log can go).
# Written by a cheap logger (one f-string, flushed once a second: accesslog.py) instead of
# gunicorn's atoms-and-logging path; benchmarks/api.py measures what it costs. Each line
# ends with the request id every answer carries (X-Request-Id): the id a client quotes
# from a problem document finds its request here.
logger_class = "carbonfactors_service.accesslog.AccessLogger"
_access = _env("CARBONFACTORS_ACCESS_LOG", "-")
accesslog = None if _access.lower() in ("off", "none", "0", "false") else _access
errorlog = "-"
loglevel = _env("CARBONFACTORS_LOG_LEVEL", "info")
# Heartbeat files in memory rather than on a container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The app is created, the latest dataset version opened and indexed and every version's
# bundle facts and packs computed (in a throwaway child: service prepared.py), once in the
# master before it forks (``when_ready``): workers share those pages copy-on-write (frozen out of
# the collector's reach, so its scans do not copy them), and a recycled or crashed worker
# starts warm instead of re-indexing. A graceful reload (SIGHUP) re-creates the app in the
# master (``on_reload``), so a new release's database is still picked up without a restart.
# CARBONFACTORS_PRELOAD=off loads the app in each worker instead (the old behaviour).
preload_app = _env("CARBONFACTORS_PRELOAD", "on").lower() not in ("off", "none", "0", "false")


def _warm(server: Any) -> None:
    """Open every version in the master, then freeze it (see ``preload_app`` above)."""
    from carbonfactors_service.datasets import preload
    from carbonfactors_service.db import DatabaseMissing

    try:
        versions = preload(server.app.wsgi(), every=True)
    except DatabaseMissing as exc:
        server.log.error("%s", exc)
        sys.exit(3)  # before any worker exists: gunicorn stops, nothing half-served
    gc.collect()
    gc.freeze()
    _trim()
    if versions:
        server.log.info("master %s ready: datasets %s indexed", os.getpid(), ", ".join(versions))


def _trim() -> None:
    """Give the heap the preload freed back to the system (glibc's ``malloc_trim``), so
    every forked worker does not start with that high-water mark (``heap.py``)."""
    from carbonfactors_service.heap import trim

    trim()


def when_ready(server: Any) -> None:
    if preload_app:
        _warm(server)


def on_reload(server: Any) -> None:
    """SIGHUP: gunicorn keeps a preloaded app; drop it so new workers see the new database."""
    if preload_app:
        gc.unfreeze()
        server.app.callable = None
        _warm(server)


def post_worker_init(worker: Any) -> None:
    """Index the latest dataset before this worker accepts its first request.

    With ``preload_app`` (the default) the master did it and this is a cache hit. Then
    freeze what is loaded into the collector's permanent generation: the indexed
    Dataset (hundreds of thousands of long-lived objects) is never scanned again, so a
    large batch does not pay for re-scanning it. This is the program's choice, made here,
    not a library switching process-wide state behind its callers' backs.
    """
    from carbonfactors_service.datasets import preload
    from carbonfactors_service.db import DatabaseMissing

    try:
        versions = preload(worker.wsgi)
    except DatabaseMissing as exc:
        logging.getLogger("gunicorn.error").error("%s", exc)
        sys.exit(3)  # gunicorn's "worker failed to boot": the master stops, nothing half-served
    gc.collect()
    gc.freeze()
    _trim()
    if versions:
        worker.log.info("worker %s ready: dataset %s indexed", worker.pid, versions[0])
