"""How long a non-strict Client takes to answer from its local snapshot when the service is down.

    .venv/bin/python benchmarks/client_fallback.py              # 20 calls per scenario
    .venv/bin/python benchmarks/client_fallback.py --calls 50

A live gunicorn server (the fixture dataset, ``benchmarks/liveserver.py``) is started, a
release synced from it, and the server stopped, so its port refuses connections. Then, on
the same grid-intensity lookup:
  * baseline: ``Client(offline=True)``, the local answer alone (median per call);
  * first call of a Client whose service is down: its retries (urllib3's backoff), then the
    fallback; the failure trips the circuit breaker;
  * second and later calls of that Client (median): the breaker skips the service, so the
    call costs the local answer and nothing more;
  * without the breaker (``cooldown=0``, the behaviour before it): every call pays the
    retries again (a few calls only: each takes seconds).
Each line gives the ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import carbonfactors as cf  # noqa: E402
from carbonfactors.dataset import forget_loaded  # noqa: E402
from liveserver import Server  # noqa: E402


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--no-breaker-calls", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore", cf.OfflineFallbackWarning)

    from carbonfactors_pipeline.build import build_database
    from carbonfactors_pipeline.validate import validate_tree

    factors = ROOT / "tests" / "fixtures" / "factors"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fallback.db"
        build_database(factors, validate_tree(factors).snapshot, db)
        cache = Path(tmp) / "cache"
        with Server(db, workers=1, threads=1) as server:
            url = server.url
            cf.Client(url, version="2026.02", cache_dir=cache).sync()
        forget_loaded()

        def lookup(c: cf.Client) -> Callable[[], object]:
            return lambda: c.grid_intensity("FR", year=2024)

        local = cf.Client(offline=True, version="2026.02", cache_dir=cache)
        lookup(local)()  # open the synced snapshot once, as every scenario below reuses it
        base = statistics.median(timed(lookup(local)) for _ in range(args.calls))

        down = cf.Client(url, version="2026.02", cache_dir=cache)
        first = timed(lookup(down))
        later = statistics.median(timed(lookup(down)) for _ in range(args.calls))
        assert down.stats["requests"] == 1, down.stats  # the later calls sent nothing

        old = cf.Client(url, version="2026.02", cache_dir=cache, cooldown=0)
        no_breaker = statistics.median(timed(lookup(old)) for _ in range(args.no_breaker_calls))

    def line(label: str, seconds: float) -> None:
        print(f"{label:<44} {seconds * 1000:10.2f} ms  {seconds / base:10.1f}x baseline")

    print("grid_intensity('FR', 2024), service down (connection refused), default retries")
    line("baseline: offline client (median)", base)
    line("first call: retries, then fallback", first)
    line(f"later calls, breaker open (median of {args.calls})", later)
    line(f"no breaker, every call (median of {args.no_breaker_calls})", no_breaker)
    print(f"first / later: {first / later:,.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
