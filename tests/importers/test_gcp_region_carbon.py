"""gcp_region_carbon: Google's yearly per-region files, basis by year, CFE as its own kind."""

from __future__ import annotations

from pathlib import Path

import yaml
from _cloud_pue_helpers import FIXTURES, problems, records, run_twice

UPSTREAM = FIXTURES / "gcp_region_carbon"


def test_values_and_bases(tmp_path: Path) -> None:
    run_twice("gcp-region-carbon", UPSTREAM, tmp_path)
    out = tmp_path / "grid" / "google-region-carbon"
    taiwan = records(out / "asia-east1.yaml", "factors")
    f2019 = taiwan["grid_intensity:gcp:asia-east1:2019:google-region-carbon"]
    assert (f2019["value"], f2019["basis"]) == (541, "lifecycle")
    f2021 = taiwan["grid_intensity:gcp:asia-east1:2021:google-region-carbon"]
    assert (f2021["value"], f2021["basis"]) == (456, "direct")
    cfe = taiwan["cfe_share:gcp:asia-east1:2019:google-region-carbon"]
    assert (cfe["value"], cfe["unit"], cfe["basis"]) == (0.19, "fraction", "hourly")
    # An empty CFE cell gives no CFE factor; a 0.00 one gives 0.
    hk = records(out / "asia-east2.yaml", "factors")
    assert list(hk) == ["grid_intensity:gcp:asia-east2:2019:google-region-carbon"]
    dammam = records(out / "me-central2.yaml", "factors")
    assert dammam["cfe_share:gcp:me-central2:2021:google-region-carbon"]["value"] == 0
    assert dammam["grid_intensity:gcp:me-central2:2021:google-region-carbon"]["value"] == 569.5


def test_output_validates(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    run_twice("gcp-region-carbon", UPSTREAM, root)
    regions = {
        "zones": [
            {"id": "TW", "name": "Taiwan", "type": "country"},
            *[
                {
                    "id": f"gcp:{r}",
                    "name": r,
                    "type": "cloud_region",
                    "provider": "gcp",
                    "grid_zone": "TW",
                    "mapping_source": "google-region-carbon",
                }
                for r in ("asia-east1", "asia-east2", "me-central2")
            ],
        ]
    }
    (root / "regions.yaml").write_text(yaml.safe_dump(regions), encoding="utf-8")
    assert problems(root) == []
