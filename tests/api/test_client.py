"""``carbonfactors.Client`` against the real service under gunicorn on a free port.

Lookups, pagination, pinning, ETag revalidation, sync into a per-user store (also from
several processes at once), a corrupted store, and the fallback to the local snapshot
once the server is stopped. Failure modes a healthy server cannot produce on demand are in
``tests/unit/test_client_failures.py``.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import carbonfactors as cf
from carbonfactors import snapshot as snap
from carbonfactors import store
from carbonfactors.dataset import forget_loaded
from liveserver import Server

from .conftest import ROOT

pytestmark = pytest.mark.slow

FIXTURE_RELEASES = ROOT / "tests" / "fixtures" / "factors" / "releases"
FR_2024 = "grid_intensity:FR:2024:ember-owid"  # added in 2026.02
JOBS = [
    {"energy_kwh": 10, "hours": 3, "location": "DE", "year": 2024},
    {"hardware": [{"model": "A100 SXM4 80GB", "count": 8}], "hours": 24, "location": "FR"},
    {"energy_kwh": 1, "location": "ATLANTIS"},
]


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    forget_loaded()
    yield tmp_path / "cache"
    forget_loaded()


def test_lookups_are_typed_and_cite_their_version(live_server: str, cache: Path) -> None:
    c = cf.Client(live_server, cache_dir=cache)
    f = c.factor("grid_intensity:FR:2023:ember-owid")
    assert isinstance(f, cf.FactorRecord) and f.value == 55.27541
    assert f.dataset_version == "2026.02" and f.to_dict()["source"] == "ember-owid"
    grid = c.grid_intensity("aws:us-east-1", year=2024)
    assert grid.dataset_version == "2026.02" and grid.trail and grid.factor.id.startswith("grid")
    assert c.pue("industry", year=2024).value == 1.56
    assert c.hardware("H100 SXM").id == "nvidia-h100-sxm5-80gb"
    assert {s.id for s in c.sources()} >= {"ember-owid"}
    assert {"2026.01", "2026.02"} <= {v.version for v in c.versions()}
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = 0  # type: ignore[misc]


def test_pagination_is_lazy_and_complete(live_server: str, cache: Path) -> None:
    c = cf.Client(live_server, cache_dir=cache)
    before = c.stats["requests"]
    pages = c.zones(limit=3)
    assert c.stats["requests"] == before  # nothing fetched until iterated
    ids = [z.id for z in pages]
    assert c.stats["requests"] - before >= 3  # 8 zones, 3 per page
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 8
    assert [z.id for z in pages] == ids  # iterable again, from the first page
    assert [len(p) for p in pages.pages()] == [3, 3, 2]
    offline = [z.id for z in cf.Client(offline=True, cache_dir=cache).zones(type="country")]
    assert offline  # the bundled catalog answers the same call offline


def test_pinning_answers_from_that_release_forever(live_server: str, cache: Path) -> None:
    old = cf.Client(live_server, version="2026.01", cache_dir=cache)
    new = cf.Client(live_server, version="2026.02", cache_dir=cache)
    with pytest.raises(cf.FactorNotFound) as err:
        old.factor(FR_2024)
    assert err.value.status == 404 and err.value.problem is not None
    assert new.factor(FR_2024).dataset_version == "2026.02"
    changes = new.changes("2026.01")
    assert [f["id"] for f in changes.added] == [FR_2024]
    # Pinned answers are immutable: the second lookup is served from memory, no request.
    new.factor("grid_intensity:FR:2023:ember-owid")
    sent = new.stats["requests"]
    new.factor("grid_intensity:FR:2023:ember-owid")
    assert new.stats["requests"] == sent and new.stats["cache_hits"] >= 1


def test_latest_expires_and_revalidates_with_etag(live_server: str, cache: Path) -> None:
    c = cf.Client(live_server, cache_dir=cache, cache_ttl=0.2)
    first = c.grid_intensity("FR", year=2023)
    assert c.grid_intensity("FR", year=2023) == first  # fresh: from memory
    assert c.stats["requests"] == 1
    time.sleep(0.3)
    assert c.grid_intensity("FR", year=2023) == first  # stale: If-None-Match -> 304
    assert (c.stats["requests"], c.stats["revalidated"]) == (2, 1)


def test_errors_are_the_registry_classes_with_their_problem(live_server: str, cache: Path) -> None:
    c = cf.Client(live_server, cache_dir=cache, strict=True)
    with pytest.raises(cf.ZoneNotFound) as err:
        c.grid_intensity("ATLANTIS")
    assert err.value.status == 404
    assert err.value.problem and err.value.problem["type"].endswith("/zone-not-found")
    with pytest.raises(cf.ZoneNotFound):  # the same class for the same zone in a job
        c.footprint(JOBS[2])
    with pytest.raises(cf.InvalidInput) as bad:
        c.footprint({"hours": -1, "location": "FR"})
    assert bad.value.status == 422 and bad.value.field == "hours"


def test_sync_names_its_bundle_and_never_widens_the_cache(live_server: str, cache: Path) -> None:
    """An open Client syncs the open bundle, stored apart; full data comes only when asked."""
    c = cf.Client(live_server, cache_dir=cache, bundle="open")
    got = c.sync("2026.02")
    assert got.bundle == "open" and got.downloaded
    assert store.synced_versions(cache) == []  # nothing full in the cache
    assert store.synced_versions(cache, "open") == ["2026.02"]
    ds = cf.load_dataset(version="2026.02", cache_dir=cache, bundle="open")
    assert ds.bundle == "open" and ds.bundle_sha256 == got.sha256
    licences = {f.license for f in cf.Client(live_server, bundle="open").factors(limit=500)}
    assert "ODbL-1.0" not in licences
    full = c.sync("2026.02", bundle="full")
    assert full.bundle == "full" and store.synced_versions(cache) == ["2026.02"]
    # Online and offline answer from the same bundle, with the same label.
    online = cf.Client(live_server, version="2026.02", bundle="open").footprints(JOBS[:2])
    offline = cf.footprints(JOBS[:2], dataset=ds)
    for a, b in zip(online, offline, strict=True):
        assert a.to_dict() == b.to_dict()  # type: ignore[union-attr]
        assert (a.bundle, a.bundle_sha256) == ("open", got.sha256)  # type: ignore[union-attr]


def test_footprints_online_equal_offline(live_server: str, cache: Path) -> None:
    # The same (version, bundle) online and offline: the release file is the full bundle.
    online = cf.Client(live_server, version="2026.02", cache_dir=cache, bundle="full").footprints(
        JOBS
    )
    ds = cf.load_dataset(FIXTURE_RELEASES / "2026.02.json")
    local = cf.footprints(JOBS, dataset=ds)
    assert [r.ok for r in online] == [True, True, False]
    for a, b in zip(online[:2], local[:2], strict=True):
        assert a.to_dict() == b.to_dict()  # type: ignore[union-attr]
    failure = online[2]
    assert isinstance(failure, cf.FootprintFailure)
    assert failure.error == local[2].problem()  # type: ignore[union-attr]
    assert isinstance(failure.exception(), cf.ZoneNotFound)


def test_sync_verifies_writes_once_and_serves_offline(live_server: str, cache: Path) -> None:
    c = cf.Client(live_server, cache_dir=cache, bundle="full")
    first = c.sync("2026.02")
    assert first.downloaded and first.version == "2026.02"
    manifest = snap.read(FIXTURE_RELEASES / "2026.02.json")
    assert store.read(cache, "2026.02") == manifest
    assert not c.sync("2026.02").downloaded  # already there, intact
    offline = cf.Client(offline=True, version="2026.02", cache_dir=cache, bundle="full")
    assert offline.factor(FR_2024).dataset_version == "2026.02"
    assert cf.load_dataset(version="2026.02", cache_dir=cache).origin == "synced"
    with pytest.raises(cf.DatasetError, match="not available offline"):
        cf.load_dataset(version="2026.01", cache_dir=cache)


def test_several_processes_sync_at_once(live_server: str, cache: Path) -> None:
    code = (
        "import sys, carbonfactors as cf\n"
        "r = cf.Client(sys.argv[1], cache_dir=sys.argv[2], bundle='full').sync('2026.01')\n"
        "print(r.sha256)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, live_server, str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert len({o.strip() for o, _ in outs}) == 1
    assert store.read(cache, "2026.01") is not None
    assert not list(cache.glob("*.tmp")) and not list(cache.glob(".*.tmp"))


def test_corrupted_store_is_detected_replaced_never_used(live_server: str, cache: Path) -> None:
    c = cf.Client(live_server, cache_dir=cache, bundle="full")
    path = Path(c.sync("2026.02").path)
    pack, _ = store.pack_paths(cache, "2026.02")
    # A flipped byte in the packed index: detected, removed, the snapshot is read whole.
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0xFF
    pack.write_bytes(bytes(data))
    forget_loaded()
    with pytest.warns(store.CorruptCacheWarning, match="packed index"):
        ds = cf.load_dataset(version="2026.02", cache_dir=cache)
    assert ds.factor(FR_2024).value > 0 and not pack.exists()
    # A truncated snapshot as well: nothing usable is left, and nothing wrong is used.
    path.write_bytes(path.read_bytes()[:200])
    forget_loaded()
    with pytest.warns(store.CorruptCacheWarning), pytest.raises(cf.DatasetError):
        cf.load_dataset(version="2026.02", cache_dir=cache)
    assert not path.exists()
    assert c.sync("2026.02").downloaded  # replaced on the next sync
    forget_loaded()
    assert cf.load_dataset(version="2026.02", cache_dir=cache).version == "2026.02"
    assert pack.exists()


def connection_attempts(client: cf.Client) -> int:
    """Connections urllib3 opened (or tried to) for this client, over all its pools."""
    manager = client.session.get_adapter(client.base_url or "").poolmanager
    return sum(manager.pools[key].num_connections for key in manager.pools.keys())


def test_fallback_to_the_local_snapshot_when_the_server_stops(built_db: Path, cache: Path) -> None:
    with Server(built_db, workers=1) as server:
        base = server.url
        c = cf.Client(base, version="2026.02", cache_dir=cache, max_retries=1, retry_budget=2)
        c.sync()
        online = c.grid_intensity("FR", year=2024)
    lenient = cf.Client(base, version="2026.02", cache_dir=cache, max_retries=1, retry_budget=2)
    with pytest.warns(cf.OfflineFallbackWarning, match="connection refused"):
        offline = lenient.grid_intensity("FR", year=2024)
    assert (offline.value, offline.dataset_version) == (online.value, online.dataset_version)
    attempts = connection_attempts(lenient)
    assert attempts == 2  # one try and one retry, both refused
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once, not on every call
        assert lenient.factor(FR_2024).dataset_version == "2026.02"
        assert lenient.footprint(JOBS[0]).dataset_version == "2026.02"
    assert connection_attempts(lenient) == attempts  # the second call: no network at all
    assert lenient.stats["fallbacks"] == 3 and lenient.stats["skipped"] == 2
    strict = cf.Client(base, cache_dir=cache, strict=True, max_retries=1, retry_budget=2)
    with pytest.raises(cf.ServiceUnavailable) as err:
        strict.factor(FR_2024)
    assert err.value.__cause__ is not None  # the transport error, wrapped


@pytest.mark.slow
def test_the_client_rides_out_a_service_restart(built_db: Path, cache: Path) -> None:
    """The service goes away and comes back on the same address mid-request: a strict client
    retries (connection errors, with backoff, within its budget) and gets the answer."""
    import threading

    first = Server(built_db, workers=1).start()
    port = first.port
    client = cf.Client(
        first.url, version="2026.02", cache_dir=cache, strict=True, max_retries=30, retry_budget=60
    )
    before = client.grid_intensity("FR", year=2023)
    first.stop()
    second = Server(built_db, workers=1)
    second.argv = [f"127.0.0.1:{port}" if a == "127.0.0.1:0" else a for a in second.argv]
    restart = threading.Timer(1.0, second.start)
    restart.start()
    try:
        after = client.grid_intensity("FR", year=2022)  # not cached: it needs the server
        assert after.dataset_version == before.dataset_version == "2026.02"
        assert client.stats["fallbacks"] == 0
    finally:
        restart.join()
        second.stop()
