"""Docs that run (issue 22, item 5): every request example in ``docs/`` and openapi.yaml is
sent to a live server over the fixture dataset (the one the docs' values come from).

An example succeeds (2xx) unless it is written as an error: a console block whose output
is a problem document, or a line whose comment names the status (``# 404 ...``). Then
it must answer that error, as a problem document.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import requests

from carbonfactors_pipeline.build import build_database
from carbonfactors_pipeline.validate import validate_tree
from liveserver import Server

from .conftest import ROOT, assert_problem

DOCS = sorted((ROOT / "docs").glob("*.md"))
_FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.M | re.S)
_STATUS_NOTE = re.compile(r"#\s*(4\d\d)\b")


@dataclass
class Example:
    where: str
    command: str
    method: str = "GET"
    url: str = ""
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    #: The error status the docs show for it (None: it must succeed).
    error: int | None = None
    #: Marked ``(factors/)``: needs the full catalog, not the fixture.
    full_catalog: bool = False


def _balanced(text: str) -> bool:
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def _parse(where: str, command: str, error: int | None) -> Example:
    ex = Example(where, command, error=error)
    args = shlex.split(command.replace("\\\n", " "), comments=True)
    assert args[0] == "curl", command
    data: list[str] = []
    urlencoded: list[str] = []
    get = False
    i = 1
    while i < len(args):
        a = args[i]
        if a in ("-H", "--header"):
            k, _, v = args[i + 1].partition(":")
            ex.headers[k.strip()] = v.strip()
            i += 1
        elif a in ("-d", "--data", "--data-raw", "--data-binary"):
            data.append(args[i + 1])
            i += 1
        elif a == "--data-urlencode":
            urlencoded.append(args[i + 1])
            i += 1
        elif a in ("-X", "--request"):
            ex.method = args[i + 1]
            i += 1
        elif a in ("-o", "--output"):
            i += 1
        elif a == "-G":
            get = True
        elif a.startswith("-"):
            pass  # -s, --compressed, -i: how curl prints, not what it sends
        else:
            ex.url = a if a.startswith("http") else "http://" + a
        i += 1
    if urlencoded:
        pairs = [tuple(u.split("=", 1)) for u in urlencoded]
        ex.url += ("&" if "?" in ex.url else "?") + urlencode(pairs, quote_via=quote)
    if data and not get:
        ex.method = "POST" if ex.method == "GET" else ex.method
        ex.body = "&".join(data)
    return ex


def examples_in_markdown(path: Path) -> list[Example]:
    out = []
    text = path.read_text(encoding="utf-8")
    for block in _FENCE.finditer(text):
        lines = block.group(1).splitlines()
        line_no = text[: block.start()].count("\n") + 2
        i = 0
        while i < len(lines):
            line = lines[i]
            stripped = line.lstrip("$ ").lstrip()
            if not stripped.startswith("curl ") or "localhost:8000" not in stripped:
                i += 1
                continue
            start = i
            command = stripped
            while not _balanced(command) and i + 1 < len(lines):
                i += 1
                command += "\n" + lines[i]
            # the answer shown under the command: console output up to the next prompt,
            # or the "# ..." comment lines of a sh block
            output = []
            j = i + 1
            while j < len(lines) and not lines[j].lstrip("$ ").startswith("curl "):
                if not line.startswith("$") and not lines[j].startswith("#"):
                    break
                output.append(lines[j])
                j += 1
            last = command.splitlines()[-1]
            note = _STATUS_NOTE.search(last[last.find("#") :]) if "#" in last else None
            error = int(note.group(1)) if note else None
            shown = "\n".join(output).lstrip("# ")
            if error is None and shown.startswith('{"type":"https://carbonfactors.org/problems/'):
                error = int(re.search(r'"status":\s*(\d+)', shown).group(1))  # type: ignore[union-attr]
            ex = _parse(f"{path.name}:{line_no + start}", command, error)
            ex.full_catalog = "(factors/)" in last
            out.append(ex)
            i += 1
    return out


def examples_in_openapi(spec: dict[str, Any]) -> list[Example]:
    """Path-parameter examples (one request each) and request-body examples."""
    out = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post"):
                continue
            for p in op.get("parameters", []):
                if p.get("in") == "path" and "examples" in p:
                    for name, ex in p["examples"].items():
                        value = quote(str(ex["value"]), safe=":")
                        url = "http://localhost:8000" + path.replace("{" + p["name"] + "}", value)
                        if "{" not in url:
                            out.append(Example(f"openapi {path} {name}", url, "GET", url))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            for name, ex in body.get("examples", {}).items():
                out.append(
                    Example(
                        f"openapi {method.upper()} {path} {name}",
                        name,
                        method.upper(),
                        "http://localhost:8000" + path,
                        json.dumps(ex["value"]),
                        {"Content-Type": "application/json"},
                    )
                )
    return out


def _all_examples() -> list[Example]:
    import yaml

    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    found = [ex for doc in DOCS for ex in examples_in_markdown(doc)]
    return found + examples_in_openapi(spec)


EXAMPLES = _all_examples()


def test_the_docs_have_examples_to_run() -> None:
    where = {ex.where.split(":")[0].split(" ")[0] for ex in EXAMPLES}
    assert "api.md" in where and "openapi" in where
    assert len(EXAMPLES) >= 40, len(EXAMPLES)


@pytest.fixture(scope="session")
def full_catalog_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service over a build of the repository's own ``factors/``."""
    db = tmp_path_factory.mktemp("factors-db") / "carbonfactors.db"
    result = validate_tree(ROOT / "factors")
    assert result.ok, [str(p) for p in result.problems][:5]
    build_database(ROOT / "factors", result.snapshot, db)
    with Server(db, workers=1, threads=2) as server:
        yield server.url


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_every_example_runs(
    request: pytest.FixtureRequest, live_server: str, spec_dict: dict[str, Any], ex: Example
) -> None:
    base = request.getfixturevalue("full_catalog_server") if ex.full_catalog else live_server
    url = ex.url.replace("http://localhost:8000", base)
    resp = requests.request(
        ex.method, url, data=ex.body, headers=ex.headers, timeout=60, allow_redirects=False
    )
    if ex.error is None:
        assert resp.status_code < 400, (
            f"{ex.where}: {ex.command}\n-> {resp.status_code} {resp.text[:400]}"
        )
    else:
        assert resp.status_code == ex.error, f"{ex.where}: {ex.command} -> {resp.status_code}"
        assert_problem(resp, spec_dict)


def test_v1_docs_renders_the_markdown(live_server: str) -> None:
    """The contract's descriptions are Markdown: the page shows code, not backticks."""
    page = requests.get(live_server + "/v1/docs", timeout=60).text
    text_only = re.sub(r"<[^>]+>", "", page)
    assert "`" not in text_only, text_only[text_only.index("`") - 80 : text_only.index("`") + 80]
    assert "<code>https://carbonfactors.org/problems/&lt;slug&gt;</code>" in page
    assert "<script" not in page


def test_markdown_escapes_before_it_renders() -> None:
    from carbonfactors_service.markdown import block, inline

    assert inline("a `<b>` **c** [d](javascript:x)") == (
        "a <code>&lt;b&gt;</code> <strong>c</strong> [d](javascript:x)"
    )
    assert (
        block("- one\n- two `x`\n\nend")
        == "<ul><li>one</li><li>two <code>x</code></li></ul><p>end</p>"
    )
