"""``carbonfactors footprint --from sacct|codecarbon|csv FILE`` and ``carbonfactors export``.

The bulk path from the shell: read a scheduler or tracker log, compute every row with the
frame kernel in chunks (a progress line on stderr for long logs), write CSV or Parquet, and
print a summary (total, by location, by month, by model). ``export`` writes a dataset's
factor tables as Parquet with their provenance, for joins in DuckDB, BigQuery or Spark.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .bills_cli import BILL_FORMATS
from .bills_cli import add_arguments as add_bill_arguments
from .cli_common import progress as progress_bar
from .dataset import Dataset
from .errors import CarbonFactorsError, InvalidInput

#: Rows per chunk of the kernel (bounds memory; jobs are never split across chunks).
CHUNK_ROWS = 250_000


def add_bulk_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("many jobs from a log (needs the frame extra: pandas, pyarrow)")
    g.add_argument(
        "--from",
        dest="from_format",
        choices=("sacct", "codecarbon", "csv", *BILL_FORMATS),
        help="read JOB as a log of this format: sacct --parsable2, CodeCarbon emissions.csv, "
        "a CSV/Parquet in the frame layout (docs/frames.md), or a cloud bill "
        "(FOCUS, AWS CUR, GCP billing export, Azure cost details: docs/bills.md)",
    )
    g.add_argument("--site", help="site file (JSON) for --from sacct: location, PUE, models")
    g.add_argument(
        "--tz",
        help="--from codecarbon: the time zone of its timestamps (e.g. UTC, Europe/London), "
        "so each run is weighted by the zone's intensity series where one covers it",
    )
    g.add_argument("--out", help="write the rows to this .csv or .parquet (default: CSV on stdout)")
    add_bill_arguments(g)


def _chunks(df: Any) -> list[Any]:
    import numpy as np

    if len(df) <= CHUNK_ROWS:
        return [df]
    if "job" in df.columns:
        codes = df["job"].factorize()[0]
        per = max(1, int(CHUNK_ROWS * (codes.max() + 1) / len(df)))
        groups = codes // per
    else:
        groups = np.arange(len(df)) // CHUNK_ROWS
    return [part for _, part in df.groupby(groups, sort=True)]


def compute(df: Any, ds: Dataset, *, progress: bool = True) -> Any:
    """Every row of ``df`` through the frame kernel, chunk by chunk (in memory)."""
    import pandas as pd

    from . import frame

    parts = _chunks(df)
    bar = progress_bar(len(df)) if progress and len(parts) > 1 else None
    out = []
    for part in parts:
        out.append(frame.footprints(part, dataset=ds))
        if bar is not None:
            bar.update(len(part))
    if bar is not None:
        bar.close()
    return pd.concat(out) if len(out) > 1 else out[0]


def summary(result: Any) -> str:
    """Total, then the total by location, by month and by model, as aligned text."""
    from .frame_stream import Summary

    return Summary().add(result).text()


def _log_parts(args: argparse.Namespace) -> Iterator[Any]:
    """The rows of the log, in parts: a CSV/Parquet of jobs streamed in chunks (the one CSV
    path, ``frame_stream``); a scheduler or tracker log read whole by its reader."""
    if args.from_format == "csv":
        from .frame_stream import chunks

        yield from chunks(args.job)
        return
    from .readers import read_log

    options: dict[str, Any] = {}
    if args.from_format == "sacct":
        if not args.site:
            raise InvalidInput("--from sacct needs --site SITE.json", field="site")
        options["site"] = args.site
    if args.from_format == "codecarbon" and getattr(args, "tz", None):
        options["tz"] = args.tz
    yield read_log(args.from_format, args.job, **options)


def _read_parts(args: argparse.Namespace) -> Iterator[Any]:
    """``_log_parts`` with a read failure (a missing file, a malformed line) as one clear
    error naming the file and the format, wherever in the file it happens."""
    parts = _log_parts(args)
    while True:
        try:
            part = next(parts)
        except StopIteration:
            return
        except (OSError, ValueError) as exc:
            raise InvalidInput(
                f"cannot read {args.job} as {args.from_format}: {exc}", field="job"
            ) from exc
        yield part


def _whole_numbers(result: Any) -> Any:
    """``year`` and ``count`` as whole numbers in CSV when they are (pandas reads a column
    with blanks as floats: "2023.0"); a fractional count stays as given."""
    import numpy as np

    for col in ("year", "count"):
        if col in result.columns and result[col].dtype.kind == "f":
            values = result[col].to_numpy()
            given = values[~np.isnan(values)]
            if len(given) and (given == np.round(given)).all():
                result = result.assign(**{col: result[col].astype("Int64")})
    return result


class _Sink:
    """Where computed rows go: CSV (stdout or a file) is written chunk by chunk; Parquet
    (one schema for the whole file) and the table are written once, at the end."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.out = Path(args.out) if args.out else None
        self.parquet = self.out is not None and self.out.suffix in (".parquet", ".pq")
        self.fmt = "csv" if self.out is not None else getattr(args, "format", None) or "csv"
        self.kept: list[Any] = []
        self.file: Any = None

    def write(self, result: Any) -> None:
        if self.parquet or self.fmt != "csv":
            self.kept.append(result)
            return
        result = _whole_numbers(result)
        first = self.file is None
        if first:
            self.file = sys.stdout if self.out is None else self.out.open("w", newline="")
        result.to_csv(self.file, index=False, header=first)

    def close(self) -> None:
        if self.file is not None and self.file is not sys.stdout:
            self.file.close()

    def finish(self) -> None:
        """Write what was kept for the end (after every part was computed)."""
        if not self.kept:
            return
        import pandas as pd

        result = pd.concat(self.kept) if len(self.kept) > 1 else self.kept[0]
        if self.parquet:
            assert self.out is not None
            result.to_parquet(self.out, index=False)
            return
        from .cli_common import FOOTPRINT_COLUMNS, print_rows

        table = result.assign(index=range(len(result)), ok=result["error"].isna())
        table = table.astype(object).where(table.notna(), None)
        print_rows(table.to_dict("records"), FOOTPRINT_COLUMNS, self.fmt, footnotes="warnings")


def run_bulk(args: argparse.Namespace, ds: Dataset) -> int:
    """The ``--from`` path of ``carbonfactors footprint`` (exit 1 when any row failed).

    One loop for every log format: each part of the log is computed by the frame kernel in
    chunks, written, and added to the summary; a CSV/Parquet of jobs is streamed, so memory
    stays at about one chunk whatever the file's length."""
    if not args.job:
        raise InvalidInput("--from needs the log file as JOB", field="job")
    if args.from_format in BILL_FORMATS:
        from . import bills_cli

        return bills_cli.run(args, ds)
    missing = [m for m in ("pandas", "pyarrow") if importlib.util.find_spec(m) is None]
    if missing:
        raise InvalidInput(
            f"--from {args.from_format} needs {' and '.join(missing)}: "
            "pip install 'carbonfactors[frame]'",
            field="from",
        )
    from . import frame
    from .frame_stream import Summary

    total = Summary(f"{ds.version} ({ds.bundle} bundle)")
    sink = _Sink(args)
    bar = None
    # The dataset's objects live as long as the run: set them aside from the collections
    # below, so each costs the chunk's objects only (a few ms, not ~80 ms per chunk).
    gc.freeze()
    try:
        for n, rows in enumerate(_read_parts(args)):
            if getattr(args, "no_embodied", False):
                rows["include_embodied"] = False  # as for a single job: operational only
            if n == 0:
                _note_unread_columns(rows)
            for part in _chunks(rows):
                if bar is None and (n > 0 or len(part) < len(rows)):
                    bar = progress_bar(None)  # a long log: rows counted as they are done
                    bar.update(total.rows)
                result = frame.footprints(part, dataset=ds)
                total.add(result)
                sink.write(result)
                if bar is not None:
                    bar.update(len(part))
                del result
                # A chunk's frames sit in reference cycles (pandas' internals): free them
                # now, or memory grows with every chunk until the collector happens to run.
                gc.collect()
    finally:
        gc.unfreeze()
        if bar is not None:
            bar.close()
        sink.close()
    sink.finish()
    text = total.text()
    if args.out:
        sys.stdout.write(text)
    else:
        sys.stderr.write(text)
    return 0 if total.computed == total.rows else 1


def _note_unread_columns(df: Any) -> None:
    """Columns the kernel does not read pass through (ids, tags); one that looks like a
    misspelt input column gets a "did you mean" line on stderr, since it is ignored."""
    from . import suggest
    from .frame import INPUT_COLUMNS

    names = {c: () for c in INPUT_COLUMNS}
    for col in df.columns:
        if col in names or col == "error":
            continue
        close = suggest.candidates(str(col), names, aliases={})
        if close:
            meant = " or ".join(f"'{c}'" for c in close)
            print(
                f"carbonfactors footprint: column '{col}' is not read (did you mean {meant}?)",
                file=sys.stderr,
            )


# -- export ------------------------------------------------------------------------------
def tables(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's tables as DataFrames; factors carry their source's provenance columns."""
    import pandas as pd

    sources = pd.DataFrame(snapshot.get("sources", []))
    factors = pd.DataFrame(snapshot.get("factors", []))
    if "inputs" in factors.columns:
        factors["inputs"] = factors["inputs"].map(lambda v: None if v is None else str(v))
    if len(sources) and len(factors):
        prov = sources.reindex(columns=["id", "title", "producer", "license", "url", "citation"])
        prov = prov.add_prefix("source_").rename(columns={"source_id": "source"})
        factors = factors.merge(prov, on="source", how="left")
    version = snapshot.get("version", "dev")
    out = {"factors": factors, "sources": sources}
    for name in ("zones", "hardware", "operators"):
        df = pd.DataFrame(snapshot.get(name, []))
        for col in ("aliases", "specs"):
            if col in df.columns:
                df[col] = df[col].map(lambda v: None if v is None else str(v))
        out[name] = df
    for df in out.values():
        df.insert(0, "dataset_version", version)
    return out


def configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p.add_argument("--out", required=True, help="folder to write <table>-<version>.<format> into")
    p.add_argument(
        "--dataset",
        action="append",
        default=[],
        help="snapshot file to export (repeatable; default: the bundled snapshot)",
    )
    p.add_argument("--releases", help="a factors/releases folder: export every release in it")


def run_export(args: argparse.Namespace) -> int:
    from . import snapshot as snap
    from .store import BUNDLED

    paths = [Path(p) for p in args.dataset]
    if args.releases:
        # Releases are stored gzip-compressed (<v>.json.gz); plain <v>.json still reads.
        paths += sorted(
            p
            for p in Path(args.releases).glob("*.json*")
            if p.name.endswith((".json", ".json.gz"))
            and p.name != "manifest.json"
            and not p.name.endswith(".licenses.json")
        )
    if not paths:
        paths = [BUNDLED]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        for path in paths:
            data = snap.read(path)
            for name, df in tables(data).items():
                target = out / f"{name}-{data.get('version', 'dev')}.{args.format}"
                if args.format == "parquet":
                    df.to_parquet(target, index=False)
                else:
                    df.to_csv(target, index=False)
                print(f"wrote {target} ({len(df):,} rows)")
    except CarbonFactorsError as exc:
        print(f"carbonfactors export: {exc.message}", file=sys.stderr)
        return 1
    except ImportError as exc:
        print(f"carbonfactors export: {exc} (pip install 'carbonfactors[frame]')", file=sys.stderr)
        return 2
    return 0
