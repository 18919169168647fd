"""Where the upstream datasets sit beside a checkout (``../shared/sources``).

Screens that compare factors with their upstream rows skip when the folder is absent (a
fresh clone in CI has none), so where to look is decided once, here. A factors root is
resolved first: ``Path("factors").parent.parent`` is ``.``, and a screen given the relative
path would skip without a word (found by audit 1796685321's PS fixer).
"""

from __future__ import annotations

from pathlib import Path

#: This checkout, and the datasets beside it, for screens that take no factors root.
REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO.parent / "shared" / "sources"


def beside(root: Path) -> Path:
    """The upstream datasets beside the checkout whose factors tree is ``root``."""
    return root.resolve().parent.parent / "shared" / "sources"
