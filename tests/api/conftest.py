"""API test fixtures: a contract-checking client and a live gunicorn server.

``api`` wraps Flask's test client so that *every* response a test receives is validated
against openapi.yaml with openapi-core (drift between code and contract fails the test),
and every error is checked to be a well-formed problem document. ``live_server`` runs the
real app under gunicorn on a free port for end-to-end tests and schemathesis.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from flask.testing import FlaskClient
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from werkzeug.test import TestResponse

from liveserver import Server

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
PROBLEM_BASE = "https://carbonfactors.org/problems/"
KEBAB = re.compile(r"^[a-z]+(-[a-z]+)*$")


@pytest.fixture(scope="session")
def spec_dict() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def openapi() -> OpenAPI:
    # problem+json is JSON; openapi-core only knows application/json by default.
    config = Config(
        extra_media_type_deserializers={
            "application/problem+json": json.loads,
            "application/yaml": yaml.safe_load,
        }
    )
    return OpenAPI.from_file_path(str(SPEC_PATH), config=config)


def assert_problem(resp: TestResponse | requests.Response, spec: dict[str, Any]) -> dict[str, Any]:
    """The one error shape: problem+json, known kebab-case type, status echoed, path echoed."""
    status = resp.status_code
    ctype = resp.headers.get("Content-Type", "")
    assert ctype.startswith("application/problem+json"), (status, ctype)
    body = resp.json() if isinstance(resp, requests.Response) else resp.get_json()
    assert isinstance(body, dict), body
    assert body["status"] == status, body
    assert isinstance(body["title"], str) and body["title"], body
    assert body["type"].startswith(PROBLEM_BASE), body
    slug = body["type"][len(PROBLEM_BASE) :]
    assert KEBAB.match(slug), slug
    assert slug in spec["x-problem-types"], f"problem type '{slug}' is not documented"
    assert isinstance(body.get("instance"), str) and body["instance"].startswith("/"), body
    if "errors" in body:
        assert isinstance(body["errors"], dict) and body["errors"], body
        for field, messages in body["errors"].items():
            assert isinstance(field, str)
            assert isinstance(messages, list) and all(isinstance(m, str) for m in messages)
    assert resp.headers.get("Cache-Control") == "no-store"
    return body


class _SentRequest(WerkzeugOpenAPIRequest):
    """The request as sent: the app has consumed the body stream, so keep our own copy."""

    def __init__(self, request: Any, body: bytes | None) -> None:
        super().__init__(request)
        self._body = body

    @property
    def body(self) -> bytes | None:
        return self._body


def _sent_body(kwargs: dict[str, Any]) -> bytes | None:
    if "json" in kwargs:
        return json.dumps(kwargs["json"]).encode()
    data = kwargs.get("data")
    return data.encode() if isinstance(data, str) else data


class _ReceivedResponse(WerkzeugOpenAPIResponse):
    """The response body as the client reads it (gzip content-coding undone)."""

    @property
    def data(self) -> bytes:
        raw = self.response.get_data(as_text=False)
        if self.response.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(raw)
        return raw


class ContractClient:
    """Flask's test client, holding every response to openapi.yaml."""

    def __init__(self, client: FlaskClient, openapi: OpenAPI, spec: dict[str, Any]) -> None:
        self.client = client
        self.openapi = openapi
        self.spec = spec
        self.seen: list[tuple[str, str, int]] = []

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        resp = self.client.open(*args, **kwargs)
        self.check(resp, _sent_body(kwargs))
        return resp

    def get(self, *args: Any, **kwargs: Any) -> TestResponse:
        return self.open(*args, method="GET", **kwargs)

    def post(self, *args: Any, **kwargs: Any) -> TestResponse:
        return self.open(*args, method="POST", **kwargs)

    def check(self, resp: TestResponse, body: bytes | None = None) -> None:
        req = resp.request
        self.seen.append((req.method, req.path, resp.status_code))
        if resp.status_code >= 400:
            assert_problem(resp, self.spec)
        if req.method in ("OPTIONS", "HEAD"):
            return
        sent = _SentRequest(req, body)
        try:
            self.openapi.validate_response(sent, _ReceivedResponse(resp))
            if resp.status_code < 300:
                # Accepting a request the contract calls invalid is drift too.
                self.openapi.validate_request(sent)
        except (PathNotFound, OperationNotFound):
            # Not an operation of the contract (unknown route, wrong method): it must be
            # an error, and assert_problem above already checked its shape.
            assert resp.status_code >= 400, f"{req.method} {req.path} answered outside the contract"


@pytest.fixture
def api(client: FlaskClient, openapi: OpenAPI, spec_dict: dict[str, Any]) -> ContractClient:
    return ContractClient(client, openapi, spec_dict)


# -- live server --------------------------------------------------------------------------
@pytest.fixture(scope="session")
def live_server(built_db: Path) -> Iterator[str]:
    """The real app under gunicorn (2 workers, gunicorn.conf.py) on a free port, per session."""
    with Server(built_db, workers=2, threads=2) as server:
        yield server.url
