"""The CSV file reader: blocks of whole records, quoted newlines kept, memory bounded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbonfactors.dataset import Dataset
from carbonfactors.errors import InvalidInput
from carbonfactors.readers.bills import footprint_bill, reader

from .samples import FOCUS_COLUMNS, FOCUS_TOTAL, focus_rows, write_csv


def test_record_ends_outside_quotes() -> None:
    text = b'h1,h2\na,"x\ny ""q"" z"\nb,c\nd,"open\n'
    assert reader._record_end(text, first=True) == 5  # the header's newline
    # the last whole record ends after "b,c"; the newline inside quotes is not an end
    assert text[: reader._record_end(text, first=False) + 1].endswith(b"b,c\n")
    assert reader._record_end(b'a,"no end\n', first=False) == -1


def test_quoted_newlines_read_as_pandas_reads_them(tmp_path: Path, tiny: Dataset) -> None:
    rows = focus_rows()
    rows[0] = dict(rows[0], ResourceId='i-1 "on demand"\nsecond line, with comma')
    path = write_csv(tmp_path / "focus.csv", rows * 3, FOCUS_COLUMNS)
    assert b'""on demand""\nsecond' in path.read_bytes()  # what the file holds
    r = footprint_bill(path, "focus", dataset=tiny)
    expected = pd.read_csv(path, dtype=str, keep_default_na=False)
    usage = expected[expected["ChargeCategory"] == "Usage"]["ResourceId"]
    assert sorted(r.lines["resource_id"].fillna("")) == sorted(usage)
    assert r.summary["total_kgco2e"] == pytest.approx(3 * FOCUS_TOTAL)


def test_blocks_of_whole_records_give_the_same_footprint(tmp_path: Path, tiny: Dataset) -> None:
    """Many small blocks (each cut at a record end, some records multi-line) equal one."""
    rows = focus_rows()
    rows[1] = dict(rows[1], ResourceId='two\n"lines"')
    path = write_csv(tmp_path / "focus.csv", rows * 50, FOCUS_COLUMNS)
    blocks = list(reader._blocks(path, chunk_rows=1, block=512))
    assert len(blocks) > 10
    assert b"".join(blocks) == path.read_bytes()
    for b in blocks[1:]:
        assert b.count(b'"') % 2 == 0 and b.endswith(b"\n")
    whole = footprint_bill(path, "focus", dataset=tiny)
    assert whole.summary["total_kgco2e"] == pytest.approx(50 * FOCUS_TOTAL)


def test_unbalanced_quotes_are_refused_not_loaded_whole(tmp_path: Path, tiny: Dataset) -> None:
    path = tmp_path / "focus.csv"
    path.write_text(",".join(FOCUS_COLUMNS) + "\n" + 'AWS,"never closed\n' + "x,y\n" * 400_000)
    with pytest.raises(InvalidInput) as err:
        list(reader._blocks(path, chunk_rows=1, block=1 << 16, longest=1 << 20))
    assert err.value.field == "file" and "unbalanced quotes" in err.value.message
