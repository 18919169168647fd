"""Bill files to footprint rows, chunk by chunk: memory bounded by a chunk, not the file.

``read_chunks`` yields, for each chunk of a FOCUS / AWS CUR / GCP / Azure file (CSV, a
Parquet file or a partitioned Parquet folder, or a binary stream for uploads), a DataFrame
of bill lines in the frame layout of ``carbonfactors.frame``:

* every line keeps its bill fields (``provider``, ``account``, ``project``, ``service``,
  ``sku``, ``usage_type``, ``region``, ``resource_id``, ``month``, ``cost``, ``currency``...);
* ``charge_kind`` is ``usage`` or the non-usage kind (credit, tax, refund, purchase,
  adjustment, discount, unused-commitment, correction): non-usage lines are counted by the
  summary and never computed;
* a usage line the mapping tables classify gets ``usage_kind``, ``rule``, ``model``,
  ``count``, ``hours``, ``location``, ``year`` (its quantity converted by ``units.py``);
  one they cannot gets ``error`` and ``error_type`` (``unknown-sku``,
  ``unsupported-service``, ``no-quantity``, ``unknown-unit``), which the frame kernel keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ...errors import InvalidInput
from ...frame_columns import _combine
from .classify import classify
from .codes import categorical, with_null
from .formats import FORMATS, Format
from .mapping import tables

#: Lines per chunk: memory is bounded by a chunk (about 100 MB of strings for a wide FOCUS file).
CHUNK_ROWS = 50_000
_NULLS = ("", "NULL", "null", "None", "nan", "NaN")
_JSON_TYPE = re.compile(
    r'"(?:InstanceType|x_InstanceType|ServiceType|VMSize|instance_type)"\s*:\s*"([^"]+)"'
)
_ISO = re.compile(r"^(\d{4})-(\d{2})")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")
#: Output columns of the bill fields, in order (frame inputs follow, then results).
BILL_COLUMNS = (
    "line",
    "provider",
    "account",
    "project",
    "service",
    "sku",
    "usage_type",
    "description",
    "region",
    "resource_id",
    "resource_type",
    "start",
    "month",
    "charge_kind",
    "cost",
    "currency",
    "quantity",
    "unit",
    "usage_kind",
    "usage_amount",
    "usage_unit",
    "rule",
)


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(
            f"unknown bill format '{name}' (one of: {', '.join(FORMATS)})", field="format"
        ) from None


def _raw_chunks(source: Any, chunk_rows: int, wanted: frozenset[str]) -> Iterator[Any]:
    """Chunks of at most ``chunk_rows`` lines, with only the ``wanted`` columns (a FOCUS
    file has ~45 columns, a footprint reads ~20: the others are never parsed into memory).

    A CSV or Parquet path is read with Arrow into record batches whose text columns are
    dictionary-encoded (each distinct value once, the lines as integer codes: what
    ``canonical`` works on); a stream (an upload) with pandas' parser, into DataFrames.
    """
    import pandas as pd

    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir() or path.suffix in (".parquet", ".pq"):
            import pyarrow.dataset as pads

            data = pads.dataset(str(path), format="parquet")
            cols = [c for c in data.schema.names if c in wanted]
            for batch in data.to_batches(batch_size=chunk_rows, columns=cols):
                yield from _sliced(batch, chunk_rows)
            return
        yield from _arrow_csv(path, chunk_rows, wanted)
        return
    reader = pd.read_csv(
        source,
        dtype=str,
        keep_default_na=False,
        chunksize=chunk_rows,
        encoding="utf-8-sig",
        on_bad_lines="error",
        usecols=lambda c: c in wanted,
    )
    try:
        yield from reader
    finally:
        reader.close()


def _sliced(batch: Any, rows: int) -> Iterator[Any]:
    for start in range(0, batch.num_rows, rows):
        yield batch.slice(start, rows)


def _arrow_csv(path: Path, chunk_rows: int, wanted: frozenset[str]) -> Iterator[Any]:
    """A CSV file in record batches of dictionary-encoded text.

    The file is cut into blocks of whole records (``_blocks``) and each block parsed on
    its own by Arrow, on this thread: memory holds one block (Arrow's own streaming
    reader reads ahead of its consumer, up to the whole file). Blocks are sized to about
    ``chunk_rows`` lines from the first lines' size."""
    import csv
    import io

    import pyarrow as pa
    import pyarrow.csv as pcsv

    blocks = _blocks(path, chunk_rows)
    first = next(blocks, None)
    if first is None:
        return
    header = next(csv.reader(io.StringIO(first.decode("utf-8-sig"))), None)
    if not header:
        return
    cols = [c for c in dict.fromkeys(header) if c in wanted]
    if not cols:  # nothing a format reads: the header check names what is missing
        yield pa.RecordBatch.from_pylist([], schema=pa.schema([(c, pa.string()) for c in header]))
        return
    text = pa.dictionary(pa.int32(), pa.string())
    parse = pcsv.ParseOptions(newlines_in_values=True)
    convert = pcsv.ConvertOptions(
        include_columns=cols,
        column_types={c: text for c in cols},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    for block in blocks:
        # one Arrow block per block: one batch, one dictionary per column
        read = pcsv.ReadOptions(use_threads=False, column_names=header, block_size=len(block) + 1)
        table = pcsv.read_csv(
            pa.py_buffer(block), read_options=read, parse_options=parse, convert_options=convert
        )
        for batch in table.to_batches():
            yield from _sliced(batch, chunk_rows)


def _blocks(
    path: Path, chunk_rows: int, *, block: int | None = None, longest: int | None = None
) -> Iterator[bytes | bytearray]:
    """The header record, then blocks of whole records (a newline outside quotes ends a
    record: an even number of quote characters before it, as ``""`` escapes a quote).

    A block is ``block`` bytes, else about ``chunk_rows`` lines (1 to 64 MB); a record
    longer than ``longest`` bytes (256 MB), or a stray quote that never closes, is refused
    rather than read into memory whole."""
    longest = longest or _MAX_RECORD
    size = block
    carry = b""
    header = True
    with path.open("rb") as fh:
        while True:
            # read straight after the carried partial record: no copy of the block
            want = size or (1 << 20)
            buf = bytearray(len(carry) + want)
            buf[: len(carry)] = carry
            got = fh.readinto(memoryview(buf)[len(carry) :])
            if got < want:
                del buf[len(carry) + got :]
            if not got:
                if buf.strip():
                    yield bytes(buf)
                return
            cut = _record_end(buf, first=header)
            if cut < 0:  # no whole record yet: read more, up to a bound
                if len(buf) > longest:
                    raise InvalidInput(
                        f"a record longer than {longest >> 20} MB (or unbalanced quotes)",
                        field="file",
                    )
                carry = bytes(buf)
                continue
            carry = bytes(buf[cut + 1 :])
            del buf[cut + 1 :]  # the block is the buffer itself, its tail carried
            yield buf
            if header:
                header = False
                if block is None:
                    per_line = max(64, len(carry) // max(1, carry.count(b"\n")))
                    size = min(64 << 20, max(1 << 20, per_line * chunk_rows))


#: The longest record (or block of records) read before a file is refused.
_MAX_RECORD = 256 << 20


def _record_end(buf: bytes | bytearray, *, first: bool) -> int:
    """The index of the newline ending the first (``first``) or the last whole record of
    ``buf``, -1 when there is none. Quotes are counted once over the buffer (a stray
    quote must not make every newline cost a count of the whole buffer)."""
    if first:
        pos, quotes = -1, 0
        while True:
            new = buf.find(b"\n", pos + 1)
            if new < 0:
                return -1
            quotes += buf.count(b'"', pos + 1, new)
            pos = new
            if quotes % 2 == 0:
                return pos
    pos, quotes = len(buf), buf.count(b'"')  # the quotes before pos
    while True:
        new = buf.rfind(b"\n", 0, pos)
        if new < 0:
            return -1
        quotes -= buf.count(b'"', new, pos)
        pos = new
        if quotes % 2 == 0:
            return pos


def check_header(fmt: Format, columns: Any) -> None:
    """Raise ``InvalidInput`` naming the first required field with none of its columns."""
    present = set(columns)
    for fld in fmt.required:
        names = fmt.columns[fld]
        if not present.intersection(names):
            raise InvalidInput(
                f"wrong header for format {fmt.name} ({fmt.title}): no column "
                f"{' / '.join(names)} ({fld})",
                field="header",
            )


def _clean(value: Any) -> str | None:
    if value is None or value != value:
        return None
    text = str(value).strip()
    return None if text in _NULLS else text


def _field(raw: Any, names: tuple[str, ...]) -> tuple[Any, Any]:
    """(codes, values) of the first present column among ``names``, its nulls filled from
    the later ones; cleaned (stripped, null spellings to None) once per distinct value."""
    import numpy as np
    import pandas as pd

    present = []
    arrow = not isinstance(raw, pd.DataFrame)
    for name in names:
        if name in _names(raw):
            if arrow:
                found, uniques = _arrow_parts(raw.column(name))
            else:
                found, uniques = pd.factorize(raw[name], use_na_sentinel=True)
            present.append((found, with_null([_clean(u) for u in uniques])))
    if not present:
        return np.full(len(raw), -1, dtype=np.int64), with_null([])
    if len(present) == 1:
        return present[0][0].astype(np.int64), present[0][1]
    codes, distinct = _combine([p[0] for p in present])
    values = [
        next(
            (vals[int(k)] for (_, vals), k in zip(present, key, strict=True) if vals[int(k)]), None
        )
        for key in distinct
    ]
    return np.asarray(codes, dtype=np.int64), with_null(values)


def _names(raw: Any) -> list[str]:
    """The column names of a DataFrame or an Arrow record batch."""
    schema = getattr(raw, "schema", None)  # an Arrow batch (a DataFrame has no schema)
    return list(raw.columns) if schema is None else list(schema.names)


def _arrow_parts(arr: Any) -> tuple[Any, list[Any]]:
    """(codes, distinct values) of an Arrow column; code -1 is null."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr)
    indices = arr.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    return indices.to_numpy(zero_copy_only=False).astype(np.int64), arr.dictionary.to_pylist()


def _month(value: Any) -> tuple[float, str | None]:
    """(year, 'YYYY-MM') of a start date."""
    t = "" if value is None else str(value).strip()
    m = _ISO.match(t)
    if m:
        return float(m.group(1)), f"{m.group(1)}-{m.group(2)}"
    m = _US.match(t)  # Azure EA cost details: MM/DD/YYYY
    if m:
        return float(m.group(3)), f"{m.group(3)}-{int(m.group(1)):02d}"
    return float("nan"), None


def _instance_hint(v: Any) -> Any:
    if v is None:
        return None
    s = str(v)
    if s.startswith("{"):
        m = _JSON_TYPE.search(s)
        return m.group(1) if m else None
    return s


def _number(v: Any) -> float:
    try:
        return float(v) if v is not None else float("nan")
    except ValueError:
        return float("nan")


def canonical(raw: Any, fmt: Format, start_line: int = 2) -> Any:
    """The canonical bill fields of a raw chunk: text fields as Categoricals (``codes.py``),
    quantity, cost and year as floats; every conversion runs once per distinct value."""
    import numpy as np
    import pandas as pd

    fields = {fld: _field(raw, names) for fld, names in fmt.columns.items()}
    if fmt.name == "azure-cost":
        trio = [fields.pop(k) for k in ("service", "meter_subcategory", "meter_name")]
        fields["service"] = trio[0]
        codes, distinct = _combine([t[0] for t in trio])
        joined = [
            " | ".join(vals[int(k)] or "" for (_, vals), k in zip(trio, key, strict=True))
            for key in distinct
        ]
        fields["usage_type"] = (np.asarray(codes, dtype=np.int64), with_null(joined))
    c: dict[str, Any] = {"line": np.arange(start_line, start_line + len(raw), dtype=float)}
    for fld, (codes, values) in fields.items():
        if fld in ("quantity", "cost"):
            c[fld] = np.array([_number(v) for v in values], dtype=float)[codes]
        elif fld == "instance_type":
            c[fld] = categorical(codes, [_instance_hint(v) for v in values])
        else:
            c[fld] = categorical(codes, values)
        if fld == "start":
            parsed = [_month(v) for v in values]
            c["year"] = np.array([p[0] for p in parsed], dtype=float)[codes]
            c["month"] = categorical(codes, [p[1] for p in parsed])
    return pd.DataFrame(c, index=getattr(raw, "index", None))


def read_chunks(
    source: str | Path | BinaryIO,
    fmt: str,
    *,
    chunk_rows: int = CHUNK_ROWS,
    mapping: str | Path | None = None,
) -> Iterator[Any]:
    """Classified bill lines, one DataFrame per chunk (see the module doc)."""
    spec = get_format(fmt)
    all_tables = tables(mapping)
    memo: dict[Any, Any] = {}
    line = 2
    first = True
    try:
        wanted = frozenset(c for names in spec.columns.values() for c in names)
        for raw in _raw_chunks(source, chunk_rows, wanted):
            if first:
                check_header(spec, _names(raw))
                first = False
            c = canonical(raw, spec, line)
            line += len(c)
            yield classify(c, spec, all_tables, memo)
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(f"not a readable {spec.title} file: {exc}", field="file") from None
    if first:
        raise InvalidInput(f"empty file: no {spec.title} header", field="header")


def usage_rows(chunk: Any) -> Any:
    """The lines of a chunk the footprint engine computes (usage lines, classified or not)."""
    return chunk[chunk["charge_kind"] == "usage"]
