"""A live API server for the tests and the benchmarks (not part of the installed package).

``Server`` runs the app under gunicorn with the project's ``gunicorn.conf.py`` (the command
line of ``carbonfactors serve``, ``carbonfactors_service.serving.gunicorn_argv``), binds
port 0 (the OS picks a free port, no race with other test workers), waits until the server
answers, and always stops the whole process group, also when startup fails. Both the tests
(``pythonpath`` in pyproject.toml) and the benchmarks import it as ``liveserver``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from carbonfactors_service.serving import APP, CONFIG, gunicorn_argv

_ROOT = Path(__file__).resolve().parents[1]
_LISTENING = re.compile(r"Listening at: http://[^:\s]+:(\d+)")


class ServerFailed(RuntimeError):
    pass


class Server:
    """gunicorn on ``127.0.0.1`` and a port the OS picked, ready once ``ready_path`` answers 200.

    Use as a context manager (``with Server(db) as srv: srv.url``) or call ``start`` and
    ``stop``; ``stop`` is idempotent and kills the process group if SIGTERM is not enough.
    """

    def __init__(
        self,
        db: Path | None,
        *,
        workers: int = 2,
        threads: int = 2,
        app: str = APP,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        ready_path: str = "/v1/health",
        startup_timeout: float = 90.0,
        extra: tuple[str, ...] = (),
        config: Path | None = CONFIG,
    ) -> None:
        self.argv = gunicorn_argv(
            "127.0.0.1:0", workers=workers, threads=threads, app=app, extra=extra, config=config
        )
        # Quiet by default (the access log is measured in benchmarks/api.py); env overrides.
        self.env = {**os.environ, "CARBONFACTORS_ACCESS_LOG": "off", **(env or {})}
        if db is not None:
            self.env["CARBONFACTORS_DB"] = str(db)
        self.cwd = cwd or _ROOT
        self.ready_path = ready_path
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self._log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def log_text(self) -> str:
        """What gunicorn has logged so far (the file is removed by ``stop``)."""
        path = Path(self._log.name)
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def worker_pids(self) -> list[int]:
        """The master's live child processes (its workers), from /proc."""
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def start(self) -> Server:
        self.proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerFailed(f"gunicorn exited ({self.proc.returncode}):\n{self.log_text()}")
            if not self.port:
                found = _LISTENING.search(self.log_text())
                self.port = int(found.group(1)) if found else 0
            if self.port and self._answers():
                return
            time.sleep(0.1)
        raise ServerFailed(f"gunicorn not ready in {self.startup_timeout:g} s:\n{self.log_text()}")

    def _answers(self) -> bool:
        # A worker busy booting may accept the connection and answer late: a generous read
        # timeout, and any failure (refused, reset, timeout) just means "not yet".
        try:
            with urllib.request.urlopen(self.url + self.ready_path, timeout=10) as resp:
                return bool(resp.status == 200)
        except Exception:  # noqa: BLE001 - every failure here means "not ready yet"
            return False

    def stop(self, timeout: float = 20.0) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        if proc is not None and proc.poll() is not None:
            self._kill_leftovers(proc.pid)
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)

    @staticmethod
    def _kill_leftovers(pgid: int) -> None:
        """Workers orphaned by a killed master are still in its process group."""
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        _t: type[BaseException] | None,
        _e: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def serving_factors(folder: Path, factors: Path = _ROOT / "factors") -> Iterator[Server]:
    """The real catalog (every release and the development tree) built into ``folder`` and
    served by gunicorn: what the parity tests compare every other path against."""
    from carbonfactors_pipeline.build import build_database
    from carbonfactors_pipeline.validate import validate_tree

    result = validate_tree(factors)
    if not result.ok:
        raise ServerFailed(
            "factors/ does not validate: " + "; ".join(map(str, result.problems[:10]))
        )
    db = folder / "carbonfactors.db"
    build_database(factors, result.snapshot, db)
    with Server(db, workers=1, threads=2) as srv:
        yield srv
