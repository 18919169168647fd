"""API docs that cannot drift: every operation has a curl example; the promise is written."""

from __future__ import annotations

import re
from typing import Any

from .conftest import ROOT

API_MD = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _pattern(path: str) -> re.Pattern[str]:
    """A curl URL for an OpenAPI path template ({param} matches one segment or more)."""
    parts = re.split(r"\{[^}]+\}", path)
    return re.compile(
        r"curl[^\n]*localhost:8000" + r"[^/\s'?]+".join(map(re.escape, parts)) + r"(?:['?\s]|$)"
    )


def test_every_operation_has_a_curl_example(spec_dict: dict[str, Any]) -> None:
    for path in spec_dict["paths"]:
        assert _pattern(path).search(API_MD), f"docs/api.md has no curl example for {path}"


def test_every_problem_type_is_in_the_guide(spec_dict: dict[str, Any]) -> None:
    for slug in spec_dict["x-problem-types"]:
        assert f"`{slug}`" in API_MD, slug


def test_stability_promise_is_written() -> None:
    for raw in (API_MD, README):
        text = " ".join(raw.split())
        assert "new keys may appear" in text
        assert "ignore keys they do not know" in text
        assert "cursors are opaque" in text.lower()
    section = README.split("<!-- api -->", 1)[1].split("<!-- /api -->", 1)[0]
    assert "## HTTP API" in section and "docs/api.md" in section
