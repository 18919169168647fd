"""Render an explorer template with what every page carries (version, links, citation)."""

from __future__ import annotations

from typing import Any

from flask import g, render_template

from .context import api_url


def render(
    template: str, *, title: str, api: tuple[str, dict[str, Any]] | None, **context: Any
) -> str:
    """``explorer/<template>`` with the page title and the JSON link of the same view
    (``api``: an API path and its query; ``None`` when the view has no JSON twin yet)."""
    return render_template(
        "explorer/" + template,
        title=title,
        v=g.get("dataset_version"),
        json_url=api_url(api[0], **api[1]) if api is not None else None,
        **context,
    )
