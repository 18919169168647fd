"""Group sums of a bill (by account, project, service, region, resource, month), compact.

A group is what a bill is summed by, and grouping by resource is O(distinct resources) by
nature: every resource id must be remembered to be summed. What is held per group is kept
to that: each distinct group key (a tuple of its bill values) is interned once, as an
integer code (``vocab``), and so is each distinct combination of factor ids (a few per
bill). A chunk is reduced to one row per (group code, ids code) of plain numbers, the
sums with NaN where no line had a value, and the parts are folded together with integer
``bincount``\\s past ``_FOLD_ROWS`` rows. Nothing per line and no string per row is kept:
about 100 bytes per group and ids combination, plus the key's own strings once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import InvalidInput
from .codes import objects, row_groups
from .compute import FACTOR_IDS, SUMS

#: Group name -> the bill columns it groups by.
GROUPS: dict[str, tuple[str, ...]] = {
    "account": ("provider", "account"),
    "project": ("provider", "project"),
    "service": ("provider", "service"),
    "region": ("location",),
    "resource": ("resource_id",),
    "month": ("month",),
}
#: What a group names besides its sums: the ids of the factors used, the dataset version.
IDS = (*FACTOR_IDS, "dataset_version")
#: Group rows held before they are folded into one part.
_FOLD_ROWS = 200_000
_NONE = "(none)"


def _null(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


class Groups:
    """Sums per group, chunk by chunk (module doc); ``finish`` gives one table per group."""

    def __init__(self, names: Sequence[str]) -> None:
        unknown = [n for n in names if n not in GROUPS]
        if unknown:
            raise InvalidInput(
                f"group_by: unknown '{unknown[0]}' (one of: {', '.join(GROUPS)})", field="group_by"
            )
        self.names = tuple(names)
        self.vocab: dict[str, dict[tuple[Any, ...], int]] = {n: {} for n in self.names}
        self.ids: dict[tuple[Any, ...], int] = {}
        self.parts: dict[str, list[tuple[Any, Any, Any, Any]]] = {n: [] for n in self.names}
        self.rows = dict.fromkeys(self.names, 0)
        self.limit = dict.fromkeys(self.names, _FOLD_ROWS)

    def add(self, result: Any) -> None:
        import numpy as np

        ok = result["error"].isna().to_numpy()
        if not ok.any() or not self.names:
            return
        frame = result.loc[ok]
        local, first = row_groups([frame[c] for c in IDS])
        combos = zip(*(objects(frame[c])[first] for c in IDS), strict=True)
        gid = np.array([self.ids.setdefault(t, len(self.ids)) for t in combos], np.int64)[local]
        sums = np.column_stack([frame[c].to_numpy(dtype=float) for c in SUMS])
        ones = np.ones(len(frame), dtype=np.int64)
        for name in self.names:
            keys = GROUPS[name]
            local, first = row_groups([frame[k] for k in keys])
            vocab = self.vocab[name]
            tuples = zip(*(objects(frame[k])[first] for k in keys), strict=True)
            gkey = np.array(
                [
                    vocab.setdefault(tuple(_NONE if _null(v) else v for v in t), len(vocab))
                    for t in tuples
                ],
                np.int64,
            )[local]
            part = _reduce(gkey, gid, sums, ones)
            self.parts[name].append(part)
            self.rows[name] += len(part[0])
            if self.rows[name] > self.limit[name]:
                self._fold(name)

    def _fold(self, name: str) -> None:
        self.parts[name] = [_reduce(*_concat(self.parts[name]))]
        self.rows[name] = len(self.parts[name][0][0])
        # many groups: fold again only once the parts have doubled (linear, not quadratic)
        self.limit[name] = max(_FOLD_ROWS, 2 * self.rows[name])

    def merge(self, other: Groups) -> None:
        """Take another part's sums (the Dask path groups partitions apart)."""
        import numpy as np

        ids = np.array([self.ids.setdefault(t, len(self.ids)) for t in other.ids], np.int64)
        for name in self.names:
            vocab = self.vocab[name]
            keys = np.array([vocab.setdefault(t, len(vocab)) for t in other.vocab[name]], np.int64)
            for gkey, gid, sums, lines in other.parts[name]:
                self.parts[name].append((keys[gkey], ids[gid], sums, lines))
                self.rows[name] += len(gkey)
            if self.rows[name] > self.limit[name]:
                self._fold(name)

    def finish(self, bundle: str | None) -> dict[str, Any]:
        import pandas as pd

        out = {}
        for name in self.names:
            keys = list(GROUPS[name])
            if not self.parts[name]:
                out[name] = pd.DataFrame(columns=[*keys, "lines", *SUMS, *IDS, "bundle"])
                continue
            out[name] = self._table(name, keys, bundle)
        return out

    def _table(self, name: str, keys: list[str], bundle: str | None) -> Any:
        import numpy as np
        import pandas as pd

        gkey, gid, sums, lines = _reduce(*_concat(self.parts[name]))
        codes, uniq = pd.factorize(gkey)
        m = len(uniq)
        totals, counts = _sums(codes, sums, lines, m)
        names = list(self.vocab[name])
        table: dict[str, Any] = {}
        for i, k in enumerate(keys):
            table[k] = np.array([names[int(g)][i] for g in uniq], dtype=object)
        for j, c in enumerate(SUMS):
            table[c] = totals[:, j]
        table["lines"] = counts
        for col, values in zip(IDS, _joined_ids(codes, gid, m, list(self.ids)), strict=True):
            table[col] = values
        table["bundle"] = bundle
        frame = pd.DataFrame(table)
        for col in IDS:  # None, not NaN, where a group has no id (as in the lines)
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
        frame = frame.sort_values(keys, kind="stable")
        frame = frame.sort_values("total_kgco2e", ascending=False, kind="stable")
        return frame.reset_index(drop=True)


def _concat(parts: list[tuple[Any, Any, Any, Any]]) -> tuple[Any, Any, Any, Any]:
    import numpy as np

    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
    )


def _sums(codes: Any, sums: Any, lines: Any, m: int) -> tuple[Any, Any]:
    """Per code the sums of each column (NaN where no row had a value) and of ``lines``."""
    import numpy as np

    known = ~np.isnan(sums)
    values = np.where(known, sums, 0.0)
    totals = np.empty((m, sums.shape[1]))
    for j in range(sums.shape[1]):
        total = np.bincount(codes, weights=values[:, j], minlength=m)
        seen = np.bincount(codes, weights=known[:, j], minlength=m)
        totals[:, j] = np.where(seen > 0, total, np.nan)
    return totals, np.bincount(codes, weights=lines, minlength=m).astype(np.int64)


def _reduce(gkey: Any, gid: Any, sums: Any, lines: Any) -> tuple[Any, Any, Any, Any]:
    """One row per distinct (group, ids) code pair."""
    import numpy as np
    import pandas as pd

    base = int(gid.max(initial=0)) + 1
    codes, uniq = pd.factorize(gkey * base + gid)
    totals, counts = _sums(codes, sums, lines, len(uniq))
    uniq = np.asarray(uniq, dtype=np.int64)
    return uniq // base, uniq % base, totals, counts


def _joined_ids(codes: Any, gid: Any, m: int, combos: list[tuple[Any, ...]]) -> list[Any]:
    """Per group and per id column, the distinct ids of the lines ("a,b" values split),
    sorted and joined (None when none): worked out once per distinct set of id
    combinations (a few per bill), then broadcast."""
    import numpy as np

    order = np.lexsort((gid, codes))
    c, g = codes[order], gid[order]
    cuts = np.flatnonzero(np.diff(c)) + 1
    sets: dict[tuple[int, ...], int] = {}
    which = np.empty(m, dtype=np.int64)
    for group, part in zip(c[np.r_[0, cuts]], np.split(g, cuts), strict=True):
        which[group] = sets.setdefault(tuple(part.tolist()), len(sets))
    out = []
    for col in range(len(IDS)):
        per_set = []
        for members in sets:
            found: set[str] = set()
            for i in members:
                v = combos[i][col]
                if not _null(v):
                    found.update(x for x in str(v).split(",") if x)
            per_set.append(",".join(sorted(found)) if found else None)
        out.append(np.array(per_set, dtype=object)[which])
    return out
