"""Security headers for every response, and the one Content-Security-Policy of HTML pages.

Every answer says ``X-Content-Type-Options: nosniff`` (a browser must not guess a JSON or
YAML body is HTML). HTML pages (the API docs, the explorer) get one restrictive policy,
defined here and nowhere else: nothing loads from another origin, no script runs, styles
come from this origin or from an inline ``<style>`` block whose exact text a page
registered with ``inline_style`` (its SHA-256 goes into the policy), images may be
same-origin or ``data:`` URIs. Inline ``<svg>`` elements need no permission.
"""

from __future__ import annotations

import base64
import hashlib

from flask import Flask, Response

_STYLE_HASHES: set[str] = set()
_policy: str | None = None


def inline_style(css: str) -> str:
    """Allow this exact inline stylesheet in HTML pages; returns it for use in ``<style>``."""
    global _policy
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    _STYLE_HASHES.add(f"'sha256-{digest}'")
    _policy = None
    return css


def html_policy() -> str:
    """The Content-Security-Policy of every HTML page the service renders."""
    global _policy
    if _policy is None:
        styles = " ".join(["'self'", *sorted(_STYLE_HASHES)])
        _policy = (
            "default-src 'none'; "
            f"style-src {styles}; "
            "img-src 'self' data:; "
            "script-src 'none'; "
            "connect-src 'self'; "
            "base-uri 'none'; "
            "form-action 'self'; "
            "frame-ancestors 'none'"
        )
    return _policy


def _headers(resp: Response) -> Response:
    headers = resp.headers
    headers["X-Content-Type-Options"] = "nosniff"
    if resp.mimetype == "text/html":
        headers["Content-Security-Policy"] = html_policy()
        headers["Referrer-Policy"] = "no-referrer"
    return resp


def init_app(app: Flask) -> None:
    app.after_request(_headers)
