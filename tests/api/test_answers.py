"""Answers precomputed at build time (``answers.py``, ``carbonfactors build --answers``):
the same bytes and headers as computed ones, actually what a lookup serves, and served
before Flask (``fastpath.py``) with exactly Flask's headers."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from carbonfactors_pipeline.build import build_database
from carbonfactors_pipeline.validate import validate_tree
from carbonfactors_service import answers, create_app, datasets, fastpath, zones
from carbonfactors_service.answers import inflate
from carbonfactors_service.caches import caches
from carbonfactors_service.db import EXTENSION as DB_EXTENSION

from .conftest import ROOT

FIXTURE_FACTORS = ROOT / "tests" / "fixtures" / "factors"

PATHS = {
    "factor": "/v1/factors/{}",
    "hardware": "/v1/hardware/{}",
    "grid": "/v1/zones/{}/grid-intensity",
    "pue": "/v1/pue/{}",
}


@pytest.fixture(scope="module")
def answers_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture tree built with its answers stored (``built_db`` is built without)."""
    out = tmp_path_factory.mktemp("answers") / "carbonfactors.db"
    build_database(FIXTURE_FACTORS, validate_tree(FIXTURE_FACTORS).snapshot, out, answers=True)
    return out


def _urls(db: Path) -> list[str]:
    """The URL of every stored answer, every version (pinned, as clients ask)."""
    conn = sqlite3.connect(db)
    rows = conn.execute("select version, key from answers order by version, key").fetchall()
    conn.close()
    urls = []
    for version, key in rows:
        bundle, kind, ident, *_ = json.loads(key)
        assert bundle == "full"
        urls.append(f"{PATHS[kind].format(quote(ident, safe=':'))}?version={version}")
    return urls


def _headers(resp: object) -> list[tuple[str, str]]:
    return [(k, v) for k, v in resp.headers.items() if k != "X-Request-Id"]  # type: ignore[attr-defined]


def test_every_kind_is_stored_for_every_version(answers_db: Path) -> None:
    conn = sqlite3.connect(answers_db)
    kinds = {(v, json.loads(k)[1]) for v, k in conn.execute("select version, key from answers")}
    versions = {v for (v,) in conn.execute("select version from versions")}
    factors = conn.execute("select count(*) from factors").fetchone()[0]
    stored_factors = conn.execute(
        'select count(*) from answers where key like \'["full","factor",%\''
    ).fetchone()[0]
    bodies = conn.execute("select count(*) from answer_bodies").fetchone()[0]
    answers = conn.execute("select count(*) from answers").fetchone()[0]
    conn.close()
    assert kinds == {(v, k) for v in versions for k in ("factor", "hardware", "grid", "pue")}
    assert stored_factors == factors
    assert bodies < answers  # what did not change between versions is stored once


def test_a_build_without_answers_has_none(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    tables = {t for (t,) in conn.execute("select name from sqlite_master where type='table'")}
    conn.close()
    assert not tables & {"answers", "answer_bodies", "answer_labels", "answer_dicts"}


def test_stored_answers_are_byte_for_byte_the_computed_ones(
    answers_db: Path, built_db: Path
) -> None:
    """Every stored URL, twice on each side (the second from the fast path's caches): the
    database with answers serves the same bodies and headers as the one without."""
    stored, computed = (
        create_app({"DATABASE": str(answers_db)}),
        create_app({"DATABASE": str(built_db)}),
    )
    urls = _urls(answers_db)
    assert len(urls) > 100
    a, b = stored.test_client(), computed.test_client()
    for url in urls + urls:
        ra, rb = a.get(url), b.get(url)
        assert ra.status_code == rb.status_code == 200, url
        assert ra.data == rb.data, url
        assert _headers(ra) == _headers(rb), url


def test_latest_only_stores_the_latest_release_and_serves_every_version_the_same(
    answers_db: Path, tmp_path: Path
) -> None:
    """``make serve`` builds ``--answers latest`` (rendering every release grows the build
    by ~12 s a release): only the latest release's answers are stored, and every URL of
    every version answers with the bytes and headers of the all-versions database."""
    out = tmp_path / "latest.db"
    build_database(FIXTURE_FACTORS, validate_tree(FIXTURE_FACTORS).snapshot, out, answers="latest")
    conn = sqlite3.connect(out)
    stored_versions = {v for (v,) in conn.execute("select distinct version from answers")}
    (newest,) = conn.execute(
        "select version from versions where is_release = 1 order by position desc limit 1"
    ).fetchone()
    conn.close()
    assert stored_versions == {newest}
    urls = _urls(answers_db)
    assert any(f"version={newest}" not in u for u in urls)  # older versions are asked too
    latest, every = (
        create_app({"DATABASE": str(out)}).test_client(),
        create_app({"DATABASE": str(answers_db)}).test_client(),
    )
    for url in urls:
        ra, rb = latest.get(url), every.get(url)
        assert ra.status_code == rb.status_code == 200, url
        assert ra.data == rb.data, url
        assert _headers(ra) == _headers(rb), url


def test_the_open_bundle_and_other_parameters_are_computed(
    answers_db: Path, built_db: Path
) -> None:
    stored, computed = (
        create_app({"DATABASE": str(answers_db)}),
        create_app({"DATABASE": str(built_db)}),
    )
    for url in (
        "/v1/factors/grid_intensity:FR:2023:ember-owid?bundle=open",
        "/v1/zones/FR/grid-intensity?year=2023",
        "/v1/zones/FR/grid-intensity?basis=direct&version=2026.02",
        "/v1/hardware/nvidia-a100-sxm4-80gb?version=2026.02&bundle=full",
        "/v1/factors/nope?version=2026.02",
    ):
        ra, rb = stored.test_client().get(url), computed.test_client().get(url)
        assert ra.status_code == rb.status_code, url
        a, b = ra.get_json(), rb.get_json()
        a.pop("request_id", None), b.pop("request_id", None)  # problems carry their own
        assert a == b, url


def _marked(answers_db: Path, tmp_path: Path, key: str, version: str) -> Path:
    """A copy of the database whose stored rest for ``key`` in ``version`` is a marker."""
    db = tmp_path / "marked.db"
    shutil.copy(answers_db, db)
    with sqlite3.connect(db) as conn:
        (ident,) = conn.execute(
            "select body from answers where version = ? and key = ?", (version, key)
        ).fetchone()
        kind = json.loads(key)[1]
        (zdict,) = conn.execute("select zdict from answer_dicts where kind = ?", (kind,)).fetchone()
        co = zlib.compressobj(6, zdict=zdict)
        marker = co.compress(b'"marker":true}\n') + co.flush()
        assert inflate(marker, zdict) == b'"marker":true}\n'
        conn.execute("update answer_bodies set body = ? where id = ?", (marker, ident))
        conn.execute(
            "update answers set etag = 'marker' where version = ? and key = ?", (version, key)
        )
    return db


@pytest.mark.parametrize(
    "url", ["/v1/factors/grid_intensity:FR:2023:ember-owid", "/v1/hardware/nvidia-a100-sxm4-80gb"]
)
def test_a_lookup_reads_the_stored_answer(answers_db: Path, tmp_path: Path, url: str) -> None:
    """A marker written into the table is what comes back: the lookup computed nothing,
    through Flask (the first lookup of its kind) and before it (the next ones)."""
    kind = "factor" if "/factors/" in url else "hardware"
    key = json.dumps(["full", kind, url.rsplit("/", 1)[1]], separators=(",", ":"))
    db = _marked(answers_db, tmp_path, key, "2026.02")
    fresh = [u for u in _urls(db) if u.startswith(PATHS[kind][:-2]) and "=2026.02" in u]
    for first in (True, False):  # through Flask (the first of its kind), then before it
        app = create_app({"DATABASE": str(db)})
        hooks, client = _flask_counter(app), app.test_client()
        if not first:  # another answer of its kind and version gives the headers' template
            assert client.get(next(u for u in fresh if url not in u)).status_code == 200
        resp = client.get(f"{url}?version=2026.02")
        assert resp.status_code == 200
        assert resp.get_json()["marker"] is True
        assert resp.get_json()["dataset_version"] == "2026.02"
        assert resp.headers["ETag"] == '"marker"'
        assert len(hooks) == 1
    other = f"{PATHS[kind].format('nope')}?version=2026.02"
    assert client.get(other).status_code == 404


def _flask_counter(app: Flask) -> list[str]:
    hooks: list[str] = []
    app.before_request(lambda: hooks.append("flask"))
    return hooks


def _preloaded(db: Path) -> Flask:
    """An app as the gunicorn master leaves it (``datasets.preload``), its database
    connection then swapped for an empty one: only what is in memory can be served."""
    app = create_app({"DATABASE": str(db)})
    assert datasets.preload(app) == ["2026.02"]
    assert answers.in_memory(app, "2026.02") and not answers.in_memory(app, "dev")
    app.extensions[DB_EXTENSION].conn = (os.getpid(), sqlite3.connect(":memory:"))
    return app


def test_the_default_versions_answers_are_read_from_memory(answers_db: Path) -> None:
    """Every stored answer of the latest release, read from memory with no database left,
    is the database's (body and ETag); another version's is not in memory."""
    conn = sqlite3.connect(answers_db)
    keys = [k for (k,) in conn.execute("select key from answers where version = '2026.02'")]
    conn.close()
    assert len(keys) > 50
    on_disk, in_memory = create_app({"DATABASE": str(answers_db)}), _preloaded(answers_db)
    for text in keys:
        key = tuple(json.loads(text))
        want = answers.read(on_disk, "2026.02", key)
        assert want is not None and answers.read(in_memory, "2026.02", key) == want, text
    assert answers.read(in_memory, "2026.02", ("full", "factor", "nope")) is None
    assert answers.read(in_memory, "dev", tuple(json.loads(keys[0]))) is None  # no database


@pytest.mark.parametrize("preloaded", [False, True])
def test_stored_answers_are_served_before_flask_with_flasks_headers(
    answers_db: Path, preloaded: bool
) -> None:
    """After one Flask answer per kind and version (the headers' template), every stored
    answer is served without Flask, with the headers Flask gives the same URL (forced
    through Flask with a non-matching If-None-Match, which the fast path never answers);
    the same with the latest release's answers in memory (the other versions' then read
    from a database that has none: only the latest release's URLs are asked)."""
    urls = _urls(answers_db)
    urls += [u.split("?")[0] for u in urls if "version=2026.02" in u]  # latest: other caching
    if preloaded:
        urls = [u for u in urls if "version=" not in u or "version=2026.02" in u]
    reference = create_app({"DATABASE": str(answers_db)}).test_client()
    flask_answers = {u: reference.get(u, headers={"If-None-Match": '"x"'}) for u in urls}
    app = create_app({"DATABASE": str(answers_db)})
    if preloaded:
        app = _preloaded(answers_db)
    hooks = _flask_counter(app)
    client: FlaskClient = app.test_client()
    first: dict[tuple[str, str], str] = {}
    for url in urls:
        first.setdefault((url.split("/")[2], url.partition("?")[2]), url)
    for url in first.values():
        assert client.get(url).status_code == 200
    assert len(hooks) == len(first)
    hooks.clear()
    for url in urls:
        fast, slow = client.get(url), flask_answers[url]
        assert fast.status_code == slow.status_code == 200, url
        assert fast.data == slow.data, url
        assert _headers(fast) == _headers(slow), url
        assert fast.headers["X-Request-Id"] != slow.headers["X-Request-Id"]
    assert hooks == [], "a stored answer went through Flask"
    head = client.open(urls[0], method="HEAD")
    assert head.data == b"" and _headers(head) == _headers(flask_answers[urls[0]])
    if preloaded:  # a URL asked twice is kept among the finished responses, once is not
        once, twice = urls[-1], urls[-2]
        url_key = (once.partition("?")[0], once.partition("?")[2])
        fast: Any = app.wsgi_app
        while not isinstance(fast, fastpath.FastPath):  # under the request-id middleware
            fast = fast.wsgi_app
        fast.seen.clear()
        responses = caches(app)._lru["responses"]
        responses.clear()
        for url in (once, twice, twice):
            assert client.get(url).status_code == 200
        assert url_key not in responses
        assert (twice.partition("?")[0], twice.partition("?")[2]) in responses


def test_stored_key_reads_only_plain_lookups() -> None:
    key = fastpath.stored_key
    assert key("/v1/factors/a:b", "") == (None, ("full", "factor", "a:b"))
    assert key("/v1/pue/aws", "version=dev&bundle=full") == ("dev", ("full", "pue", "aws", None))
    assert key("/v1/zones/US-CAL/grid-intensity", "version=2026.02") == (
        "2026.02",
        ("full", "grid", "US-CAL", None, "lifecycle"),
    )
    for path, query in [
        ("/v1/factors/a", "year=2023"),
        ("/v1/factors/a", "bundle=open"),
        ("/v1/factors/a", "version="),
        ("/v1/factors/a", "version=a&version=b"),
        ("/v1/factors/", ""),
        ("/v1/factors", ""),
        ("/v1/zones/FR", ""),
        ("/v1/zones//grid-intensity", ""),
        ("/v1/zones/FR/grid-intensity/series", ""),
    ]:
        assert key(path, query) is None, (path, query)
    # The default basis the stored grid answers were rendered with is the route's.
    assert zones.GridQuery().fields["basis"].load_default == fastpath.GRID_BASIS


def test_inflate_reads_zlib_streams_with_a_preset_dictionary_and_checks_them() -> None:
    """``inflate`` reads the deflate data raw (faster) but gives what zlib gives, and
    still refuses a stream whose Adler-32 trailer does not match."""
    from carbonfactors_service.answers import _compress

    zdict = b'{"kind": "grid_intensity", "unit": "gCO2e/kWh", "source": "ember"}' * 40
    for text in (b"", b"x", b'{"kind": "grid_intensity", "value": 56.0}' * 30):
        blob = _compress(text, zdict)
        assert inflate(blob, zdict) == zlib.decompressobj(zdict=zdict).decompress(blob) == text
    plain = zlib.compress(b"no dictionary here")  # no FDICT flag: a 2-byte header
    assert inflate(plain, b"") == b"no dictionary here"
    bad = bytearray(_compress(b"some answer " * 20, zdict))
    bad[-1] ^= 1
    with pytest.raises(zlib.error, match="Adler-32"):
        inflate(bytes(bad), zdict)
