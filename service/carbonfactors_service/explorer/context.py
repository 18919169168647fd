"""What every explorer page shows around its content: the version, links and citation.

Each page reads one dataset version (``?version=``, else the latest release), exactly as
the API does, through ``versioning.requested``. Links between pages keep a pinned version,
so a reader who switched to an old release stays in it. The permalink always names the
version, so it shows the same numbers forever.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote, urlencode

from flask import g, request, url_for

from .. import versioning
from ..versioning import Version


def page_version() -> Version:
    """The dataset version this page reads (a 404 page names the known ones)."""
    return versioning.requested()


def _pinned_args() -> dict[str, str]:
    return {"version": request.args["version"]} if request.args.get("version") else {}


def vurl(endpoint: str, **values: Any) -> str:
    """A link to another page, in the version being browsed when it was chosen explicitly."""
    return url_for(endpoint, **{**_pinned_args(), **values})


def api_url(path: str, **params: Any) -> str:
    """A link to the API answer of the same view, pinned to the version shown (unless
    ``version=None`` is passed, for paths that name the version themselves)."""
    v: Version | None = g.get("dataset_version")
    if v is not None and "version" not in params:
        params["version"] = v.version
    query = {k: val for k, val in params.items() if val is not None}
    quoted = quote(path if path.startswith("/v1/") else "/v1/" + path.lstrip("/"), safe="/:")
    return quoted + ("?" + urlencode(query) if query else "")


def permalink() -> str:
    """This page's URL with its query, pinned to the version shown."""
    v: Version | None = g.get("dataset_version")
    # repeated fields (the calculator's lines) kept, blanks within them too (they keep the
    # lines aligned): url_for repeats a list's values; a field left empty is dropped
    args: dict[str, Any] = {
        k: vals for k, vals in request.args.to_dict(flat=False).items() if any(vals)
    }
    if v is not None:
        args["version"] = [v.version]
    return url_for(
        request.endpoint or "explorer.home", **(request.view_args or {}), **args, _external=True
    )


def switch_fields() -> list[tuple[str, str]]:
    """The page's other query parameters, carried as hidden fields by the version switcher."""
    return [(k, val) for k, val in request.args.items(multi=True) if k != "version"]


def fmt_number(value: Any, digits: int = 5) -> str:
    """A value for reading: ``digits`` significant figures, thousands separated."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if value == 0 or not math.isfinite(value):
        return str(value if not isinstance(value, float) or value != 0 else 0)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def template_globals() -> dict[str, Any]:
    return {
        "vurl": vurl,
        "api_url": api_url,
        "permalink": permalink,
        "switch_fields": switch_fields,
        "all_versions": versioning.all_versions,
        "latest_version": versioning.latest,
    }
