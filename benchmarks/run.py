"""Run every benchmark in this folder, one after the other (`make benchmark`).

Each benchmark prints its own baseline measured in the same run and the ratio to it:
the machine is shared and noisy, so only ratios are comparable between runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "footprint.py",
    "frame.py",
    "series_weighting.py",
    "csv_memory.py",
    "sdk.py",
    "client_fallback.py",
    "api.py",
    "explorer.py",
    "serving.py",
    "memory.py",
)


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        path = HERE / name
        print(f"== {name}", flush=True)
        failed += subprocess.call([sys.executable, str(path), *sys.argv[1:]]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
