"""One Client behaviour: online and offline answer alike for the same dataset version.

A live gunicorn server is built from the real ``factors/`` (its releases, the bundled one
among them); an online client and an offline client pinned to the bundled release make the
same calls, and every answer must be equal: lookups, the ranked search ("V100", "H100",
"MI300X", "TPU v4"), list filters, footprints, and the errors a bad call raises. A
difference is a bug in one of the two paths (there should be only one rule for each).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import carbonfactors as cf
from carbonfactors import store
from carbonfactors.dataset import forget_loaded
from liveserver import serving_factors

from .conftest import ROOT

pytestmark = pytest.mark.slow

VERSION = store.bundled_version()
#: The release before it (the oldest that changes() is compared from).
PREVIOUS = "2026.11.1"
JOB = {"hardware": [{"model": "H100 SXM", "count": 8}], "hours": 24, "location": "FR"}
JOBS = [
    {"energy_kwh": 10, "hours": 3, "location": "DE", "year": 2024},
    JOB,
    {"energy_kwh": 1, "location": "ATLANTIS"},
    {"hardware": [{"model": "V100", "count": 1}], "hours": 1, "location": "aws:us-east-1"},
]

#: (name, call): each call is made online and offline and must give equal answers.
CALLS: list[tuple[str, Callable[[cf.Client], Any]]] = [
    ("factor", lambda c: c.factor("grid_intensity:FR:2023:ember-owid")),
    ("grid", lambda c: c.grid_intensity("FR", year=2023)),
    ("grid-region", lambda c: c.grid_intensity("aws:us-east-1", year=2024)),
    ("grid-direct", lambda c: c.grid_intensity("DE", year=2022, basis="direct")),
    ("pue", lambda c: c.pue("industry", year=2024)),
    ("hardware", lambda c: c.hardware("H100 SXM")),
    ("hardware-v100", lambda c: c.hardware("V100")),
    ("search-v100", lambda c: c.search("V100")),
    ("search-h100", lambda c: c.search("H100")),
    ("search-mi300x", lambda c: c.search("MI300X")),
    ("search-tpu-v4", lambda c: c.search("TPU v4", limit=5)),
    ("search-typo", lambda c: c.search("H10O", limit=5)),
    ("factors-q", lambda c: list(c.factors(q="FR", limit=50))[:120]),
    ("factors-kind", lambda c: list(c.factors(kind="pue", year=2023))),
    ("factors-zone", lambda c: list(c.factors(zone="DE", basis="lifecycle"))),
    ("factors-q-kind", lambda c: list(c.factors(q="h100", kind="power"))),
    ("factors-license", lambda c: list(c.factors(license="CC BY 4.0", subject="FR"))),
    ("zones-country", lambda c: list(c.zones(type="country"))),
    ("zones-q", lambda c: list(c.zones(q="france"))),
    ("zones-q-provider", lambda c: list(c.zones(q="virginia", provider="aws"))),
    ("hardware-list", lambda c: list(c.hardware_list(category="gpu", vendor="nvidia"))),
    ("hardware-q", lambda c: list(c.hardware_list(q="A100", category="gpu"))),
    ("sources", lambda c: c.sources()),
    ("footprint", lambda c: c.footprint(JOB)),
    ("footprints", lambda c: c.footprints(JOBS)),
    ("changes", lambda c: c.changes(PREVIOUS, VERSION)),
    ("error-zone", lambda c: c.grid_intensity("ATLANTIS")),
    ("error-factor", lambda c: c.factor("no:such:factor")),
    ("error-hardware", lambda c: c.hardware("no such chip 9000")),
    ("error-job", lambda c: c.footprint({"energy_kwh": -1, "location": "FR"})),
]


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real catalog (releases and development tree) built and served by gunicorn."""
    with serving_factors(tmp_path_factory.mktemp("parity"), ROOT / "factors") as server:
        yield server.url


@pytest.fixture(scope="module", params=["full", "open"])
def clients(
    real_server: str, tmp_path_factory: pytest.TempPathFactory, request: Any
) -> Iterator[Any]:
    """An online and an offline client of the same version *and bundle*: the service's
    bytes synced into a fresh per-user store (a Client without carbonfactors[full]
    installed would read the wheel's ``open`` data instead)."""
    bundle = request.param
    forget_loaded()
    cache = tmp_path_factory.mktemp(f"parity-cache-{bundle}")
    online = cf.Client(real_server, version=VERSION, bundle=bundle, cache_dir=cache, strict=True)
    assert online.sync(VERSION).downloaded
    assert online.sync(PREVIOUS).downloaded  # for changes() offline
    offline = cf.Client(offline=True, version=VERSION, bundle=bundle, cache_dir=cache)
    assert offline.dataset().origin.startswith("synced")
    yield online, offline
    online.close()
    forget_loaded()


def _answer(call: Callable[[cf.Client], Any], client: cf.Client) -> Any:
    """The answer, or the error raised as (class, "did you mean" candidates)."""
    try:
        return call(client)
    except cf.CarbonFactorsError as exc:
        return (type(exc).__name__, exc.candidates)


@pytest.mark.parametrize("name, call", [pytest.param(n, c, id=n) for n, c in CALLS])
def test_online_and_offline_answer_alike(
    clients: tuple[cf.Client, cf.Client], name: str, call: Callable[[cf.Client], Any]
) -> None:
    online, offline = clients
    with warnings.catch_warnings():
        warnings.simplefilter("error", cf.OfflineFallbackWarning)  # online must stay online
        remote = _answer(call, online)
    local = _answer(call, offline)
    assert remote == local
    assert remote not in (None, [], {})  # the call asked for something that exists


def test_ranked_search_puts_the_part_people_mean_first(
    clients: tuple[cf.Client, cf.Client],
) -> None:
    for client in clients:
        assert client.search("V100")["hardware"][0].id.startswith("nvidia-tesla-v100")
        assert client.search("TPU v4")["hardware"][0].id == "google-tpu-v4"
        assert client.search("MI300X")["hardware"][0].id.startswith("amd-instinct-mi300x")


def test_results_have_the_same_attributes(clients: tuple[cf.Client, cf.Client]) -> None:
    online, offline = clients
    for a, b in ((online.footprint(JOB), offline.footprint(JOB)),):
        assert a.grid_intensity is not None and a.pue is not None
        assert (a.grid_intensity, a.pue) == (b.grid_intensity, b.pue)
        assert a.document == b.document
