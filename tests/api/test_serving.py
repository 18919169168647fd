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
from typing import Any

import pytest
from flask import Flask, g

import carbonfactors
from carbonfactors_service import create_app
from carbonfactors_service.caches import caches
from carbonfactors_service.datasets import dataset_for, preload
from carbonfactors_service.security import html_policy
from carbonfactors_service.versioning import lookup
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


def test_preload_builds_the_latest_version(app: Flask) -> None:
    assert preload(app) == "2026.02"
    assert caches(app).sizes()["datasets"][0] == 1
    with app.app_context():
        ds = dataset_for(lookup("2026.02"))
    assert ds.version == "2026.02"
    assert preload(Flask("not-the-service")) is None


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


def test_the_connection_is_closed_when_the_request_ends(app: Flask) -> None:
    seen: list[sqlite3.Connection] = []

    @app.after_request
    def _spy(resp: Any) -> Any:
        if "db" in g:
            seen.append(g.db)
        return resp

    assert app.test_client().get("/v1/factors?limit=1").status_code == 200
    assert seen, "the list endpoint reads the database"
    with pytest.raises(sqlite3.ProgrammingError):
        seen[0].execute("select 1")


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
