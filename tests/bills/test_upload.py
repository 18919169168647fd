"""POST /v1/bills/focus: grouped results, problem documents, limits, and no trace left."""

from __future__ import annotations

import gc
import io
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from carbonfactors_service import create_app
from liveserver import Server

from .samples import FOCUS_COLUMNS, focus_rows, write_csv

# Made at run time, so that no constant of this module holds them (the scan below would
# find the module's own source lines and constants otherwise).
ACCOUNT = "acct-" + uuid.uuid4().hex
RESOURCE = "i-" + uuid.uuid4().hex[:17]
MARKERS = (ACCOUNT, RESOURCE)


def bill(tmp_path: Path, n: int = 1) -> bytes:
    rows = []
    for r in focus_rows() * n:
        r = dict(r, SubAccountId=ACCOUNT)
        if r.get("ResourceId"):
            r["ResourceId"] = RESOURCE
        rows.append(r)
    # an instance type the fixture catalog knows, so some lines are computed
    rows[0]["ChargeDescription"] = "$32.77 per On Demand Linux p4d.24xlarge Instance Hour"
    return write_csv(tmp_path / "bill.csv", rows, FOCUS_COLUMNS).read_bytes()


@pytest.fixture
def bills_app(built_db: Path) -> Iterator[Flask]:
    yield create_app(
        {"DATABASE": str(built_db), "TESTING": True, "BILL_MAX_BYTES": 200_000, "BILL_RATE": 1000}
    )


@pytest.fixture
def bc(bills_app: Flask) -> FlaskClient:
    return bills_app.test_client()


def post(c: FlaskClient, body: bytes, query: str = "", ctype: str = "text/csv"):  # type: ignore[no-untyped-def]
    return c.post(f"/v1/bills/focus{query}", data=body, headers={"Content-Type": ctype})


def test_grouped_result(bc: FlaskClient, tmp_path: Path) -> None:
    r = post(bc, bill(tmp_path), "?group_by=service,region,month")
    assert r.status_code == 200, r.json
    assert r.headers["Cache-Control"] == "no-store"
    doc = r.json
    assert doc["group_by"] == ["service", "region", "month"]
    assert set(doc["groups"]) == {"service", "region", "month"}
    s = doc["summary"]
    assert s["rows"] == 11 and s["non_usage_rows"] == {"credit": 1, "tax": 1}
    assert s["computed_rows"] >= 1 and s["total_kgco2e"] > 0
    region = doc["groups"]["region"]
    assert region[0]["location"] == "aws:us-east-1"
    assert (
        region[0]["total_kgco2e_low"] <= region[0]["total_kgco2e"] <= region[0]["total_kgco2e_high"]
    )
    assert region[0]["power_factor"] and region[0]["dataset_version"] == doc["dataset_version"]
    assert "top_resources" not in s


def test_no_account_or_resource_ids_unless_grouped_by_them(bc: FlaskClient, tmp_path: Path) -> None:
    body = bill(tmp_path)
    plain = post(bc, body, "?group_by=service,region,month").get_data(as_text=True)
    assert not [m for m in MARKERS if m in plain]
    by_account = post(bc, body, "?group_by=account").get_data(as_text=True)
    assert ACCOUNT in by_account and RESOURCE not in by_account
    by_resource = post(bc, body, "?group_by=resource").get_data(as_text=True)
    assert RESOURCE in by_resource and ACCOUNT not in by_resource


@pytest.mark.parametrize(
    ("query", "body", "ctype", "status", "type_"),
    [
        ("", b"a,b\n1,2\n", "text/csv", 422, "invalid-body"),
        ("", b"\xff\xfe\x00garbage", "text/csv", 422, "invalid-body"),
        ("", b"", "text/csv", 422, "invalid-body"),
        ("", b"x", "application/json", 415, "unsupported-media-type"),
        ("", b"x", "multipart/form-data; boundary=x", 415, "unsupported-media-type"),
        ("?group_by=tenant", b"x", "text/csv", 400, "invalid-parameter"),
        ("?method=guess", b"x", "text/csv", 400, "invalid-parameter"),
        ("?colour=red", b"x", "text/csv", 400, "invalid-parameter"),
    ],
)
def test_problems(
    bc: FlaskClient, query: str, body: bytes, ctype: str, status: int, type_: str
) -> None:
    r = post(bc, body, query, ctype)
    assert r.status_code == status
    assert r.mimetype == "application/problem+json"
    assert r.json["type"].endswith(type_)
    assert r.headers["Cache-Control"] == "no-store"


def test_size_limit(bc: FlaskClient, tmp_path: Path) -> None:
    big = bill(tmp_path, n=200)
    assert len(big) > 200_000
    r = post(bc, big)
    assert r.status_code == 413 and r.json["type"].endswith("payload-too-large")
    assert not [m for m in MARKERS if m in r.get_data(as_text=True)]


def test_size_limit_while_streaming_without_a_length(bc: FlaskClient, tmp_path: Path) -> None:
    big = bill(tmp_path, n=200)
    r = bc.post(
        "/v1/bills/focus",
        input_stream=io.BytesIO(big),
        headers={"Content-Type": "text/csv", "Transfer-Encoding": "chunked"},
        environ_base={"wsgi.input_terminated": True},  # what gunicorn says of a chunked body
    )
    assert r.status_code == 413
    assert r.json["type"].endswith("payload-too-large")


def test_rate_limit(built_db: Path, tmp_path: Path) -> None:
    app = create_app({"DATABASE": str(built_db), "TESTING": True, "BILL_RATE": 2})
    c = app.test_client()
    body = bill(tmp_path)
    env = {"REMOTE_ADDR": "192.0.2.77"}
    codes = [
        c.post(
            "/v1/bills/focus", data=body, headers={"Content-Type": "text/csv"}, environ_base=env
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_rate_limit_per_forwarded_client(built_db: Path, tmp_path: Path) -> None:
    """Behind the proxy every request comes from 127.0.0.1: the forwarded address counts,
    and a forwarded address from an untrusted peer is ignored."""
    app = create_app({"DATABASE": str(built_db), "TESTING": True, "BILL_RATE": 1})
    c = app.test_client()
    body = bill(tmp_path)

    def send(peer: str, forwarded: str) -> int:
        return c.post(
            "/v1/bills/focus",
            data=body,
            headers={"Content-Type": "text/csv", "X-Forwarded-For": forwarded},
            environ_base={"REMOTE_ADDR": peer},
        ).status_code

    assert send("127.0.0.1", "198.51.100.1") == 200
    assert send("127.0.0.1", "198.51.100.2") == 200  # another client behind the proxy
    assert send("127.0.0.1", "10.0.0.9, 198.51.100.1") == 429  # nginx appends the real one
    assert send("203.0.113.5", "198.51.100.3") == 200
    assert send("203.0.113.5", "198.51.100.4") == 429  # untrusted peer: its own address counts


def _strings_holding(markers: tuple[str, ...]) -> list[str]:
    """Every live object that holds a marker, the marker objects themselves excepted: str and
    bytes held by tracked containers, and the data of live DataFrames, Series, object
    arrays and byte buffers (pandas keeps text in Arrow buffers, which are not Python
    objects, so they are searched through the objects that own them)."""
    import numpy as np
    import pandas as pd

    gc.collect()
    found: list[str] = []
    bmarkers = tuple(m.encode() for m in markers)
    own = {id(m) for m in (*markers, *bmarkers)}

    def text_has(text: str) -> bool:
        return any(m in text for m in markers)

    for obj in gc.get_objects():
        if isinstance(obj, pd.DataFrame):
            if any(text_has(str(v)) for v in obj.astype(str).to_numpy().ravel()):
                found.append(f"DataFrame {obj.shape}")
            continue
        if isinstance(obj, pd.Series):
            if any(text_has(str(v)) for v in obj.astype(str).tolist()):
                found.append(f"Series {obj.name}")
            continue
        if isinstance(obj, np.ndarray) and obj.dtype == object:
            if any(isinstance(v, str) and text_has(v) for v in obj.ravel()):
                found.append(f"ndarray {obj.shape}")
            continue
        if isinstance(obj, io.BytesIO):
            if any(m in obj.getvalue() for m in bmarkers):
                found.append("BytesIO")
            continue
        for ref in gc.get_referents(obj):
            if id(ref) in own:
                continue
            if isinstance(ref, str) and text_has(ref):
                found.append(f"{type(obj).__name__}: {ref[:120]!r}")
            elif isinstance(ref, (bytes, bytearray)) and any(m in ref for m in bmarkers):
                found.append(f"{type(obj).__name__}: {bytes(ref[:120])!r}")
    return found


def test_nothing_of_an_upload_remains_in_the_process(bills_app: Flask, tmp_path: Path) -> None:
    """After the response, no object of the worker holds a byte of the bill's ids."""
    c = bills_app.test_client()
    for query in ("?group_by=service", "?group_by=tenant"):
        r = post(c, bill(tmp_path), query)
        assert r.status_code in (200, 400)
        del r
    r = post(c, b"ProviderName,Foo\n" + ACCOUNT.encode() + b",1\n")
    assert r.status_code == 422
    del r
    (tmp_path / "bill.csv").unlink()
    c = None  # noqa: F841 - the test client keeps its last request's environ (the body)
    assert _strings_holding(MARKERS) == []


@pytest.mark.slow
def test_nothing_of_an_upload_remains_on_a_real_server(built_db: Path, tmp_path: Path) -> None:
    """Under gunicorn with its access log on: the log, the temp folder and the worker's
    files hold nothing of an uploaded bill, after a good upload and after failing ones."""
    tmp = tmp_path / "server-tmp"
    tmp.mkdir()
    body = bill(tmp_path)
    (tmp_path / "bill.csv").unlink()
    env = {"TMPDIR": str(tmp), "CARBONFACTORS_ACCESS_LOG": "-"}
    with Server(built_db, workers=1, threads=2, env=env) as srv:
        url = f"{srv.url}/v1/bills/focus"
        ok = requests.post(url, data=body, headers={"Content-Type": "text/csv"}, timeout=60)
        assert ok.status_code == 200
        bad = requests.post(
            url,
            data=body[:-40] + b'",,"\n\x00\xff',
            headers={"Content-Type": "text/csv"},
            timeout=60,
        )
        assert bad.status_code in (200, 422)
        wrong = requests.post(
            url,
            data=b"ProviderName\n" + ACCOUNT.encode(),
            headers={"Content-Type": "text/csv"},
            timeout=60,
        )
        assert wrong.status_code == 422
        for resp in (ok, wrong):
            assert not [m for m in MARKERS if m in resp.text]
        log = srv.log_text()
        assert "POST /v1/bills/focus" in log  # the access log is on
        assert not [m for m in MARKERS if m in log]
        left = [p for p in tmp.rglob("*") if p.is_file()]
        for p in left:
            data = p.read_bytes()
            assert not [m for m in MARKERS if m.encode() in data], p
        for pid in srv.worker_pids():
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                assert not target.startswith(str(tmp)) or "(deleted)" in target, target
