"""Explorer pages: render time of each page next to its JSON twin, same process, same run.

    .venv/bin/python benchmarks/explorer.py                      # the real factors/
    .venv/bin/python benchmarks/explorer.py --factors tests/fixtures/factors --rounds 50

Builds the database from ``--factors`` into a temporary file, then requests each page and
the API answer it links to through Flask's test client (no network, no gunicorn: this
measures the app). Reported per page: the first (cold) request, the median of ``--rounds``
warm ones, and the ratio of the warm page to its warm JSON twin.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (page, its JSON twin); the pinned version is added to both.
PAGES = (
    ("/", "/v1/versions/{v}"),
    ("/?q=H100", "/v1/hardware?q=H100"),
    ("/zones/DE", "/v1/zones/DE"),
    ("/compare/zones/DE", "/v1/factors?kind=grid_intensity&subject=DE&limit=1000"),
    ("/hardware/nvidia-h100-sxm5-80gb", "/v1/hardware/nvidia-h100-sxm5-80gb"),
    ("/categories/gpu?sort=power&order=desc", "/v1/hardware?category=gpu&limit=1000"),
    ("/sources/ember-owid", "/v1/sources/ember-owid"),
    (
        "/calculator?hardware=A100+SXM4+80GB&count=8&hours=72&location=FR&year=2023",
        '/v1/footprint?job={"hardware":[{"model":"A100 SXM4 80GB","count":8}],'
        '"hours":72,"location":"FR","year":2023}',
    ),
)


def _time(client: object, url: str) -> float:
    start = time.perf_counter()
    resp = client.get(url)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - start
    assert resp.status_code == 200, (url, resp.status_code)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=Path, default=ROOT / "factors")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    from carbonfactors_service import create_app
    from carbonfactors_service.pipeline.build import build_database
    from carbonfactors_service.pipeline.validate import validate_tree

    result = validate_tree(args.factors)
    if not result.ok:
        print("factors do not validate", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "carbonfactors.db"
        build_database(args.factors, result.snapshot, db)
        client = create_app({"DATABASE": str(db)}).test_client()
        version = client.get("/v1/health").get_json()["dataset_version"]
        print(f"dataset {version}; {args.rounds} warm rounds per URL")
        print(f"{'page':44} {'cold':>9} {'warm':>9} {'json warm':>10} {'ratio':>7}")
        for page, twin in PAGES:
            sep = "&" if "?" in page else "?"
            page_url = f"{page}{sep}version={version}"
            twin_url = twin.replace("{v}", version)
            if "{v}" not in twin:
                twin_url += ("&" if "?" in twin else "?") + f"version={version}"
            cold = _time(client, page_url)
            _time(client, twin_url)
            warm = statistics.median(_time(client, page_url) for _ in range(args.rounds))
            json_warm = statistics.median(_time(client, twin_url) for _ in range(args.rounds))
            print(
                f"{page[:44]:44} {cold * 1000:7.1f}ms {warm * 1000:7.1f}ms"
                f" {json_warm * 1000:8.1f}ms {warm / json_warm:6.1f}×"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
