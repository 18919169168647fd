"""One error model: every problem type has one status everywhere.

The registry (``carbonfactors.errors.PROBLEMS``) fixes type -> status -> exception class. The
service's problems, the failed items of a batch, openapi.yaml's ``x-problem-types`` and the
SDK's exceptions (raised offline, or rebuilt by the client from a response) must agree.
"""

from __future__ import annotations

from typing import Any

import pytest

from carbonfactors import errors
from carbonfactors.engine import JobError
from carbonfactors_service.problems import Problem

from .conftest import PROBLEM_BASE, ContractClient
from .test_errors import CASES

SERVED = errors.served()


def test_openapi_lists_exactly_the_served_types_with_their_status(
    spec_dict: dict[str, Any],
) -> None:
    documented = {k: v["status"] for k, v in spec_dict["x-problem-types"].items()}
    assert documented == {k: p.status for k, p in SERVED.items()}


@pytest.mark.parametrize("slug", sorted(SERVED))
def test_one_status_per_type_in_service_batch_items_and_sdk(slug: str) -> None:
    entry = SERVED[slug]
    # the service
    assert Problem(slug).status == entry.status
    # the SDK exception, raised offline
    exc = entry.exception("detail", field="x")
    assert exc.type == slug and exc.status == entry.status
    # a failed item of a batch: the same problem document
    item = JobError(0, exc).to_dict()["error"]
    assert item["type"] == PROBLEM_BASE + slug and item["status"] == entry.status
    # and back again: what the client raises for that document
    again = errors.from_problem(item, entry.status or 0)
    assert type(again) is entry.exception and again.field == "x"


def test_every_exception_class_is_registered_once() -> None:
    classes = [p.exception for p in errors.PROBLEMS.values()]
    assert len(classes) == len(set(classes))
    assert errors.PROBLEMS["zone-not-found"].exception is errors.ZoneNotFound
    assert issubclass(errors.ZoneNotFound, errors.NotFound)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]} {c[1][:40]} {c[4]}")
def test_each_error_path_answers_the_registry_status(
    api: ContractClient, case: tuple[str, str, dict[str, Any], int, str]
) -> None:
    method, path, kwargs, status, slug = case
    assert SERVED[slug].status == status
    assert api.open(path, method=method, **kwargs).status_code == SERVED[slug].status


def test_same_unknown_zone_same_problem_on_get_and_post(api: ContractClient) -> None:
    got = api.get("/v1/zones/ATLANTIS").get_json()
    job = {"energy_kwh": 1, "location": "ATLANTIS"}
    posted = api.post("/v1/footprint", json=job).get_json()
    batch = api.post("/v1/footprints", json={"jobs": [job]}).get_json()["results"][0]["error"]
    assert got["type"] == posted["type"] == batch["type"] == PROBLEM_BASE + "zone-not-found"
    assert got["status"] == posted["status"] == batch["status"] == 404


def test_a_problem_is_made_from_its_type_only() -> None:
    current = Problem("zone-not-found", "no zone 'X'", errors={"zone": ["x"]})
    assert (current.status, current.title, current.detail) == (404, "Zone not found", "no zone 'X'")
    with pytest.raises(KeyError):
        Problem("http-error")  # not in the registry: no status to answer with
    with pytest.raises(TypeError):
        Problem(422, "zone-not-found", "Zone not found", "no zone 'X'")  # type: ignore[call-arg]
