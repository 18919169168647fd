"""How the service holds up as a long-running server: caches, locks, connections, headers.

Real app, real SQLite file, real gunicorn where the behaviour is gunicorn's.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from flask import Flask

import carbonfactors
from carbonfactors_service import create_app
from carbonfactors_service.caches import caches
from carbonfactors_service.datasets import dataset_for, preload
from carbonfactors_service.security import html_policy
from carbonfactors_service.versioning import all_versions, lookup
from liveserver import Server

from .conftest import ROOT, ContractClient

JOB = {"hardware": [{"model": "A100 SXM4 80GB", "count": 8}], "hours": 24, "location": "FR"}


def test_a_built_version_never_waits_for_another_versions_build(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/v1/footprint", json=JOB).status_code == 200  # latest is built
    release = threading.Event()
    started = threading.Event()

    def slow_build() -> object:
        started.set()
        release.wait(30)
        return object()

    builder = threading.Thread(
        target=lambda: caches(app).get_or_compute("datasets", ("2026.01", "x"), slow_build)
    )
    builder.start()
    started.wait(5)
    done: list[int] = []
    warm = threading.Thread(
        target=lambda: done.append(client.post("/v1/footprint", json=JOB).status_code)
    )
    warm.start()
    warm.join(10)
    still_building = builder.is_alive()
    release.set()
    builder.join(10)
    assert done == [200] and still_building, "the warm request waited for the other build"


def test_one_build_per_version_however_many_ask(app: Flask) -> None:
    calls: list[int] = []
    gate = threading.Event()

    def build() -> str:
        calls.append(1)
        gate.wait(5)
        return "built"

    got: list[str] = []
    threads = [
        threading.Thread(target=lambda: got.append(caches(app).get_or_compute("diffs", "k", build)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert calls == [1] and got == ["built"] * 4


def test_caches_belong_to_the_app_and_stay_bounded(built_db: Path) -> None:
    small = create_app({"DATABASE": str(built_db), "CACHE_SIZES": {"answers": 5, "responses": 5}})
    other = create_app({"DATABASE": str(built_db)})
    client = small.test_client()
    for year in range(2000, 2030):
        client.get(f"/v1/zones/FR/grid-intensity?year={year}")
    sizes = caches(small).sizes()
    assert sizes["answers"][0] <= 5 and sizes["responses"][0] <= 5
    assert caches(other).sizes()["answers"][0] == 0  # nothing shared between apps
    assert caches(small) is not caches(other)


def test_answer_caches_are_bounded_by_bytes_too() -> None:
    from carbonfactors_service.caches import BYTE_LIMITS, Caches

    store = Caches({"answers": 8192, "responses": 8192})
    big = b"x" * (1024 * 1024)
    for i in range(100):  # 100 MB of answers offered
        store.put("answers", i, (big, "etag"))
        store.put("responses", i, ((), big))
    store.put("answers", "huge", (big * 30, "etag"))  # larger than the budget: not kept
    lru = store._lru["answers"]
    assert lru.currsize <= BYTE_LIMITS["answers"][0] and 0 < len(lru) < 30
    assert store.get("answers", 99) is not None and store.get("answers", "huge") is None
    assert store._lru["responses"].currsize <= BYTE_LIMITS["responses"][0]


def test_preload_builds_the_latest_version(app: Flask) -> None:
    assert preload(app) == ["2026.02"]
    assert caches(app).sizes()["datasets"][0] == 1
    with app.app_context():
        ds = dataset_for(lookup("2026.02"))
    assert ds.version == "2026.02"
    assert preload(Flask("not-the-service")) == []


def test_preload_every_opens_each_version_latest_first(app: Flask) -> None:
    """What the gunicorn master does before forking (gunicorn.conf.py ``when_ready``)."""
    with app.app_context():
        names = [v.version for v in all_versions()]
    opened = preload(app, every=True)
    assert opened[0] == "2026.02" and sorted(opened) == sorted(names)
    # Only the latest is opened; every version's bundle facts (checksum, manifest: a
    # whole-snapshot decode each, done once in a child process) are kept: prepared.py.
    assert caches(app).sizes()["datasets"][0] == 1
    assert caches(app).sizes()["bundle-facts"][0] == len(names)


def test_a_service_dataset_is_the_versions_pack_read_lazily(
    app: Flask, api: ContractClient
) -> None:
    from carbonfactors import snapshot as snap
    from carbonfactors import stores

    with app.app_context():
        ds = dataset_for(lookup("2026.02"))
    # Opened with the SDK's own call: the pack, nothing decoded beyond its core yet.
    assert isinstance(ds.store, stores.PackStore)
    assert ds.store.packed.decoded == 0
    # Everything the service does with it works on the few sections it reads.
    assert api.get("/v1/hardware?q=A100&version=2026.02").status_code == 200
    assert api.get("/v1/zones?q=france&version=2026.02").status_code == 200
    assert api.get("/v1/sources?q=ember&version=2026.02").status_code == 200
    assert api.get("/v1/hardware/H100%20SXM?version=2026.02").status_code == 200
    job = {
        "hardware": [{"model": "H100 SXM", "count": 2}],
        "hours": 3,
        "location": "FR",
        "include_embodied": False,
    }
    assert api.post("/v1/footprint?version=2026.02", json=job).status_code == 200
    assert 0 < ds.store.packed.decoded <= snap.PACK_SECTIONS_KEPT


def test_each_thread_keeps_one_connection_per_app(app: Flask, built_db: Path) -> None:
    """db.py: the immutable file is opened once per thread and app, never shared."""
    from carbonfactors_service.db import get_db

    def conn_of(a: Flask) -> sqlite3.Connection:
        with a.app_context():
            return get_db()

    first, again = conn_of(app), conn_of(app)
    assert first is again  # kept across requests of this thread
    other: list[sqlite3.Connection] = []
    t = threading.Thread(target=lambda: other.append(conn_of(app)))
    t.start()
    t.join()
    assert other and other[0] is not first  # another thread: its own
    assert conn_of(create_app({"DATABASE": str(built_db)})) is not first  # another app
    assert first.execute("select count(*) from versions").fetchone()[0] > 0


def test_batches_leave_the_garbage_collector_alone(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> None:
        raise AssertionError("library code switched the garbage collector off")

    monkeypatch.setattr(gc, "disable", refuse)
    with app.app_context():
        ds = dataset_for(lookup("2026.02"))
    results = carbonfactors.footprints([JOB] * 50, dataset=ds)
    assert all(r.ok for r in results) and gc.isenabled()


def test_hot_answers_are_served_before_flask_with_the_same_bytes(
    app: Flask, api: ContractClient
) -> None:
    hooks: list[str] = []
    app.before_request(lambda: hooks.append("flask"))
    url = "/v1/factors/grid_intensity:FR:2023:ember-owid?version=2026.02"
    first = api.get(url)
    second = api.get(url)
    assert hooks == ["flask"], "the second request went through Flask"
    assert first.get_data() == second.get_data()
    ids = first.headers.pop("X-Request-Id"), second.headers.pop("X-Request-Id")
    assert dict(first.headers) == dict(second.headers)
    assert ids[0] != ids[1]  # a kept answer is replayed with the id of its own request
    # Conditional requests still get their 304 (from Flask).
    etag = first.headers["ETag"]
    assert api.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert api.open(url, method="HEAD").get_data() == b""


def test_security_headers(api: ContractClient) -> None:
    for url in ("/v1/health", "/v1/factors/nope", "/v1/openapi.yaml"):
        assert api.get(url).headers["X-Content-Type-Options"] == "nosniff"
    page = api.get("/v1/docs")
    csp = page.headers["Content-Security-Policy"]
    assert csp == html_policy()
    assert "default-src 'none'" in csp and "script-src 'none'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "Content-Security-Policy" not in api.get("/v1/health").headers


@pytest.mark.slow
def test_plain_gunicorn_reads_the_settings_file(built_db: Path) -> None:
    """``gunicorn 'carbonfactors_service:create_app()'`` from the repository root, no flags
    but the port: the settings file's URL limit lets a 5 KB URL reach the app (a problem
    document, not gunicorn's HTML), and each worker preloads the latest dataset."""
    with Server(built_db, config=None, cwd=ROOT, workers=1, threads=1,
                env={"CARBONFACTORS_LOG_LEVEL": "info"}) as server:  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{server.url}/v1/factors?q={'x' * 5000}", timeout=10)
        assert err.value.code == 414
        assert err.value.headers["Content-Type"] == "application/problem+json"
        assert "dataset 2026.02 indexed" in server.log_text()


@pytest.mark.slow
def test_a_reload_re_creates_the_preloaded_app(built_db: Path, tmp_path: Path) -> None:
    """The master holds the app and its datasets (``preload_app``); SIGHUP after a new
    database is moved into place must serve the new file, not the master's old copy."""
    import json
    import os
    import shutil
    import signal
    import time

    db = tmp_path / "served.db"
    shutil.copy(built_db, db)
    with Server(db, workers=1, threads=1, env={"CARBONFACTORS_LOG_LEVEL": "info"}) as server:
        before = json.load(urllib.request.urlopen(f"{server.url}/v1/versions", timeout=10))
        assert "master" in server.log_text() and "datasets" in server.log_text()
        new = tmp_path / "new.db"
        shutil.copy(built_db, new)
        with sqlite3.connect(new) as conn:
            conn.execute("delete from versions where version = 'dev'")
        os.replace(new, db)
        os.kill(server.pid, signal.SIGHUP)
        deadline = time.monotonic() + 30
        after = before
        while time.monotonic() < deadline and len(after["versions"]) == len(before["versions"]):
            time.sleep(0.2)
            after = json.load(urllib.request.urlopen(f"{server.url}/v1/versions", timeout=10))
        assert len(after["versions"]) == len(before["versions"]) - 1, server.log_text()[-2000:]


@pytest.mark.slow
def test_the_access_log_has_one_line_per_request(built_db: Path, tmp_path: Path) -> None:
    """accesslog.py: common log format plus microseconds and the request id, flushed within
    about a second."""
    import re
    import time

    log = tmp_path / "access.log"
    with Server(built_db, workers=1, threads=2, env={"CARBONFACTORS_ACCESS_LOG": str(log)}) as s:
        urllib.request.urlopen(f"{s.url}/v1/factors/grid_intensity:FR:2023:ember-owid?version=dev")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{s.url}/v1/nope")
        time.sleep(1.1)
        urllib.request.urlopen(f"{s.url}/v1/health").read()  # a request after 1 s flushes
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and "/v1/nope" not in log.read_text():
            time.sleep(0.1)
        lines = log.read_text().splitlines()
    line = re.compile(
        r'^127\.0\.0\.1 - - \[[^]]+\] "GET (\S+) HTTP/1\.[01]" (\d{3}) (\d+|-) (\d+) ([0-9a-f]{32})$'
    )
    seen = [m.groups()[:2] for m in map(line.match, lines) if m]
    assert len(seen) == len(lines), lines
    assert ("/v1/factors/grid_intensity:FR:2023:ember-owid?version=dev", "200") in seen
    assert ("/v1/nope", "404") in seen and ("/v1/health", "200") in seen
