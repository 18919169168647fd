"""Compare two releases: what was added, changed (old -> new value) and removed.

The diff is the API's own (``versions._changes``, cached per process), so this page and
``GET /v1/versions/{to}/changes?from={from}`` list the same factors.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

from .. import bundles, versioning
from ..problems import Problem
from ..versions import changes_between, require_distinct
from .context import page_version
from .render import render

#: Rows shown per list; the JSON link has them all.
SHOWN = 500


def _relative(old: Any, new: Any) -> float | None:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and old:
        return (new - old) / abs(old) * 100.0
    return None


def compare() -> str | Response:
    new = page_version()
    versions = versioning.all_versions()
    known = [x.version for x in versions]
    old_name = request.args.get("from") or new.previous
    if old_name is None:
        # The first release has nothing before it: show what the release after it changed.
        after = next((x.version for x in versions if x.previous == new.version), None)
        if after is None:
            raise Problem(
                "not-found",
                "no other dataset version to compare with",
                title="Nothing to compare",
            )
        query: dict[str, Any] = {"version": after, "from": new.version}
        return redirect(url_for("explorer.compare", **query))
    old = versioning.lookup(old_name)
    require_distinct(old, new)
    diff = changes_between(old, new, bundles.requested())
    changed = [
        {**c, "delta_pct": _relative(c["old"].get("value"), c["new"].get("value"))}
        for c in diff["changed"]
    ]
    return render(
        "compare.html",
        title=f"Changes from {old.version} to {new.version}",
        old=old,
        new=new,
        known=known,
        added=diff["added"],
        changed=changed,
        removed=diff["removed"],
        shown=SHOWN,
        cited=[],
        api=(f"/v1/versions/{new.version}/changes", {"from": old.version, "version": None}),
    )
