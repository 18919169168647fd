"""The README's serve command, run as written, answers health and a factor by id."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_readme_names_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    block = README.split("## The two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make serve", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [ln for ln in ci.splitlines() if ln and not ln.startswith(("#", "set ", "cd "))] == [
        "make test"
    ]


def _collect(stream: IO[str], lines: list[str]) -> None:
    """Drain the server's output so a full pipe never blocks it, keeping it for the failure text."""
    for line in stream:
        lines.append(line)


@pytest.mark.slow
@pytest.mark.timeout(1500)  # over pytest-timeout's 600 s default: build and start may take 1,200
def test_make_serve_answers_health_and_a_factor(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "serve.db"
    proc = subprocess.Popen(
        ["make", "serve", f"PORT={port}", f"DB={db}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
    )
    lines: list[str] = []
    assert proc.stdout is not None
    threading.Thread(target=_collect, args=(proc.stdout, lines), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        # make serve first builds the database of every release with the latest release's
        # answers (rendering was about 12 s a release on a quiet machine, several times
        # that beside the other test worker), then the master opens the latest before its
        # workers answer: each phase has its own budget, so a slow build does not eat the
        # start's time (CI once failed 40 s into the start, at 300 s)
        started = time.monotonic()
        built_at: float | None = None
        while True:
            now = time.monotonic()
            if built_at is None and any(ln.startswith("built ") for ln in lines):
                built_at = now
            try:
                r = requests.get(f"{base}/v1/health", timeout=2)
                if r.status_code == 200:
                    break
            except requests.RequestException:
                pass  # refused, reset, or the first request slow on a busy machine: not yet
            late = now - started > 900 if built_at is None else now - built_at > 300
            if proc.poll() is not None or late:
                # stop the server first: its gunicorn holds the pipe open
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
                phase = "build" if built_at is None else "start"
                pytest.fail(f"make serve did not come up ({phase}):\n{''.join(lines)[-3000:]}")
            time.sleep(0.3)
        assert r.json()["status"] == "ok"
        factor_id = re.search(r"localhost:8000/v1/factors/([^'\s]+)'", README)
        assert factor_id, "README shows no factor lookup"
        r = requests.get(f"{base}/v1/factors/{factor_id.group(1)}", timeout=5)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["factor"]["id"] == factor_id.group(1)
        assert body["source"]["license"]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
