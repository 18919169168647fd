"""openapi.yaml is a valid contract, and it and the app describe the same API."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from carbonfactors.kinds import HARDWARE_CATEGORIES, KINDS, OPERATOR_TYPES, ZONE_TYPES

from .conftest import SPEC_PATH, ContractClient


def test_spec_validates() -> None:
    data, _ = read_from_filename(str(SPEC_PATH))
    validate(data)


def _rule_to_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def test_every_route_is_in_the_contract_and_back(app: Flask, spec_dict: dict[str, Any]) -> None:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not (rule.rule == "/v1" or rule.rule.startswith("/v1/")):
            continue
        for method in rule.methods or ():
            if method in ("GET", "POST"):
                routes.add((method.lower(), _rule_to_path(rule.rule)))
    documented = {
        (method, path)
        for path, item in spec_dict["paths"].items()
        for method in item
        if method in ("get", "post")
    }
    assert routes == documented


def _param(spec: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    for p in spec["paths"][path]["get"]["parameters"]:
        if "$ref" in p:
            p = spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        if p["name"] == name:
            schema = p["schema"]
            if "$ref" in schema:
                schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            return dict(schema)
    raise KeyError(name)


def test_vocabularies_in_the_contract_are_the_codes(spec_dict: dict[str, Any]) -> None:
    s = spec_dict
    assert set(_param(s, "/v1/factors", "kind")["enum"]) == set(KINDS)
    all_bases = {b for k in KINDS.values() for b in k.bases}
    assert set(_param(s, "/v1/factors", "basis")["enum"]) == all_bases
    assert set(_param(s, "/v1/zones", "type")["enum"]) == set(ZONE_TYPES)
    assert set(_param(s, "/v1/hardware", "category")["enum"]) == set(HARDWARE_CATEGORIES)
    assert set(_param(s, "/v1/pue", "type")["enum"]) == set(OPERATOR_TYPES)
    grid = set(_param(s, "/v1/zones/{zone}/grid-intensity", "basis")["enum"])
    assert grid == set(KINDS["grid_intensity"].bases)
    job = s["components"]["schemas"]["FootprintJob"]["properties"]
    assert set(job["basis"]["enum"]) == set(KINDS["grid_intensity"].bases)


def test_job_schema_keys_are_the_engines(spec_dict: dict[str, Any]) -> None:
    from carbonfactors.jobs import HARDWARE_KEYS, JOB_KEYS

    schemas = spec_dict["components"]["schemas"]
    assert set(schemas["FootprintJob"]["properties"]) == set(JOB_KEYS)
    assert set(schemas["HardwareItem"]["properties"]) == set(HARDWARE_KEYS)


def test_openapi_yaml_is_served_as_written(api: ContractClient) -> None:
    r = api.get("/v1/openapi.yaml")
    assert r.status_code == 200
    assert r.data == SPEC_PATH.read_bytes()
    assert r.mimetype == "application/yaml"


def test_docs_page_is_self_contained_and_complete(
    api: ContractClient, spec_dict: dict[str, Any]
) -> None:
    r = api.get("/v1/docs")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), (
        "docs must not load remote assets"
    )
    for path in spec_dict["paths"]:
        assert f"<code>{path}</code>" in page, path
    for slug in spec_dict["x-problem-types"]:
        assert f"<code>{slug}</code>" in page, slug
    for name in spec_dict["components"]["schemas"]:
        assert f'id="schema-{name}"' in page, name
