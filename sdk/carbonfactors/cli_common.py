"""What every user command shares: where answers come from, and how they are printed.

Every user command takes ``--offline``, ``--url`` and ``--dataset-version`` (one parent
parser), builds its ``Client`` the same way, and prints rows as a table, JSON or CSV.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import CarbonFactorsError

if TYPE_CHECKING:
    from .client import Client


def source_options() -> argparse.ArgumentParser:
    """The parent parser of every user command: which service or snapshot answers."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("where answers come from")
    g.add_argument(
        "--url",
        default=None,
        help="the carbonfactors service (default: $CARBONFACTORS_URL; none: offline)",
    )
    g.add_argument(
        "--offline",
        action="store_true",
        help="never call the service: use the newest synced snapshot, else the bundled one",
    )
    g.add_argument(
        "--dataset-version",
        dest="dataset_version",
        default=None,
        help="pin a release (e.g. 2026.11); offline it must be synced or bundled",
    )
    g.add_argument(
        "--bundle",
        choices=("open", "full"),
        default=None,
        help="which bundle of the release answers: open (the wheel's data) or full "
        '(pip install "carbonfactors[full]"; the service default). Default: full when '
        "installed, else open",
    )
    return p


def client_for(args: argparse.Namespace) -> Client:
    from .client import URL_ENV, Client

    url = args.url or os.environ.get(URL_ENV) or None
    return Client(
        url,
        version=args.dataset_version,
        offline=True if args.offline or not url else False,
        bundle=getattr(args, "bundle", None),
    )


#: Columns of the table and CSV outputs of footprints (job documents, or the frame path in
#: a table): the frame kernel's names, so the bounds, the version and the warnings are never
#: dropped.
FOOTPRINT_COLUMNS = (
    "index",
    "ok",
    "total_kgco2e",
    "total_kgco2e_low",
    "total_kgco2e_high",
    "operational_kgco2e",
    "embodied_kgco2e",
    "energy_kwh",
    "location",
    "year",
    "dataset_version",
    "bundle",
    "warnings",
    "error",
)


def format_option(p: argparse.ArgumentParser, default: str = "table") -> None:
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default=default,
        help=f"output format (default: {default})",
    )


def fail(command: str, exc: CarbonFactorsError) -> int:
    where = f" [{exc.field}]" if exc.field and exc.field not in exc.message else ""
    print(f"carbonfactors {command}: {exc.message}{where}", file=sys.stderr)
    return 1


def dump_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


#: Where one caveat of a "; "-joined column ends: before the next "role: ".
_CAVEAT_SPLIT = re.compile(r"; (?=[a-z][a-z_]*: )")


def print_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
    *,
    footnotes: str | None = None,
) -> None:
    """Rows as an aligned table, JSON (whole rows) or CSV (the columns).

    ``footnotes`` names a column of caveats (``warnings``): in CSV it is a column like the
    others; in a table its texts would stretch every line, so the column shows ``[1]``,
    ``[2]``... and the texts follow the table as numbered footnotes (one per distinct text).
    """
    if fmt == "json":
        dump_json(list(rows))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        return
    notes: dict[str, int] = {}

    def cell(r: Mapping[str, Any], c: str) -> str:
        text = _cell(r.get(c))
        if c != footnotes or not text:
            return text
        marks = []
        # Warnings are "role: text", "; "-joined; a text may hold "; " itself.
        for part in _CAVEAT_SPLIT.split(text):
            marks.append(f"[{notes.setdefault(part, len(notes) + 1)}]")
        return "".join(marks)

    cells = [[cell(r, c) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    if notes:
        print()
        for text, number in notes.items():
            print(f"[{number}] {text}")


def progress(total: int | None) -> Any:
    """A progress bar on stderr for long batches: tqdm when installed, else a counter line
    (only on a terminal; nothing when stderr is redirected). ``None``: a streamed file whose
    length is not known until it is read (rows are counted)."""
    try:
        from tqdm import tqdm  # optional extra

        return tqdm(total=total, unit="job", file=sys.stderr, disable=None)
    except ImportError:
        return _Counter(total)


class _Counter:
    def __init__(self, total: int | None) -> None:
        self.total, self.done = total, 0
        self.shown = sys.stderr.isatty()

    def update(self, n: int) -> None:
        self.done += n
        if self.shown:
            of = "" if self.total is None else f"/{self.total:,}"
            print(f"\r{self.done:,}{of} jobs", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def records(items: Iterable[Any]) -> list[dict[str, Any]]:
    return [i.to_dict() for i in items]
