"""Debian's nginx, with the shipped deploy/nginx/carbonfactors.conf, in front of two gunicorns.

Shows with real parts what docs/operating.md promises: pinned-version answers come from
the proxy's cache, "latest" answers are revalidated with their ETag once stale, and
stopping one replica mid-load loses no request. nginx comes from the OS (``make test``
installs it); without it the test fails in CI and is skipped elsewhere, saying why.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from liveserver import Server
from loadgen import run_load

from .conftest import MIX

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "deploy" / "nginx" / "carbonfactors.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
)

if NGINX is None:
    if os.environ.get("CI"):
        pytest.fail("nginx is not installed: 'make test' installs it (make system-deps)")
    pytest.skip("nginx is not installed (make system-deps installs it)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def render(conf: str, *, listen: int, replicas: list[str], cache_dir: Path) -> str:
    """The shipped file with this test's port, replicas and cache folder, nothing else."""
    conf = re.sub(r"listen \d+;", f"listen 127.0.0.1:{listen};", conf)
    conf = conf.replace("/var/cache/nginx/carbonfactors", str(cache_dir))
    servers = "".join(f"    server {r} max_fails=1 fail_timeout=5s;\n" for r in replicas)
    conf, n = re.subn(
        r"(upstream carbonfactors \{\n(?:\s*#.*\n)*)(?:\s*server .*\n)+", r"\1" + servers, conf
    )
    assert n == 1, "upstream block not found in the shipped config"
    return conf


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, dict(resp.headers), resp.read()


@pytest.fixture
def proxied(built_db: Path, tmp_path: Path) -> Iterator[tuple[str, list[Server]]]:
    env = {"CARBONFACTORS_LATEST_MAX_AGE": "1"}
    with (
        Server(built_db, workers=1, threads=2, env=env) as a,
        Server(built_db, workers=1, threads=2, env=env) as b,
    ):
        for _attempt in range(3):
            port = _free_port()
            conf = render(
                SHIPPED.read_text(encoding="utf-8"),
                listen=port,
                replicas=[f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"],
                cache_dir=tmp_path / "cache",
            )
            (tmp_path / "carbonfactors.conf").write_text(conf, encoding="utf-8")
            temp = "".join(
                f"  {d}_temp_path {tmp_path / d};\n"
                for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            user = "user root;\n" if os.geteuid() == 0 else ""
            (tmp_path / "nginx.conf").write_text(
                f"{user}worker_processes 1;\npid {tmp_path / 'nginx.pid'};\n"
                f"error_log {tmp_path / 'error.log'} warn;\n"
                "events { worker_connections 512; }\n"
                f"http {{\n  access_log off;\n{temp}  include {tmp_path / 'carbonfactors.conf'};\n}}\n",
                encoding="utf-8",
            )
            proc = subprocess.Popen(
                [
                    NGINX,
                    "-p",
                    str(tmp_path),
                    "-c",
                    str(tmp_path / "nginx.conf"),
                    "-g",
                    "daemon off;",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                deadline = time.monotonic() + 15
                while time.monotonic() < deadline and proc.poll() is None:
                    try:
                        if _get(base + "/v1/health")[0] == 200:
                            break
                    except OSError:
                        time.sleep(0.1)
                if proc.poll() is None:
                    yield base, [a, b]
                    return
            finally:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGQUIT)  # graceful shutdown
                    try:
                        proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait(timeout=5)
        log = (tmp_path / "error.log").read_text() if (tmp_path / "error.log").exists() else ""
        pytest.fail(f"nginx did not start on three ports:\n{log[-2000:]}")


@pytest.mark.slow
def test_pinned_versions_are_served_from_the_proxy_cache(proxied: tuple[str, list[Server]]) -> None:
    base, _ = proxied
    pinned = [p + ("&" if "?" in p else "?") + "version=2026.02" for p in MIX[:-1]]
    rounds = 10
    statuses: list[str] = []
    for _ in range(rounds):
        for path in pinned:
            status, headers, _body = _get(base + path)
            assert status == 200
            assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
            statuses.append(headers["X-Cache-Status"])
    hits = statuses.count("HIT")
    print(f"\nproxy: pinned-version hit ratio {hits}/{len(statuses)} = {hits / len(statuses):.0%}")
    # The first request of each URL fills the cache; every later one is a hit.
    assert statuses[: len(pinned)] == ["MISS"] * len(pinned)
    assert hits == len(statuses) - len(pinned)


@pytest.mark.slow
def test_latest_answers_are_revalidated_once_stale(proxied: tuple[str, list[Server]]) -> None:
    base, _ = proxied
    url = base + "/v1/zones/gcp:europe-west1/grid-intensity?year=2023"
    first = _get(url)
    second = _get(url)
    time.sleep(2.5)  # max-age=1 for "latest" here; nginx keeps time in whole seconds
    third = _get(url)
    assert [r[1]["X-Cache-Status"] for r in (first, second, third)] == [
        "MISS",
        "HIT",
        "REVALIDATED",
    ]
    assert first[1]["Cache-Control"] == "public, max-age=1"
    assert first[2] == second[2] == third[2] and first[1]["ETag"] == third[1]["ETag"]


@pytest.mark.slow
def test_stopping_one_replica_loses_no_request(proxied: tuple[str, list[Server]]) -> None:
    base, (a, _b) = proxied
    # dev answers are never stored by the proxy: every request reaches a replica.
    paths = [p + ("&" if "?" in p else "?") + "version=dev" for p in MIX[:-1]]
    stopper = threading.Thread(target=lambda: (time.sleep(1.0), a.stop()))
    stopper.start()
    result = run_load(base, paths, concurrency=4, seconds=3, max_requests=20_000)
    stopper.join()
    print(f"\nproxy, one of two replicas stopped mid-load: {result.summary()}")
    assert a.proc is not None and a.proc.poll() is not None, "the replica did not stop"
    assert result.requests > 100
    assert result.errors == 0, result.error_kinds


@pytest.mark.slow
def test_a_replica_killed_with_sigkill_loses_no_request(
    proxied: tuple[str, list[Server]],
) -> None:
    """Not a graceful stop: the replica's master and workers die at once (SIGKILL to its
    process group), with requests in flight. nginx retries them on the other replica: GETs
    always, the footprint POSTs because the shipped file declares them safe to retry.

    One thing no proxy can retry: an answer already being relayed to the client when its
    replica dies (a large batch body sent in pieces). The client sees it cut short (less
    than its Content-Length: ``IncompleteRead``), never a wrong answer or a 5xx; at most one
    per client, the one in flight."""
    base, (a, _b) = proxied
    job = json.dumps({"hardware": [{"model": "nvidia-a100-sxm4-80gb", "count": 2}],
                      "hours": 3, "location": "FR"})  # fmt: skip
    batch = json.dumps({"jobs": [json.loads(job)] * 200})
    paths: list[str | tuple[str, bytes]] = [
        p + ("&" if "?" in p else "?") + "version=dev" for p in MIX[:-1]
    ]
    paths += [("/v1/footprint", job.encode()), ("/v1/footprints", batch.encode())] * 2

    def kill() -> None:
        time.sleep(1.0)
        os.killpg(a.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill)
    killer.start()
    result = run_load(base, paths, concurrency=4, seconds=4, max_requests=50_000)
    killer.join()
    posts = sum(1 for p in paths if isinstance(p, tuple))
    print(
        f"\nproxy, one of two replicas SIGKILLed mid-load ({len(paths) - posts} GET and "
        f"{posts} POST routes): {result.summary()}"
    )
    assert a.proc is not None and a.proc.wait(timeout=10) == -signal.SIGKILL
    assert result.requests > 100
    assert set(result.error_kinds) <= {"IncompleteRead"}, result.error_kinds
    assert result.errors <= 4, result.error_kinds


def test_bill_uploads_are_streamed_rate_limited_and_never_stored(
    proxied: tuple[str, list[Server]], tmp_path: Path
) -> None:
    """POST /v1/bills/focus through the shipped config: no-store, 429 past the burst, and
    nothing of the body in nginx's client-body or proxy temporary folders."""
    base, _ = proxied
    marker = "acct-nginx-" + os.urandom(6).hex()
    body = (
        "ProviderName,SubAccountId,ServiceName,ChargeCategory,ChargeDescription,"
        "ConsumedQuantity,ConsumedUnit,BilledCost,BillingCurrency,RegionId,ChargePeriodStart\n"
        + f"AWS,{marker},Amazon Elastic Compute Cloud,Usage,"
        "$32.77 per On Demand Linux p4d.24xlarge Instance Hour,1,Hours,32.77,USD,us-east-1,"
        "2024-09-01T00:00:00Z\n" * 2000
    ).encode()
    statuses = []
    for _ in range(8):
        req = urllib.request.Request(
            base + "/v1/bills/focus?group_by=service",
            data=body,
            headers={"Content-Type": "text/csv"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                statuses.append(resp.status)
                assert resp.headers["Cache-Control"] == "no-store"
                assert marker not in resp.read().decode()
        except urllib.error.HTTPError as err:
            statuses.append(err.code)
    assert statuses[0] == 200
    assert 429 in statuses  # nginx's limit (10/min, burst 5) or the app's (10/min)
    for folder in ("client_body", "proxy", "cache"):
        for p in (tmp_path / folder).rglob("*") if (tmp_path / folder).exists() else ():
            if p.is_file():
                assert marker.encode() not in p.read_bytes(), p
