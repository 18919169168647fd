"""A cheap access log for gunicorn: one line per request, written without the logging module.

gunicorn's own access log builds a dictionary of some twenty "atoms" per request, formats
them through ``logging`` and flushes its stream after every line: about a quarter of the
CPU a lookup costs (``benchmarks/api.py``). This logger (``logger_class`` in
``gunicorn.conf.py``) writes the same facts in a fixed format with one f-string, to the
same destination (``accesslog``: ``-`` for stdout, or a file), and flushes at most once a
second: a line reaches the file within a second of its request, or of the next request
after a quiet spell, and at the latest when the worker exits. The line is Apache's common
log format plus the duration in microseconds and the request id (``X-Request-Id``: the id
a client quotes from a problem document finds its request here):

    127.0.0.1 - - [06/Dec/2026:04:10:06 +0000] "GET /v1/health HTTP/1.1" 200 71 412 9f2c...

Everything else (the error log, reopening files on USR1) is gunicorn's.
"""

from __future__ import annotations

import atexit
import threading
import time
from typing import IO, Any

from gunicorn import glogging

from .request_ids import ENVIRON_KEY


class AccessLogger(glogging.Logger):
    """gunicorn's ``Logger`` with ``access`` replaced by a buffered one-line write."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self._stamp_second = -1
        self._stamp = ""
        self._last_flush = 0.0
        self._write_lock = threading.Lock()
        atexit.register(self._flush)

    def _stream(self) -> IO[str] | None:
        # The handler gunicorn set up for ``accesslog`` (stdout or a file; reopened on USR1).
        handlers = self.access_log.handlers
        stream: IO[str] | None = getattr(handlers[0], "stream", None) if handlers else None
        return stream

    def _flush(self) -> None:
        stream = self._stream()
        if stream is not None:
            try:
                stream.flush()
            except ValueError:  # closed at exit
                pass

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        now = time.time()
        second = int(now)
        if second != self._stamp_second:
            self._stamp_second = second
            self._stamp = time.strftime("[%d/%b/%Y:%H:%M:%S %z]", time.localtime(second))
        query = environ.get("QUERY_STRING")
        target = f"{req.path}?{query}" if query else req.path
        micros = request_time.seconds * 1_000_000 + request_time.microseconds
        line = (
            f'{environ.get("REMOTE_ADDR", "-")} - - {self._stamp} "{req.method} {target} '
            f'HTTP/{req.version[0]}.{req.version[1]}" {resp.status_code} '
            f"{getattr(resp, 'sent', None) or '-'} {micros} {environ.get(ENVIRON_KEY) or '-'}\n"
        )
        stream = self._stream()
        if stream is None:
            return
        with self._write_lock:
            stream.write(line)
            if now - self._last_flush >= 1.0:
                self._last_flush = now
                stream.flush()
