"""The ``carbonfactors`` command line (also ``python -m carbonfactors``).

User commands (footprints, lookups, sync) need only the SDK; each takes ``--offline``,
``--url`` and ``--dataset-version``. Data commands (validate, review, build, release, import)
live in ``carbonfactors_pipeline`` (``pipeline`` extra), ``serve`` in ``carbonfactors_service``
(``server`` extra); when the extra is missing
they say so instead of failing with an ImportError. Every command is registered here,
explicitly: nothing registers itself by being imported.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

SERVER_EXTRA_HINT = (
    "this command is a maintainer tool and needs the server extra:\n"
    "    pip install 'carbonfactors[server]'"
)
PIPELINE_EXTRA_HINT = (
    "this command is a data tool and needs the pipeline extra:\n"
    "    pip install 'carbonfactors[pipeline]'"
)

#: A user command: (name, help, configure its parser, run it).
UserCommand = tuple[
    str,
    str,
    Callable[[argparse.ArgumentParser], None],
    Callable[[argparse.Namespace], int],
]


def user_commands() -> list[UserCommand]:
    """The user commands, in help order (imported here: the parser is built on demand)."""
    from . import footprint_cli as fp
    from . import lookup_cli as lk

    return [
        ("factor", "one factor by id, with its citation", lk.configure_factor, lk.run_factor),
        (
            "search",
            "zones, hardware and factors whose id or name contains Q",
            lk.configure_search,
            lk.run_search,
        ),
        ("zones", "list zones (countries, grids, cloud regions)", lk.configure_zones, lk.run_zones),
        (
            "versions",
            "dataset versions (the service's, or local ones)",
            lk.configure_versions,
            lk.run_versions,
        ),
        (
            "sync",
            "download a release snapshot into the per-user store (verified)",
            lk.configure_sync,
            lk.run_sync,
        ),
        (
            "footprint",
            "footprint of a job or a batch (JSON, CSV or flags), with its receipt",
            fp.configure_footprint,
            fp.run_footprint,
        ),
        (
            "compare",
            "the same job across locations/providers and years, ranked",
            fp.configure_compare,
            fp.run_compare,
        ),
        (
            "export",
            "write a dataset's factor tables as Parquet/CSV with provenance, for SQL joins",
            fp.configure_export,
            fp.run_export,
        ),
    ]


def default_factors() -> Path:
    return Path(os.environ.get("CARBONFACTORS_FACTORS", "factors"))


def default_db() -> Path:
    return Path(os.environ.get("CARBONFACTORS_DB", "build/carbonfactors.db"))


def _maintainer(args: argparse.Namespace) -> int:
    # Data commands need only the pipeline (no web stack); serve needs the service.
    serve = args.command == "serve"
    module = "carbonfactors_service.commands" if serve else "carbonfactors_pipeline.commands"
    try:
        commands = importlib.import_module(module)
    except ImportError as exc:
        hint = SERVER_EXTRA_HINT if serve else PIPELINE_EXTRA_HINT
        print(f"carbonfactors {args.command}: {hint}\n(missing: {exc.name})", file=sys.stderr)
        return 2
    result: int = getattr(commands, "run_" + args.command.replace("-", "_"))(args)
    return result


def build_parser() -> argparse.ArgumentParser:
    from .cli_common import source_options

    parser = argparse.ArgumentParser(
        prog="carbonfactors",
        description="Cited, versioned carbon factors for computing, and footprints from them.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    sources = source_options()
    for name, help_text, configure, run in user_commands():
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[sources])
        configure(p)
        p.set_defaults(func=run)

    p = sub.add_parser(
        "validate",
        help="check factor files; print counts or every problem as file:line",
        description="Validate a factors tree. Exit 0 and print counts when clean; exit 1 and "
        "print every problem as 'file:line: field: reason' otherwise. [pipeline extra]",
    )
    p.add_argument(
        "path", nargs="?", type=Path, default=None, help="factors folder (default: ./factors)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = sub.add_parser(
        "build", help="compile releases + development factors into SQLite [pipeline extra]"
    )
    p.add_argument("--factors", type=Path, default=None, help="factors folder (default: ./factors)")
    p.add_argument(
        "--out", type=Path, default=None, help="database file (default: build/carbonfactors.db)"
    )

    p = sub.add_parser(
        "release", help="freeze the current factors as an immutable version [pipeline extra]"
    )
    p.add_argument("version", help="calendar version: YYYY.MM, or YYYY.MM.N for a correction")
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument(
        "--no-bundle", action="store_true", help="do not refresh the SDK's bundled snapshot"
    )
    p.add_argument(
        "--allow-dirty", action="store_true", help="release with uncommitted factor changes"
    )

    p = sub.add_parser(
        "verify-releases", help="check released snapshots against their checksums [pipeline extra]"
    )
    p.add_argument("--factors", type=Path, default=None)

    p = sub.add_parser(
        "import", help="regenerate factor files from an upstream dataset [pipeline extra]"
    )
    p.add_argument("importer", nargs="?", help="importer name (omit to list them)")
    p.add_argument(
        "--sources",
        type=Path,
        default=Path("../shared/sources"),
        help="folder holding the upstream datasets (default: ../shared/sources)",
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--all", action="store_true", help="run every importer")

    p = sub.add_parser("serve", help="serve the HTTP API with gunicorn [server extra]")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, help="worker processes (default: gunicorn.conf.py's)")
    p.add_argument("--threads", type=int, help="threads per worker (default: gunicorn.conf.py's)")
    p.add_argument("--db", type=Path, default=None)

    p = sub.add_parser(
        "changes",
        help="what the factors tree changes against a release, for review [pipeline extra]",
        description="Added, changed (old -> new value) and removed factors between a release "
        "(default: the latest) and the factors tree as it is now. [pipeline extra]",
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--from", dest="from_version", default=None, help="release to compare with")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")

    p = sub.add_parser(
        "review",
        help="review report of a data change against a git revision [pipeline extra]",
        description="Factors added, changed (with %) and removed against a git revision, "
        "flagged large moves, new source disagreements, sources added and the effect on "
        "reference jobs, as Markdown for a pull request or JSON. Exit 1 when the factors "
        "tree does not validate, 2 when the report cannot be made. [pipeline extra]",
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--base", default="origin/main", help="git revision (default: origin/main)")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")

    p = sub.add_parser(
        "resolved",
        help="write the resolved-default tables factors/resolved/*.tsv [pipeline extra]",
        description="What a default lookup returns for every zone x year, operator x year "
        "and hardware model, as sorted tables a reviewer can diff. With --check, exit 1 when "
        "they are stale. [pipeline extra]",
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--check", action="store_true", help="only check that the tables are current")

    p = sub.add_parser(
        "audit",
        help="a stratified random sample of default values, as a worksheet [pipeline extra]",
        description="Draw N default values (grid intensity of countries, sub-national grids "
        "and cloud regions; PUE; accelerators; cloud instances; CPUs; servers), evenly over "
        "those strata, reproducibly for a seed, and write a worksheet: value, resolution, "
        "cited source, factor file and upstream files, and blank verdict columns. "
        "[pipeline extra]",
    )
    p.add_argument("--sample", type=int, default=60, help="number of defaults (default 60)")
    p.add_argument("--seed", type=int, required=True, help="random seed (same seed, same sample)")
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--release", default=None, help="audit a release (default: the factors tree)")
    p.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    p.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")

    maintainer = (
        "validate",
        "audit",
        "build",
        "release",
        "verify-releases",
        "changes",
        "review",
        "resolved",
        "import",
        "serve",
    )
    for name in maintainer:
        sub.choices[name].set_defaults(func=_maintainer)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":
    sys.exit(main())
