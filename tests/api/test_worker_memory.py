"""Issue 21, bounded memory: old versions opened on demand, few kept, their heavy parts
computed out of the serving process (``prepared.py``), answers unchanged byte for byte.

The RSS figures themselves are measured by benchmarks/serving.py ("memory"), not here.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from carbonfactors import snapshot as snap
from carbonfactors_service import bundles, create_app, prepared
from carbonfactors_service.caches import caches
from carbonfactors_service.datasets import dataset_for, preload
from carbonfactors_service.versioning import all_versions, latest

#: One request of each kind that reads a version's Dataset, bundle label or manifest.
PATHS = (
    "/v1/zones/FR/grid-intensity?year=2023",
    "/v1/pue/google",
    "/v1/factors?kind=grid_intensity&limit=5",
    "/v1/hardware/H100%20SXM",
    "/v1/zones/FR",
)
JOB = {
    "hardware": [{"model": "H100 SXM", "count": 2}],
    "hours": 3,
    "location": "FR",
    "include_embodied": False,
}


def _answers(app: Flask, versions: list[str]) -> list[tuple[int, bytes]]:
    client = app.test_client()
    out = []
    for v in versions:
        for bundle in ("full", "open"):
            for path in PATHS:
                sep = "&" if "?" in path else "?"
                r = client.get(f"{path}{sep}version={v}&bundle={bundle}")
                out.append((r.status_code, r.data))
            r = client.post(f"/v1/footprint?version={v}&bundle={bundle}", json=JOB)
            out.append((r.status_code, r.data))
    return out


def test_a_preloaded_app_answers_every_version_as_a_fresh_one(built_db: Path) -> None:
    """The master's way (child-computed facts and packs, few Datasets kept) gives the
    same bytes as an app that computed everything itself, on every version and bundle."""
    fresh = create_app({"DATABASE": str(built_db), "TESTING": True})
    warm = create_app({"DATABASE": str(built_db), "TESTING": True})
    names = preload(warm, every=True)
    assert len(names) >= 3
    expected = _answers(fresh, names)
    assert all(status == 200 for status, _ in expected)
    assert _answers(warm, names) == expected
    assert _answers(warm, list(reversed(names))) == _answers(fresh, list(reversed(names)))


def test_only_a_few_old_versions_stay_open(built_db: Path) -> None:
    app = create_app({"DATABASE": str(built_db), "TESTING": True})
    preload(app, every=True)
    client = app.test_client()
    with app.app_context():
        newest = latest().version
        old = [v.version for v in all_versions() if v.version != newest]
    for v in old:
        for bundle in ("full", "open"):
            assert client.get(f"/v1/pue/google?version={v}&bundle={bundle}").status_code == 200
    sizes = caches(app).sizes()
    assert sizes["old-datasets"] == (2, 2)  # 2 x bundles x versions asked, 2 kept
    assert sizes["datasets"][0] == 1  # the latest's, opened by preload, never evicted


def test_packs_computed_in_the_child_are_the_bundles_packs(built_db: Path) -> None:
    """``prepared.prepare`` forks: what comes back equals what this process computes."""
    app = create_app({"DATABASE": str(built_db), "TESTING": True})
    with app.app_context():
        versions = all_versions()
    prepared.prepare(app, versions, "open")  # the open bundle is never the release itself
    with app.app_context():
        for v in versions:
            kept = caches().get("bundle-facts", (v.version, v.sha256, "open"))
            assert kept == bundles.compute_facts(v, "open")
            assert kept.sha256 == bundles.body(v, "open")[1]
            pack = prepared.stored_pack(app, v, "open")
            assert pack is not None and pack == snap.pack(bundles.snapshot(v, "open"))
            # Opened from that pack, with the same checksum the labels carry.
            assert dataset_for(v, "open").bundle_sha256 == kept.sha256
    # Asked again, nothing is recomputed (no second child: a worker of a preloaded master).
    where = dict(app.extensions[prepared.EXTENSION].where)
    prepared.prepare(app, versions, "open")
    assert app.extensions[prepared.EXTENSION].where == where


def test_the_build_stores_the_default_bundle_so_a_start_up_decodes_nothing(
    built_db: Path,
) -> None:
    """Start-up must not grow with the releases (each decode ~1.5-3.5 s): the build stores
    every version's default-bundle facts and pack (``bundle_facts``), and ``prepare`` reads
    them, equal to what this process computes, without forking a child."""
    app = create_app({"DATABASE": str(built_db), "TESTING": True})
    with app.app_context():
        versions = all_versions()
    prepared.prepare(app, versions, "full")
    assert prepared.EXTENSION not in app.extensions  # no child ran, no pack file made
    with app.app_context():
        differs = 0
        for v in versions:
            kept = caches().get("bundle-facts", (v.version, v.sha256, "full"))
            assert kept == bundles.stored_facts(v, "full") == bundles.compute_facts(v, "full")
            assert kept.sha256 == bundles.body(v, "full")[1]
            pack = prepared.stored_pack(app, v, "full")
            if kept.sha256 == v.sha256:  # the release itself: its pack is in ``packs``
                assert pack is None
            else:
                differs += 1
                assert pack == snap.pack(bundles.snapshot(v, "full"))
                assert dataset_for(v, "full").bundle_sha256 == kept.sha256
        assert differs  # the fixture has versions whose full bundle is not the release
        assert bundles.stored_facts(versions[0], "open") is None  # only the default is stored
