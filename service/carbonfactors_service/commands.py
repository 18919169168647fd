"""``carbonfactors serve``: the one maintainer command that needs the web stack.

The data commands (validate, build, release...) live in ``carbonfactors_pipeline.commands``
and run without Flask.
"""

from __future__ import annotations

import argparse
import os
import sys

from carbonfactors.cli import default_db


def run_serve(args: argparse.Namespace) -> int:
    db = args.db or default_db()
    if not db.exists():
        print(f"serve: no database at {db}; run 'carbonfactors build' first", file=sys.stderr)
        return 1
    env = dict(os.environ, CARBONFACTORS_DB=str(db.resolve()))
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--access-logfile",
        "-",
        # Long query strings must reach the app to get a problem+json 414, not gunicorn's HTML.
        "--limit-request-line",
        "8190",
        "carbonfactors_service:create_app()",
    ]
    os.execvpe(argv[0], argv, env)
