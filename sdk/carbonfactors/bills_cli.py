"""``carbonfactors footprint --from focus|aws-cur|gcp-billing|azure-cost BILL``.

Streams the bill (``carbonfactors.readers.bills``), prints what was classified (rows and
cost, by service), what was left out (credits, taxes, refunds, purchases) and the top
services, regions and resources by emissions. ``--out lines.parquet`` (or ``.csv``) writes
every line's footprint and, beside it, one table per group (``lines.by-service.parquet``...).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli_common import progress as progress_bar
from .dataset import Dataset
from .errors import InvalidInput

#: The bill formats ``--from`` accepts (the readers' FORMATS, without importing pandas).
BILL_FORMATS = ("focus", "aws-cur", "gcp-billing", "azure-cost")


def add_arguments(g: argparse._ArgumentGroup) -> None:
    g.add_argument(
        "--method",
        choices=("carbonfactors", "ccf"),
        default="carbonfactors",
        help="bills: the dataset's factors (default), or Cloud Carbon Footprint's coefficients",
    )
    g.add_argument(
        "--group-by",
        default="account,service,region,resource,month",
        help="bills: comma-separated groups among account, project, service, region, "
        "resource, month (written beside --out)",
    )
    g.add_argument("--json", action="store_true", help="bills: print the summary as JSON")


def run(args: argparse.Namespace, ds: Dataset) -> int:
    from .readers.bills import footprint_bill
    from .readers.bills.summary import text

    groups = [g.strip() for g in (args.group_by or "").split(",") if g.strip()]
    path = Path(args.job)
    if not path.exists():
        raise InvalidInput(f"cannot read {args.job}: no such file or folder", field="job")
    size = path.stat().st_size if path.is_file() else 0
    bar = progress_bar(size // 200) if size > 50_000_000 else None  # ~200 bytes a line
    result = footprint_bill(
        path,
        args.from_format,
        dataset=ds,
        method=args.method,
        group_by=groups,
        out=args.out,
        keep_lines=False,
        progress=None if bar is None else bar.update,
    )
    if bar is not None:
        bar.close()
    if args.out:
        out = Path(args.out)
        for name, table in result.groups.items():
            target = out.with_name(f"{out.stem}.by-{name}{out.suffix}")
            if out.suffix in (".parquet", ".pq"):
                table.to_parquet(target, index=False)
            else:
                table.to_csv(target, index=False)
    if args.json:
        json.dump(result.summary, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text(result.summary))
    return 0
