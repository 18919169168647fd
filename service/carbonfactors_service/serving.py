"""How the API is started under gunicorn with the project's ``gunicorn.conf.py``.

``carbonfactors serve`` builds its command line with ``gunicorn_argv``; so does the tests'
and benchmarks' live-server helper (``benchmarks/liveserver.py``, kept out of this
production package), so every way of serving runs with the same settings file.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = "carbonfactors_service:create_app()"
_HERE = Path(__file__).resolve().parent
#: The settings file: beside the package in a wheel, at the repository root in a checkout.
CONFIG = next(
    (p for p in (_HERE / "gunicorn.conf.py", _HERE.parents[1] / "gunicorn.conf.py") if p.exists()),
    _HERE.parents[1] / "gunicorn.conf.py",
)


def gunicorn_argv(
    bind: str,
    *,
    workers: int | None = None,
    threads: int | None = None,
    app: str = APP,
    extra: tuple[str, ...] = (),
    config: Path | None = CONFIG,
) -> list[str]:
    """``python -m gunicorn -c gunicorn.conf.py --bind ...``: flags override the file.

    ``config=None`` leaves ``-c`` out: gunicorn then reads ``gunicorn.conf.py`` from the
    working directory, as a plain ``gunicorn`` started there does.
    """
    argv = [sys.executable, "-m", "gunicorn", "--bind", bind]
    if config is not None:
        argv += ["-c", str(config)]
    if workers is not None:
        argv += ["--workers", str(workers)]
    if threads is not None:
        argv += ["--threads", str(threads)]
    return [*argv, *extra, app]
