"""Bounded load and a worker SIGKILLed mid-load, against the real app under gunicorn.

Short versions of ``benchmarks/serving.py`` (same helpers): a few seconds each, loopback
only. Their figures are printed (``pytest -s``); the tests assert correctness (no error
under load; a killed worker costs at most the requests in flight), not speed.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from liveserver import Server
from loadgen import run_load

from .conftest import MIX

CLIENTS = 8


@pytest.mark.slow
def test_bounded_load_has_no_errors(built_db: Path) -> None:
    with Server(built_db, workers=2, threads=2) as server:
        result = run_load(server.url, MIX, concurrency=CLIENTS, seconds=3, max_requests=20_000)
    print(f"\nload: {CLIENTS} clients: {result.summary()}")
    assert result.requests > 100
    assert result.errors == 0, result.error_kinds


@pytest.mark.slow
def test_sigkilled_worker_loses_at_most_the_requests_in_flight(built_db: Path) -> None:
    with Server(built_db, workers=2, threads=2) as server:
        # Workers fork from a preloaded master in a blink, the first may answer before
        # the second exists: wait for both (bounded).
        deadline = time.monotonic() + 10
        while len(before := server.worker_pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(before) == 2
        victim = before[0]

        def kill_later() -> None:
            time.sleep(1.0)
            os.kill(victim, signal.SIGKILL)

        killer = threading.Thread(target=kill_later)
        killer.start()
        result = run_load(server.url, MIX, concurrency=CLIENTS, seconds=4, max_requests=20_000)
        killer.join()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = server.worker_pids()
            if len(after) == 2 and victim not in after:
                break
            time.sleep(0.1)
        # The replacement serves too: the whole mix answers after the kill.
        again = run_load(server.url, MIX, concurrency=2, seconds=1, max_requests=200)
        log = server.log_text()
    print(f"\nworker kill: {result.summary()}")
    # Each client has one request in flight at a time: the kill can cost at most one each,
    # and only as a dropped connection, never as a wrong answer or a 5xx.
    assert result.errors <= CLIENTS, result.error_kinds
    assert not [k for k in result.error_kinds if k.startswith("status")], result.error_kinds
    assert f"Worker (pid:{victim}) was sent SIGKILL" in log, log[-2000:]
    assert victim not in after and len(after) == 2, (before, after)
    assert again.errors == 0 and again.requests > 0
