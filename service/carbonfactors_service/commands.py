"""``carbonfactors serve``: the one maintainer command that needs the web stack.

The data commands (validate, build, release...) live in ``carbonfactors_pipeline.commands``
and run without Flask.
"""

from __future__ import annotations

import argparse
import os
import sys

from carbonfactors.cli import default_db

from .serving import gunicorn_argv


def run_serve(args: argparse.Namespace) -> int:
    db = args.db or default_db()
    if not db.exists():
        print(f"serve: no database at {db}; run 'carbonfactors build' first", file=sys.stderr)
        return 1
    env = dict(os.environ, CARBONFACTORS_DB=str(db.resolve()))
    # Every other setting (timeouts, URL limit, preload, access log) is in gunicorn.conf.py.
    argv = gunicorn_argv(f"{args.host}:{args.port}", workers=args.workers, threads=args.threads)
    os.execvpe(argv[0], argv, env)
