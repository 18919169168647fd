"""Fail when a JUnit report shows a skipped browser or nginx test (``.ci/run``).

CI runs as root on a clean machine, so every test can run there: a skip means a missing
browser or proxy went unnoticed, and the explorer went untested.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

GUARDED = ("tests.browser.", "tests/browser/", "browser.", "test_nginx_proxy")


def skipped(report: str) -> list[str]:
    out = []
    for case in ET.parse(report).getroot().iter("testcase"):
        name = f"{case.get('classname', '')}.{case.get('name', '')}"
        if case.find("skipped") is not None and any(g in name for g in GUARDED):
            out.append(name)
    return out


def main(argv: list[str]) -> int:
    found = skipped(argv[1])
    for name in found:
        print(f"skipped in CI (not allowed): {name}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
