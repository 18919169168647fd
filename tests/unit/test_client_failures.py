"""What ``carbonfactors.Client`` does when the service misbehaves in ways a healthy server
cannot be made to on demand: timeouts, 503 then 200, 429 with Retry-After, a body cut
short, a snapshot that fails its checksum, an HTML error page from a proxy.

The server is a real local HTTP server (``http.server`` on port 0) that answers from a
script, so the client's real transport (requests + urllib3's Retry) is exercised.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

import carbonfactors as cf
from carbonfactors import snapshot as snap
from carbonfactors import store
from carbonfactors.dataset import forget_loaded

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "factors" / "releases"

#: One scripted answer: (status, headers, body) or a callable doing something worse.
Answer = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


class Script:
    """Answers per path, in order; the last one repeats. Records what was asked."""

    def __init__(self) -> None:
        self.answers: dict[str, list[Answer]] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []

    def on(self, path: str, *answers: Answer) -> None:
        self.answers[path] = list(answers)

    def next(self, path: str) -> Answer:
        queue = self.answers.get(path.split("?")[0])
        if not queue:
            return (404, {"Content-Type": "application/problem+json"}, _problem("not-found", 404))
        return queue.pop(0) if len(queue) > 1 else queue[0]


def _problem(slug: str, status: int, **extra: Any) -> bytes:
    doc = {"type": f"https://carbonfactors.org/problems/{slug}", "title": slug, "status": status}
    return json.dumps({**doc, **extra}).encode()


def ok(doc: Any, **headers: str) -> Answer:
    return (200, {"Content-Type": "application/json", **headers}, json.dumps(doc).encode())


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self) -> None:
            script.seen.append((self.path, dict(self.headers)))
            answer = script.next(self.path)
            if callable(answer):
                answer(self)
                return
            status, headers, body = answer
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", script
    finally:
        httpd.shutdown()
        httpd.server_close()


FACTOR = {
    "dataset_version": "2026.02",
    "factor": {
        "id": "grid_intensity:FR:2023:ember-owid",
        "kind": "grid_intensity",
        "subject": "FR",
        "year": 2023,
        "value": 55.27541,
        "unit": "gCO2e/kWh",
        "a_key_from_the_future": {"ignored": True},
    },
    "source": None,
}
PATH = "/v1/factors/grid_intensity:FR:2023:ember-owid"


def client(base: str, tmp_path: Path, **kw: Any) -> cf.Client:
    kw.setdefault("strict", True)
    return cf.Client(base, cache_dir=tmp_path / "cache", **kw)


def test_503_then_200_is_retried_by_urllib3(server: tuple[str, Script], tmp_path: Path) -> None:
    base, script = server
    script.on(PATH, (503, {}, b"busy"), (503, {}, b"busy"), ok(FACTOR))
    f = client(base, tmp_path).factor("grid_intensity:FR:2023:ember-owid")
    assert f.value == 55.27541  # and the unknown key was ignored
    assert len(script.seen) == 3


def test_429_honours_retry_after(server: tuple[str, Script], tmp_path: Path) -> None:
    base, script = server
    script.on(PATH, (429, {"Retry-After": "1"}, b""), ok(FACTOR))
    start = time.monotonic()
    client(base, tmp_path).factor("grid_intensity:FR:2023:ember-owid")
    assert time.monotonic() - start >= 1.0
    assert len(script.seen) == 2


def test_a_retry_after_beyond_the_budget_is_not_waited_for(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    script.on(PATH, (429, {"Retry-After": "120"}, b""))
    start = time.monotonic()
    with pytest.raises(cf.TooManyRequests) as err:
        client(base, tmp_path, retry_budget=3).factor("grid_intensity:FR:2023:ember-owid")
    assert time.monotonic() - start < 3
    assert err.value.status == 429 and isinstance(err.value, cf.ServiceError)
    assert len(script.seen) == 1


def test_retries_stop_after_max_retries_with_the_problem(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    body = _problem("internal-error", 500, detail="boom")
    script.on(
        PATH, (500, {"Content-Type": "application/problem+json", "X-Request-Id": "r-42"}, body)
    )
    with pytest.raises(cf.ServiceError) as err:
        client(base, tmp_path, max_retries=2).factor("grid_intensity:FR:2023:ember-owid")
    assert err.value.status == 500 and err.value.request_id == "r-42"
    assert err.value.problem and err.value.problem["detail"] == "boom"
    assert len(script.seen) == 3  # one try, two retries


def test_a_proxy_html_error_page_is_still_a_typed_error(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    script.on(PATH, (404, {"Content-Type": "text/html"}, b"<h1>nope</h1>"))
    with pytest.raises(cf.NotFound) as err:
        client(base, tmp_path).factor("grid_intensity:FR:2023:ember-owid")
    assert err.value.status == 404


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    try:
        handler.send_response(200)
        handler.end_headers()
    except OSError:
        pass


def test_timeouts_are_retried_then_wrapped(server: tuple[str, Script], tmp_path: Path) -> None:
    base, script = server
    script.on(PATH, _slow)
    start = time.monotonic()
    with pytest.raises(cf.ServiceUnavailable, match="timed out") as err:
        client(base, tmp_path, timeout=(1, 0.2), max_retries=1).factor(
            "grid_intensity:FR:2023:ember-owid"
        )
    assert time.monotonic() - start < 1.4
    assert isinstance(err.value.__cause__, requests.RequestException)  # wrapped, not leaked
    assert len(script.seen) == 2


def _truncated(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "5000")
    handler.end_headers()
    handler.wfile.write(b'{"dataset_version": "2026.02", "fac')
    handler.wfile.flush()
    handler.close_connection = True


def test_a_truncated_body_is_a_wrapped_error_not_a_crash(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    script.on(PATH, _truncated)
    with pytest.raises(cf.ServiceUnavailable, match="cut short"):
        client(base, tmp_path, max_retries=0).factor("grid_intensity:FR:2023:ember-owid")


def _versions(sha: str) -> Answer:
    return ok(
        {
            "dataset_version": "2026.02",
            "latest": "2026.02",
            "versions": [
                {
                    "version": "2026.02",
                    "released": "2026-11-28",
                    "sha256": sha,
                    "is_release": True,
                    "previous": None,
                    "counts": {},
                },
            ],
        }
    )


def test_sync_refuses_a_snapshot_that_fails_its_checksum(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    text = (FIXTURE / "2026.02.json").read_text(encoding="utf-8")
    good_sha = snap.sha256_text(text)
    tampered = text.replace("55.27541", "5.527541")
    script.on("/v1/versions", _versions(good_sha))
    script.on(
        "/v1/versions/2026.02/snapshot",
        (
            200,
            {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            gzip.compress(tampered.encode()),
        ),
    )
    c = client(base, tmp_path, bundle="full")
    with pytest.raises(cf.DatasetError, match="does not match the manifest"):
        c.sync()
    assert store.synced_versions(tmp_path / "cache") == []  # nothing written
    script.on(
        "/v1/versions/2026.02/snapshot",
        (
            200,
            {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            gzip.compress(text.encode()),
        ),
    )
    assert c.sync().downloaded
    forget_loaded()
    assert cf.load_dataset(version="2026.02", cache_dir=tmp_path / "cache").version == "2026.02"
    forget_loaded()


def test_sync_of_a_truncated_download_writes_nothing(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    text = (FIXTURE / "2026.02.json").read_text(encoding="utf-8")
    script.on("/v1/versions", _versions(snap.sha256_text(text)))
    script.on("/v1/versions/2026.02/snapshot", _truncated)
    with pytest.raises(cf.ServiceUnavailable):
        client(base, tmp_path, max_retries=0).sync()
    assert store.synced_versions(tmp_path / "cache") == []


def test_unreachable_without_strict_answers_offline_and_warns_once(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = cf.Client(f"http://127.0.0.1:{port}", cache_dir=tmp_path, max_retries=1)
    with pytest.warns(cf.OfflineFallbackWarning):
        grid = c.grid_intensity("FR", year=2023)
    assert grid.dataset_version == store.bundled_version()
    with pytest.raises(cf.ServiceUnavailable):
        cf.Client(f"http://127.0.0.1:{port}", strict=True, max_retries=0).factor("x")


# -- a proxy answering 200 with HTML; a dead service skipped for a cool-down ---------------
HTML = (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>Sign in</body></html>")

#: Every Client call that talks to the service, with the paths it asks.
CALLS: list[tuple[str, Callable[[cf.Client], Any]]] = [
    ("versions", lambda c: c.versions()),
    ("sync", lambda c: c.sync("2026.02")),
    ("changes", lambda c: c.changes("2026.01", "2026.02")),
    ("changes-latest", lambda c: c.changes("2026.01")),
    ("factor", lambda c: c.factor("grid_intensity:FR:2023:ember-owid")),
    ("factors", lambda c: list(c.factors(kind="pue"))),
    ("zones", lambda c: list(c.zones(q="france"))),
    ("hardware", lambda c: c.hardware("H100 SXM")),
    ("grid", lambda c: c.grid_intensity("FR", year=2023)),
    ("pue", lambda c: c.pue("industry")),
    ("sources", lambda c: c.sources()),
    ("search", lambda c: c.search("V100")),
    ("footprint", lambda c: c.footprint({"energy_kwh": 1, "location": "FR"})),
    ("footprints", lambda c: c.footprints([{"energy_kwh": 1, "location": "FR"}])),
]
PATHS = (
    "/v1/versions",
    "/v1/versions/2026.02/snapshot",
    "/v1/versions/2026.02/changes",
    PATH,
    "/v1/factors",
    "/v1/zones",
    "/v1/hardware",
    "/v1/hardware/H100%20SXM",
    "/v1/zones/FR/grid-intensity",
    "/v1/pue/industry",
    "/v1/sources",
    "/v1/footprint",
    "/v1/footprints",
)


@pytest.mark.parametrize("name, call", CALLS, ids=[n for n, _ in CALLS])
def test_a_proxy_answering_200_with_html_is_a_typed_error(
    server: tuple[str, Script], tmp_path: Path, name: str, call: Callable[[cf.Client], Any]
) -> None:
    base, script = server
    for path in PATHS:
        script.on(path, HTML)
    with pytest.raises(cf.ServiceUnavailable, match="bad body: text/html, not JSON") as err:
        call(client(base, tmp_path))
    assert err.value.status == 200 and isinstance(err.value, cf.CarbonFactorsError)


@pytest.mark.parametrize(
    "doc", [[1, 2], {"versions": "none"}, {"latest": ["2026.02"]}, {"versions": [7]}]
)
def test_json_that_is_not_the_api_document_is_a_typed_error(
    server: tuple[str, Script], tmp_path: Path, doc: Any
) -> None:
    base, script = server
    script.on("/v1/versions", ok(doc))
    for call in (lambda c: c.versions(), lambda c: c.sync(), lambda c: c.changes("2026.01")):
        with pytest.raises(cf.ServiceUnavailable, match="bad body"):
            call(client(base, tmp_path))


def test_a_snapshot_download_answered_with_html_is_a_bad_body(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    script.on("/v1/versions", _versions("0" * 64))
    script.on("/v1/versions/2026.02/snapshot", HTML)
    with pytest.raises(cf.ServiceUnavailable, match="bad body: text/html"):
        client(base, tmp_path).sync()
    assert store.synced_versions(tmp_path / "cache") == []


def test_a_bad_body_falls_back_and_the_warning_says_so(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    script.on("/v1/zones/FR/grid-intensity", HTML)
    c = cf.Client(base, cache_dir=tmp_path, max_retries=0)
    with pytest.warns(cf.OfflineFallbackWarning, match="bad body: text/html"):
        grid = c.grid_intensity("FR", year=2023)
    assert grid.dataset_version == store.bundled_version()
    asked = len(script.seen)
    assert c.pue("industry").dataset_version == store.bundled_version()  # no second warning
    assert len(script.seen) == asked == 1  # the service is skipped during the cool-down


class Closer:
    """A dead service: accepts each TCP connection and closes it at once, counting them."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


def test_a_dead_service_is_asked_once_per_cool_down(tmp_path: Path) -> None:
    dead = Closer()
    try:
        c = cf.Client(f"http://127.0.0.1:{dead.port}", cache_dir=tmp_path, max_retries=1)
        with pytest.warns(cf.OfflineFallbackWarning, match="service unavailable"):
            first = c.grid_intensity("FR", year=2023)
        attempts = dead.accepted
        assert attempts == 2  # one try, one retry
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # detected once: no warning per call
            again = [c.grid_intensity("FR", year=2023), c.factor(first.factor.id), c.sources()]
            assert list(c.zones(type="country"))
        assert dead.accepted == attempts  # no connection attempted during the cool-down
        assert again[0] == first and c.stats["skipped"] == 4
        strict = cf.Client(f"http://127.0.0.1:{dead.port}", strict=True, max_retries=0)
        with pytest.raises(cf.ServiceUnavailable):
            strict.factor("x")
        assert dead.accepted == attempts + 1
        with pytest.raises(cf.ServiceUnavailable, match="not asked: it failed moments ago"):
            strict.factor("x")  # strict clients skip a dead service too, and say why
        assert dead.accepted == attempts + 1
    finally:
        dead.close()


def test_after_the_cool_down_the_service_is_asked_again(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base, script = server
    script.on(PATH, HTML, ok(FACTOR))
    c = cf.Client(base, cache_dir=tmp_path, max_retries=0, cooldown=0.3)
    with pytest.raises(cf.NotFound):
        c.pue("industry")  # the script's 404: an answer, not a failure of the service
    with pytest.warns(cf.OfflineFallbackWarning, match="bad body"):
        assert c.factor(FACTOR["factor"]["id"]).dataset_version == store.bundled_version()
    time.sleep(0.35)
    assert c.factor(FACTOR["factor"]["id"]).dataset_version == "2026.02"  # back online


def test_a_refused_connection_is_named_as_such(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = cf.Client(f"http://127.0.0.1:{port}", cache_dir=tmp_path, max_retries=0)
    with pytest.warns(cf.OfflineFallbackWarning, match="connection refused"):
        c.pue("industry")


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://example.org", "api.example.org/v1"])
def test_a_service_url_that_is_not_http_is_refused_up_front(url: str) -> None:
    with pytest.raises(cf.InvalidInput, match="http:// or https://") as err:
        cf.Client(url)
    assert err.value.field == "base_url"
