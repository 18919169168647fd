"""The ``carbonfactors`` command line (also ``python -m carbonfactors``).

User commands (footprints, lookups, sync) need only the SDK; each takes ``--offline``,
``--url`` and ``--dataset-version``. Data commands (validate, review, build, release, import)
live in ``carbonfactors_pipeline`` (``pipeline`` extra), options included
(``carbonfactors_pipeline.cli_args``), ``serve`` in ``carbonfactors_service`` (``server``
extra): this module lists them and hands them the rest of the command line; when the extra
is missing they say so instead of failing with an ImportError. Every command is registered here,
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
            "zones, hardware and factors matching Q, best first (typos forgiven)",
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


#: The maintainer commands, with one line of help each. Their options live with the code
#: that runs them (``carbonfactors_pipeline.cli_args``; ``carbonfactors_service.commands``
#: for ``serve``), which gets the rest of the command line: here they are only listed.
DATA_COMMANDS: dict[str, str] = {
    "validate": "check factor files; print counts or every problem as file:line",
    "build": "compile releases + development factors into SQLite",
    "release": "freeze the current factors as an immutable version",
    "verify-releases": "check released snapshots against their checksums",
    "changes": "what the factors tree changes against a release, for review",
    "review": "review report of a data change against a git revision",
    "resolved": "write the resolved-default tables factors/resolved/*.tsv",
    "audit": "a stratified random sample of default values, as a worksheet",
    "import": "regenerate factor files from an upstream dataset",
}
SERVE_HELP = "serve the HTTP API with gunicorn"


def _maintainer(name: str, argv: Sequence[str]) -> int:
    # Data commands need only the pipeline (no web stack); serve needs the service.
    serve = name == "serve"
    module = "carbonfactors_service.commands" if serve else "carbonfactors_pipeline.commands"
    try:
        commands = importlib.import_module(module)
    except ImportError as exc:
        hint = SERVER_EXTRA_HINT if serve else PIPELINE_EXTRA_HINT
        print(f"carbonfactors {name}: {hint}\n(missing: {exc.name})", file=sys.stderr)
        return 2
    result: int = commands.main(name, argv)
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

    for name, help_text in (*DATA_COMMANDS.items(), ("serve", SERVE_HELP)):
        extra = "server" if name == "serve" else "pipeline"
        p = sub.add_parser(name, help=f"{help_text} [{extra} extra]", add_help=False)
        p.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    try:
        if given and (given[0] in DATA_COMMANDS or given[0] == "serve"):
            return _maintainer(given[0], given[1:])
        args = build_parser().parse_args(given)
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
