"""Every importer, re-run on the real upstream files, reproduces the committed factor files.

The upstream folder is the project's shared sources (beside the checkout, as in CI); the
documented command is ``carbonfactors import --all --sources ../shared/sources``.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from carbonfactors_pipeline.importers import ordered

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT.parent / "shared" / "sources"


def differing(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    out = [f"{a / n}" for n in (*cmp.diff_files, *cmp.left_only, *cmp.right_only)]
    for sub in cmp.common_dirs:
        out += differing(a / sub, b / sub)
    return out


@pytest.mark.slow
@pytest.mark.skipif(not SOURCES.is_dir(), reason="upstream sources are not beside this checkout")
def test_all_importers_reproduce_the_committed_files(tmp_path: Path) -> None:
    copy = tmp_path / "factors"
    shutil.copytree(ROOT / "factors", copy)
    for importer in ordered():
        importer.run(SOURCES, copy)
    assert differing(ROOT / "factors", copy) == []
