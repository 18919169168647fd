"""``carbonfactors serve``: the one maintainer command that needs the web stack.

The data commands (validate, build, release...) live in ``carbonfactors_pipeline.commands``
and run without Flask.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from carbonfactors.cli import default_db

from .serving import gunicorn_argv


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="carbonfactors serve", description="Serve the HTTP API with gunicorn."
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, help="worker processes (default: gunicorn.conf.py's)")
    p.add_argument("--threads", type=int, help="threads per worker (default: gunicorn.conf.py's)")
    p.add_argument("--db", type=Path, default=None)
    return p


def main(name: str, argv: Sequence[str]) -> int:
    """``carbonfactors serve`` with the rest of its command line (``name`` is "serve")."""
    return run_serve(parser().parse_args(list(argv)))


def run_serve(args: argparse.Namespace) -> int:
    db = args.db or default_db()
    if not db.exists():
        print(
            f"serve: no database at {db}; run 'carbonfactors build --answers' first",
            file=sys.stderr,
        )
        return 1
    env = dict(os.environ, CARBONFACTORS_DB=str(db.resolve()))
    # Every other setting (timeouts, URL limit, preload, access log) is in gunicorn.conf.py.
    argv = gunicorn_argv(f"{args.host}:{args.port}", workers=args.workers, threads=args.threads)
    os.execvpe(argv[0], argv, env)
