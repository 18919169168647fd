"""``carbonfactors factor|search|zones|versions|sync``: the Client from the shell.

Each answers from the service given by ``--url`` / ``$CARBONFACTORS_URL`` or, without one
(or with ``--offline``), from the newest local snapshot; ``--dataset-version`` pins a
release. Exit codes: 0 done, 1 refused (the message names the field), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from .cli_common import client_for, dump_json, fail, format_option, print_rows, records
from .errors import CarbonFactorsError


def configure_factor(p: argparse.ArgumentParser) -> None:
    p.add_argument("factor_id", metavar="ID", help="e.g. grid_intensity:FR:2023:ember-owid")


def run_factor(args: argparse.Namespace) -> int:
    try:
        dump_json(client_for(args).factor(args.factor_id).to_dict())
    except CarbonFactorsError as exc:
        return fail("factor", exc)
    return 0


def configure_search(p: argparse.ArgumentParser) -> None:
    p.add_argument("q", metavar="Q", help="text to find in ids, names and aliases (ranked)")
    p.add_argument("--limit", type=int, default=20, help="most results per kind (default: 20)")
    format_option(p)


def run_search(args: argparse.Namespace) -> int:
    try:
        found = client_for(args).search(args.q, limit=args.limit)
    except CarbonFactorsError as exc:
        return fail("search", exc)
    rows = [
        {"what": what, "id": r.id, "name": getattr(r, "name", None) or _factor_name(r)}
        for what, items in found.items()
        for r in items
    ]
    if args.format == "json":
        dump_json({what: records(items) for what, items in found.items()})
    else:
        print_rows(rows, ("what", "id", "name"), args.format)
    return 0 if rows else 1


def _factor_name(r: object) -> str:
    value, unit = getattr(r, "value", None), getattr(r, "unit", "")
    return "" if value is None else f"{value:g} {unit}"


def configure_zones(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", help="country, subnational, cloud_region...")
    p.add_argument("--provider", help="aws, gcp, azure...")
    p.add_argument("--parent", help="zones inside this one")
    p.add_argument("--q", help="text to find in ids, names and aliases")
    format_option(p)


def run_zones(args: argparse.Namespace) -> int:
    try:
        zones = list(
            client_for(args).zones(
                type=args.type, provider=args.provider, parent=args.parent, q=args.q
            )
        )
    except CarbonFactorsError as exc:
        return fail("zones", exc)
    print_rows(records(zones), ("id", "name", "type", "parent", "grid_zone"), args.format)
    return 0


def configure_versions(p: argparse.ArgumentParser) -> None:
    format_option(p)


def run_versions(args: argparse.Namespace) -> int:
    try:
        versions = client_for(args).versions()
    except CarbonFactorsError as exc:
        return fail("versions", exc)
    print_rows(records(versions), ("version", "released", "origin", "sha256"), args.format)
    return 0


def configure_sync(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--cache-dir",
        default=None,
        help="the snapshot store (default: $CARBONFACTORS_CACHE_DIR or the per-user cache folder)",
    )


def run_sync(args: argparse.Namespace) -> int:
    import os

    from .client import URL_ENV, Client

    url = args.url or os.environ.get(URL_ENV)
    if args.offline or not url:
        print(
            f"carbonfactors sync: needs the service: pass --url or set {URL_ENV}", file=sys.stderr
        )
        return 2
    try:
        result = Client(url, version=args.dataset_version, cache_dir=args.cache_dir).sync()
    except CarbonFactorsError as exc:
        return fail("sync", exc)
    what = "synced" if result.downloaded else "already synced"
    print(f"{what} {result.version} (sha256 {result.sha256}) into {result.path}")
    return 0
