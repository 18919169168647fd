"""The data commands' command lines: ``carbonfactors validate|build|release|...`` options.

They live with the pipeline that runs them, so a data command and its options change
together; ``carbonfactors.cli`` only lists the commands (name and one line of help) and
hands the rest of the command line to ``carbonfactors_pipeline.commands.main``. This module
imports nothing but the standard library: building a parser costs nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def _validate(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Validate a factors tree. Exit 0 and print counts when clean; exit 1 and print every "
        "problem as 'file:line: field: reason' otherwise."
    )
    p.add_argument(
        "path", nargs="?", type=Path, default=None, help="factors folder (default: ./factors)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--brief",
        action="store_true",
        help="list only what needs a look (problems, values to review, open disagreements); "
        "screened-out values and explained disagreements are counted, not listed",
    )


def _build(p: argparse.ArgumentParser) -> None:
    p.description = "Compile releases + development factors into SQLite."
    p.add_argument("--factors", type=Path, default=None, help="factors folder (default: ./factors)")
    p.add_argument(
        "--out", type=Path, default=None, help="database file (default: build/carbonfactors.db)"
    )
    p.add_argument(
        "--answers",
        nargs="?",
        const="all",
        choices=("all", "latest"),
        help="also store the service's precomputed answers (needs the service installed) of "
        "every version (all, the default: the deploy image) or of the latest release only "
        "(latest: make serve; other versions' answers are computed on first use, same bytes)",
    )


def _release(p: argparse.ArgumentParser) -> None:
    p.description = "Freeze the current factors as an immutable version."
    p.add_argument("version", help="calendar version: YYYY.MM, or YYYY.MM.N for a correction")
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument(
        "--no-bundle", action="store_true", help="do not refresh the SDK's bundled snapshot"
    )
    p.add_argument(
        "--allow-dirty", action="store_true", help="release with uncommitted factor changes"
    )


def _verify_releases(p: argparse.ArgumentParser) -> None:
    p.description = "Check released snapshots against their checksums."
    p.add_argument("--factors", type=Path, default=None)


def _import(p: argparse.ArgumentParser) -> None:
    p.description = "Regenerate factor files from an upstream dataset."
    p.add_argument("importer", nargs="?", help="importer name (omit to list them)")
    p.add_argument(
        "--sources",
        type=Path,
        default=Path("../shared/sources"),
        help="folder holding the upstream datasets (default: ../shared/sources)",
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--all", action="store_true", help="run every importer")


def _changes(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Added, changed (old -> new value) and removed factors between a release (default: "
        "the latest) and the factors tree as it is now."
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--from", dest="from_version", default=None, help="release to compare with")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")


def _review(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Factors added, changed (with %) and removed against a git revision, flagged large "
        "moves, new source disagreements, sources added and the effect on reference jobs, as "
        "Markdown for a pull request or JSON. Exit 1 when the factors tree does not "
        "validate, 2 when the report cannot be made."
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--base", default="origin/main", help="git revision (default: origin/main)")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")


def _resolved(p: argparse.ArgumentParser) -> None:
    p.description = (
        "What a default lookup returns for every zone x year, operator x year and hardware "
        "model, as sorted tables a reviewer can diff. With --check, exit 1 when they are stale."
    )
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--check", action="store_true", help="only check that the tables are current")


def _audit(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Draw N default values (grid intensity of countries, sub-national grids and cloud "
        "regions; PUE; accelerators; cloud instances; CPUs; servers), evenly over those strata, "
        "reproducibly for a seed, and write a worksheet: value, resolution, cited source, "
        "factor file and upstream files, and blank verdict columns."
    )
    p.add_argument("--sample", type=int, default=60, help="number of defaults (default 60)")
    p.add_argument("--seed", type=int, required=True, help="random seed (same seed, same sample)")
    p.add_argument("--factors", type=Path, default=None)
    p.add_argument("--release", default=None, help="audit a release (default: the factors tree)")
    p.add_argument(
        "--bundle",
        choices=("full", "open"),
        default="full",
        help="resolve values as this bundle does (default full, the service's default)",
    )
    p.add_argument(
        "--items",
        type=Path,
        default=None,
        help="re-resolve the items of this worksheet instead of drawing (the same sample after fixes)",
    )
    p.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    p.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")


#: Each data command's options (its one-line help is in ``carbonfactors.cli.DATA_COMMANDS``).
CONFIGURE: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "validate": _validate,
    "build": _build,
    "release": _release,
    "verify-releases": _verify_releases,
    "changes": _changes,
    "review": _review,
    "resolved": _resolved,
    "audit": _audit,
    "import": _import,
}


def parser(name: str) -> argparse.ArgumentParser:
    """The command line of data command ``name`` (``carbonfactors NAME --help`` prints it)."""
    p = argparse.ArgumentParser(prog=f"carbonfactors {name}")
    CONFIGURE[name](p)
    return p
