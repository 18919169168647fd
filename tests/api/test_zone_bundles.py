"""Zone records per bundle: the live service lists what the installed SDK has offline.

A zone's grid mapping is a value: a bundle that may not carry its ``mapping_source`` drops
it (``licensing.bundle``), and the wheel's offline data follows that rule. Before issue 19's
fix, ``GET /v1/zones`` and ``/v1/zones/{zone}`` served the stored release records whatever
the ``bundle=`` asked for, so ``open`` listed mappings the ``open`` bundle cannot carry.

The fixture tree is released with one region mapped by a share-alike source (kept in
``full`` only) and others by AGPL code (in no bundle), served by gunicorn on a random port;
for each bundle, an online and an offline Client (synced from it) list the same zones.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

import carbonfactors as cf
from carbonfactors.dataset import forget_loaded
from carbonfactors_pipeline.releases import cut_release
from carbonfactors_pipeline.validate import validate_tree
from liveserver import serving_factors

FIXTURE_FACTORS = Path(__file__).resolve().parents[1] / "fixtures" / "factors"
VERSION = "2026.12"
SHARE_ALIKE_REGION = "gcp:europe-west1"  # mapped by an ODbL source here: full only
AGPL_REGION = "aws:us-east-1"  # mapped by AGPL code: no bundle carries the mapping


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("zone-bundles")
    tree = root / "factors"
    shutil.copytree(FIXTURE_FACTORS, tree, ignore=shutil.ignore_patterns("releases"))
    path = tree / "zones" / "cloud" / "gcp" / "europe-west1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("electricitymaps-datacenters", "electricitymaps-yearly"))
    dev = validate_tree(tree)
    assert dev.ok, [str(p) for p in dev.problems]
    cut_release(tree, VERSION, dev.snapshot, today=dt.date(2026, 12, 1))
    with serving_factors(root / "db", tree) as server:
        yield server.url


def _online_items(url: str, bundle: str, **params: Any) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        q = {"version": VERSION, "bundle": bundle, "limit": 2, **params}
        doc = requests.get(
            f"{url}/v1/zones", params=q | ({"cursor": cursor} if cursor else {}), timeout=30
        )
        assert doc.status_code == 200, doc.text
        body = doc.json()
        assert body["bundle"] == bundle
        items += body["items"]
        cursor = body.get("next_cursor")
        if not cursor:
            return items


@pytest.mark.parametrize("bundle", ["open", "full"])
def test_the_zone_list_equals_the_offline_sdk_of_the_same_bundle(
    served: str, bundle: str, tmp_path: Path
) -> None:
    forget_loaded()
    cache = tmp_path / "cache"
    online = cf.Client(served, version=VERSION, bundle=bundle, cache_dir=cache, strict=True)
    assert online.sync(VERSION).downloaded
    offline = cf.Client(offline=True, version=VERSION, bundle=bundle, cache_dir=cache)
    try:
        for filters in ({}, {"type": "cloud_region"}, {"provider": "gcp"}, {"q": "belgium"}):
            remote = list(online.zones(**filters))
            local = list(offline.zones(**filters))
            assert remote and remote == local, (bundle, filters)
        zones = {z.id: z for z in offline.zones()}
        mapped = zones[SHARE_ALIKE_REGION].grid_zone
        assert mapped == ("BE" if bundle == "full" else None)
        assert zones[AGPL_REGION].grid_zone is None
    finally:
        online.close()
        forget_loaded()


@pytest.mark.parametrize("bundle", ["open", "full"])
def test_zone_records_carry_only_the_bundles_mappings(served: str, bundle: str) -> None:
    items = {z["id"]: z for z in _online_items(served, bundle)}
    snap = requests.get(
        f"{served}/v1/versions/{VERSION}/snapshot", params={"bundle": bundle}, timeout=30
    ).json()
    carried = {z["id"]: z for z in snap["zones"]}
    for zid, z in items.items():
        for key in ("grid_zone", "mapping_source", "mapping_evidence"):
            assert z.get(key) == carried[zid].get(key), (bundle, zid, key)
    sa = items[SHARE_ALIKE_REGION]
    if bundle == "open":
        assert sa["grid_zone"] is None and "does not carry" in sa["mapping_evidence"]
    else:
        assert sa["grid_zone"] == "BE" and sa["mapping_source"] == "electricitymaps-yearly"
    one = requests.get(
        f"{served}/v1/zones/{SHARE_ALIKE_REGION}",
        params={"version": VERSION, "bundle": bundle},
        timeout=30,
    ).json()
    assert one["zone"] == sa
    assert (one["grid_zone"] or {}).get("id") == sa["grid_zone"]
    assert (one["mapping_source"] or {}).get("id") == sa["mapping_source"]
    # a region is a child of the grid zone it maps to only where the bundle has the mapping
    pjm = requests.get(
        f"{served}/v1/zones/US-MIDA-PJM", params={"version": VERSION, "bundle": bundle}, timeout=30
    ).json()
    assert AGPL_REGION not in pjm["children"]
