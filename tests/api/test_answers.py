"""Answers precomputed at build time (``answers.py``): the same bytes as computed ones, and
actually what a lookup serves."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest

from carbonfactors_service import create_app


def _urls(db: Path) -> list[str]:
    """The URL of every stored answer, every version (pinned, as clients ask)."""
    conn = sqlite3.connect(db)
    rows = conn.execute("select version, key from answers order by version, key").fetchall()
    conn.close()
    urls = []
    for version, key in rows:
        kind, ident, *_ = json.loads(key)
        path = {
            "factor": "/v1/factors/{}",
            "hardware": "/v1/hardware/{}",
            "grid": "/v1/zones/{}/grid-intensity",
            "pue": "/v1/pue/{}",
        }[kind].format(quote(ident, safe=":"))
        urls.append(f"{path}?version={version}")
    return urls


def test_every_kind_is_stored_for_every_version(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    kinds = {(v, json.loads(k)[0]) for v, k in conn.execute("select version, key from answers")}
    versions = {v for (v,) in conn.execute("select version from versions")}
    factors = conn.execute("select count(*) from factors").fetchone()[0]
    stored_factors = conn.execute(
        "select count(*) from answers where key like '[\"factor\",%'"
    ).fetchone()[0]
    conn.close()
    assert kinds == {(v, k) for v in versions for k in ("factor", "hardware", "grid", "pue")}
    assert stored_factors == factors


def test_stored_answers_are_byte_for_byte_the_computed_ones(built_db: Path, tmp_path: Path) -> None:
    """Same database without the table: every answer is then computed at run time."""
    bare = tmp_path / "bare.db"
    shutil.copy(built_db, bare)
    with sqlite3.connect(bare) as conn:
        conn.execute("drop table answers")
    stored, computed = create_app({"DATABASE": str(built_db)}), create_app({"DATABASE": str(bare)})
    urls = _urls(built_db)
    assert len(urls) > 100
    a, b = stored.test_client(), computed.test_client()
    for url in urls:
        ra, rb = a.get(url), b.get(url)
        assert ra.status_code == rb.status_code == 200, url
        assert ra.data == rb.data, url
        assert ra.headers["ETag"] == rb.headers["ETag"], url


@pytest.mark.parametrize(
    "url", ["/v1/factors/grid_intensity:FR:2023:ember-owid", "/v1/hardware/nvidia-a100-sxm4-80gb"]
)
def test_a_lookup_reads_the_stored_answer(built_db: Path, tmp_path: Path, url: str) -> None:
    """A marker written into the table is what comes back: the lookup computed nothing."""
    db = tmp_path / "marked.db"
    shutil.copy(built_db, db)
    kind = "factor" if "/factors/" in url else "hardware"
    key = json.dumps([kind, url.rsplit("/", 1)[1]], separators=(",", ":"))
    with sqlite3.connect(db) as conn:
        n = conn.execute(
            "update answers set body = ?, etag = 'marker' where key = ? and version = "
            "(select version from versions where is_release = 1 order by position desc limit 1)",
            (zlib.compress(b'{"marker":true}\n'), key),
        ).rowcount
    assert n == 1
    resp = create_app({"DATABASE": str(db)}).test_client().get(url)
    assert resp.status_code == 200 and resp.get_json() == {"marker": True}
    assert resp.headers["ETag"] == '"marker"'
