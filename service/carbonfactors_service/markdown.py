"""The little Markdown the contract's descriptions use, rendered to safe HTML for ``/v1/docs``.

openapi.yaml's descriptions are CommonMark (as OpenAPI says), but they use a small part of
it: paragraphs, ``-`` lists, `` `code` ``, ``**strong**``, ``*emphasis*`` and
``[links](url)``. That part is rendered here, escaping everything first, so no dependency
is added to the server and no HTML written in the spec can reach the page. Anything else is
shown as its text.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_SAFE_URL = re.compile(r"^(https?://|/|#|\.{0,2}/?[\w.-]+)", re.I)
_ITEM = re.compile(r"^\s*[-*]\s+")


def inline(text: str) -> str:
    """One line or paragraph of Markdown as HTML (escaped first: the input is never trusted)."""
    codes: list[str] = []

    def keep(m: re.Match[str]) -> str:
        codes.append(f"<code>{m.group(1)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    out = _CODE.sub(keep, html.escape(text, quote=True))
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    out = _EM.sub(r"<em>\1</em>", out)

    def link(m: re.Match[str]) -> str:
        url = m.group(2)
        if not _SAFE_URL.match(url) or url.lower().startswith(("javascript", "data")):
            return m.group(0)
        return f'<a href="{url}">{m.group(1)}</a>'

    out = _LINK.sub(link, out)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], out)


def block(text: str) -> str:
    """Paragraphs (blank-line separated) and ``-`` lists as HTML."""
    parts = []
    for para in re.split(r"\n\s*\n", str(text).strip()):
        lines = [ln for ln in para.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(_ITEM.match(ln) or ln.startswith("  ") for ln in lines) and _ITEM.match(lines[0]):
            items: list[str] = []
            for ln in lines:
                if _ITEM.match(ln):
                    items.append(_ITEM.sub("", ln))
                else:
                    items[-1] += " " + ln.strip()
            parts.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
        else:
            parts.append(f"<p>{inline(' '.join(ln.strip() for ln in lines))}</p>")
    return "".join(parts)
