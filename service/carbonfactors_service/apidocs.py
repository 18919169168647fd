"""The contract, served: ``/v1/openapi.yaml`` as written, ``/v1/docs`` rendered from it.

The HTML page is generated on the server from the very same spec (no CDN, no JavaScript:
the service may run without internet), so the docs can never disagree with the contract;
the spec's descriptions are Markdown, rendered by ``markdown`` (escaped first).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Response, current_app

from . import markdown as md
from .caches import caches
from .records import QuerySchema, parse_query
from .security import inline_style

bp = Blueprint("apidocs", __name__)


def spec_path() -> Path:
    """Where the contract is: configured, shipped in the package, or at the repo root."""
    configured = current_app.config.get("OPENAPI_PATH")
    if configured:
        return Path(configured)
    here = Path(__file__).resolve().parent
    for candidate in (here / "openapi.yaml", here.parents[1] / "openapi.yaml"):
        if candidate.exists():
            return candidate
    return here.parents[1] / "openapi.yaml"


def load_spec() -> tuple[bytes, dict[str, Any]]:
    path = spec_path()

    def read() -> tuple[bytes, dict[str, Any]]:
        raw = path.read_bytes()
        return raw, yaml.safe_load(raw)

    hit: tuple[bytes, dict[str, Any]] = caches().get_or_compute("spec", ("spec", path), read)
    return hit


@bp.get("/openapi.yaml")
def openapi_yaml() -> Response:
    parse_query(QuerySchema)
    raw, _ = load_spec()
    return Response(raw, mimetype="application/yaml")


@bp.get("/docs")
def docs() -> Response:
    parse_query(QuerySchema)
    page: bytes = caches().get_or_compute(
        "spec", ("html", spec_path()), lambda: render(load_spec()[1]).encode("utf-8")
    )
    return Response(page, mimetype="text/html")


# -- rendering --------------------------------------------------------------------------------
_STYLE = inline_style("""
body{font:15px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1,h2,h3{line-height:1.2}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
code,pre{font:13px ui-monospace,monospace;background:#f4f4f4;border-radius:3px}
code{padding:0 .2rem}pre{padding:.6rem;overflow:auto}
table{border-collapse:collapse;width:100%;margin:.4rem 0}td,th{border:1px solid #ddd;padding:.25rem .45rem;
text-align:left;vertical-align:top}th{background:#fafafa}
.op{border:1px solid #ddd;border-radius:4px;padding:.2rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:3.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0b6e0b}.post{color:#0b3e8e}nav a{margin-right:.8rem}
""")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict[str, Any] | None) -> str:
    """A one-line, human reading of a schema: ``string, one of: a, b``, ``array of Factor``."""
    if not schema:
        return "any"
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return f'<a href="#schema-{_e(name)}">{_e(name)}</a>'
    for combo in ("oneOf", "anyOf", "allOf"):
        if combo in schema:
            return " or ".join(_type(s) for s in schema[combo])
    t = schema.get("type", "object")
    if isinstance(t, list):
        t = " or ".join(str(x) for x in t)
    out = _e(t)
    if "items" in schema:
        out = f"array of {_type(schema['items'])}"
    extras = []
    if "enum" in schema:
        extras.append("one of: " + ", ".join(f"<code>{_e(x)}</code>" for x in schema["enum"]))
    for key, label in (
        ("minimum", "min"),
        ("maximum", "max"),
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("maxItems", "max items"),
        ("default", "default"),
        ("format", "format"),
    ):
        if key in schema:
            extras.append(f"{label} {_e(schema[key])}")
    return out + (f" ({'; '.join(extras)})" if extras else "")


def _params(params: list[dict[str, Any]], spec: dict[str, Any]) -> str:
    if not params:
        return ""
    rows = []
    for p in params:
        if "$ref" in p:
            p = spec["components"]["parameters"][_ref_name(p["$ref"])]
        rows.append(
            f"<tr><td><code>{_e(p['name'])}</code></td><td>{_e(p['in'])}</td>"
            f"<td>{'yes' if p.get('required') else ''}</td><td>{_type(p.get('schema'))}</td>"
            f"<td>{md.inline(p.get('description', ''))}</td></tr>"
        )
    return (
        "<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th>"
        "<th>description</th></tr>" + "".join(rows) + "</table>"
    )


def _responses(responses: dict[str, Any], spec: dict[str, Any]) -> str:
    rows = []
    for status, resp in responses.items():
        if "$ref" in resp:
            resp = spec["components"]["responses"][_ref_name(resp["$ref"])]
        content = resp.get("content", {})
        kinds = ", ".join(
            f"<code>{_e(mt)}</code> {_type(body.get('schema'))}" for mt, body in content.items()
        )
        rows.append(
            f"<tr><td>{_e(status)}</td><td>{md.inline(resp.get('description', ''))}</td>"
            f"<td>{kinds}</td></tr>"
        )
    return (
        "<table><tr><th>status</th><th>meaning</th><th>body</th></tr>" + "".join(rows) + "</table>"
    )


def _operation(method: str, path: str, op: dict[str, Any], spec: dict[str, Any]) -> str:
    anchor = op.get("operationId", f"{method}-{path}")
    parts = [
        f'<div class="op" id="op-{_e(anchor)}"><h3><span class="m {method}">{_e(method)}</span>'
        f" <code>{_e(path)}</code></h3>",
        f"<p><strong>{_e(op.get('summary', ''))}</strong></p>",
    ]
    if op.get("description"):
        parts.append(md.block(op["description"]))
    parts.append(_params(op.get("parameters", []), spec))
    body = op.get("requestBody")
    if body:
        for mt, content in body.get("content", {}).items():
            parts.append(
                f"<p>Request body: <code>{_e(mt)}</code> {_type(content.get('schema'))}</p>"
            )
    parts.append(_responses(op.get("responses", {}), spec))
    parts.append("</div>")
    return "".join(parts)


def _schema(name: str, schema: dict[str, Any]) -> str:
    parts = [f'<h3 id="schema-{_e(name)}">{_e(name)}</h3>']
    if schema.get("description"):
        parts.append(md.block(schema["description"]))
    props = schema.get("properties")
    if props:
        required = set(schema.get("required", []))
        rows = [
            f"<tr><td><code>{_e(k)}</code></td><td>{'yes' if k in required else ''}</td>"
            f"<td>{_type(v)}</td><td>{md.inline(v.get('description', ''))}</td></tr>"
            for k, v in props.items()
        ]
        parts.append(
            "<table><tr><th>key</th><th>always present</th><th>type</th><th>meaning</th></tr>"
            + "".join(rows)
            + "</table>"
        )
    else:
        parts.append(f"<p>{_type(schema)}</p>")
    return "".join(parts)


def render(spec: dict[str, Any]) -> str:
    info = spec.get("info", {})
    ops_by_tag: dict[str, list[str]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["other"])[0]
            ops_by_tag.setdefault(tag, []).append(_operation(method, path, op, spec))
    tags = [t["name"] for t in spec.get("tags", [])] + sorted(
        t for t in ops_by_tag if t not in {x["name"] for x in spec.get("tags", [])}
    )
    tag_text = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    out = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        '<meta name=viewport content="width=device-width,initial-scale=1">',
        f"<title>{_e(info.get('title', 'API'))} {_e(info.get('version', ''))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_e(info.get('title', 'API'))} <small>{_e(info.get('version', ''))}</small></h1>",
        "<nav>"
        + "".join(f'<a href="#tag-{_e(t)}">{_e(t)}</a>' for t in tags if t in ops_by_tag)
        + '<a href="#problems">errors</a><a href="#schemas">schemas</a>'
        + '<a href="openapi.yaml">openapi.yaml</a></nav>',
    ]
    out.append(md.block(info.get("description", "")))
    for tag in tags:
        if tag not in ops_by_tag:
            continue
        out.append(f'<h2 id="tag-{_e(tag)}">{_e(tag)}</h2>{md.block(tag_text.get(tag, ""))}')
        out.extend(ops_by_tag[tag])
    problems = spec.get("x-problem-types", {})
    if problems:
        out.append(
            '<h2 id="problems">Error types</h2><table><tr><th>type</th><th>status</th>'
            "<th>when</th></tr>"
        )
        for name, meta in problems.items():
            out.append(
                f"<tr><td><code>{_e(name)}</code></td><td>{_e(meta.get('status', ''))}</td>"
                f"<td>{md.inline(meta.get('description', ''))}</td></tr>"
            )
        out.append("</table>")
    out.append('<h2 id="schemas">Schemas</h2>')
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        out.append(_schema(name, schema))
    out.append("</body></html>\n")
    return "\n".join(out)
