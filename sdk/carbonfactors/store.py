"""The per-user store of synced snapshots, and which local snapshot answers offline.

``carbonfactors sync`` (``Client.sync``) downloads a release snapshot, checks its SHA-256
against the release manifest and writes it here as ``<version>.json.gz`` beside
``<version>.sha256``. Writes go to a temporary file in the same folder, are flushed to disk
and renamed over the target (atomic on POSIX and Windows), under an advisory lock where the
platform has one: several processes syncing at once each write a whole file or nothing, and
a reader never sees half of one. Every read checks the checksum again; a corrupted or
truncated file is removed (with a warning), never used.

Offline, the newest local snapshot wins: the newest synced release, or the one bundled in
the package when it is at least as new. Each bundle is stored apart (``<version>.json.gz``
is the ``full`` bundle, ``<version>.open.json.gz`` the ``open`` one), so syncing one never
replaces, or widens the licence of, the other; ``candidates(bundle=)`` answers from one
bundle only: ``open`` also from the wheel's data, ``full`` also from the
``carbonfactors[full]`` data distribution.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from . import bundles
from . import snapshot as snap
from .errors import DatasetError

CACHE_ENV = "CARBONFACTORS_CACHE_DIR"
BUNDLED = Path(__file__).parent / "data" / "snapshot.json.gz"
#: The packed index of the bundled snapshot (written with it at release time), when present.
BUNDLED_PACK = BUNDLED.with_name("snapshot.pack")


class CorruptCacheWarning(UserWarning):
    """A synced snapshot failed its checksum and was removed; sync again to restore it."""


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where synced snapshots live: ``override``, ``$CARBONFACTORS_CACHE_DIR``, else the
    platform's per-user cache folder (XDG on Linux, ~/Library/Caches, %LOCALAPPDATA%)."""
    if override is not None:
        return Path(override)
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "carbonfactors"


def _stem(version: str, bundle: str) -> str:
    snap.version_key(version)  # never a path outside the folder
    bundles.check(bundle)
    return version if bundle == bundles.FULL else f"{version}.{bundle}"


def paths(folder: Path, version: str, bundle: str = bundles.FULL) -> tuple[Path, Path]:
    stem = _stem(version, bundle)
    return folder / f"{stem}.json.gz", folder / f"{stem}.sha256"


def pack_paths(folder: Path, version: str, bundle: str = bundles.FULL) -> tuple[Path, Path]:
    stem = _stem(version, bundle)
    return folder / f"{stem}.pack", folder / f"{stem}.pack.sha256"


def synced_versions(folder: Path, bundle: str = bundles.FULL) -> list[str]:
    """Versions of one bundle present in the store, newest first (not yet checked: see
    ``read``)."""
    if not folder.is_dir():
        return []
    suffix = ".json.gz" if bundle == bundles.FULL else f".{bundle}.json.gz"
    out = []
    for p in folder.glob(f"*{suffix}"):
        name = p.name[: -len(suffix)]
        if snap.is_release_name(name):
            out.append(name)
    return sorted(out, key=snap.version_key, reverse=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An advisory lock on the store (POSIX flock); elsewhere the atomic rename suffices."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(folder / ".lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _atomic_write(target: Path, data: bytes) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write(folder: Path, version: str, text: str, sha256: str, bundle: str = bundles.FULL) -> Path:
    """Store a snapshot whose text must hash to ``sha256`` (the manifest's); atomic."""
    actual = snap.sha256_text(text)
    if actual != sha256:
        raise DatasetError(
            f"snapshot {version}: SHA-256 {actual} does not match the manifest's {sha256}; "
            "the download is corrupt or truncated: nothing was written"
        )
    folder.mkdir(parents=True, exist_ok=True)
    data_path, sum_path = paths(folder, version, bundle)
    with _locked(folder):
        if _intact(data_path, sum_path, sha256):
            return data_path  # another process synced the same release meanwhile
        # The packed index first: a reader that finds the snapshot finds its index too.
        packed = snap.pack(snap.loads(text))
        pack_path, pack_sum = pack_paths(folder, version, bundle)
        _atomic_write(pack_sum, (snap.sha256_bytes(packed) + "\n").encode())
        _atomic_write(pack_path, packed)
        _atomic_write(sum_path, (sha256 + "\n").encode())
        _atomic_write(data_path, snap.gzip_bytes(text))
    return data_path


def intact(folder: Path, version: str, sha256: str, bundle: str = bundles.FULL) -> bool:
    """True when the store holds ``version`` with exactly this SHA-256 (checked, not trusted)."""
    return _intact(*paths(folder, version, bundle), sha256)


def _intact(data_path: Path, sum_path: Path, sha256: str) -> bool:
    try:
        recorded = sum_path.read_text(encoding="ascii").strip()
        return recorded == sha256 and snap.sha256_bytes(snap.gunzip(data_path)) == sha256
    except (OSError, DatasetError, ValueError):
        return False


def read(folder: Path, version: str, bundle: str = bundles.FULL) -> snap.Snapshot | None:
    """A synced snapshot, checked against its recorded SHA-256; None when absent or corrupt
    (a corrupt one is removed, so the next sync rewrites it)."""
    data_path, sum_path = paths(folder, version, bundle)
    if not data_path.exists():
        return None
    try:
        recorded = sum_path.read_text(encoding="ascii").strip()
        return snap.read(data_path, expected_sha256=recorded)
    except (OSError, DatasetError) as exc:
        warnings.warn(
            f"synced snapshot {data_path} is corrupt ({exc}); removed it: run "
            f"`carbonfactors sync --dataset-version {version}` to fetch it again",
            CorruptCacheWarning,
            stacklevel=3,
        )
        for p in (data_path, sum_path, *pack_paths(folder, version, bundle)):
            with contextlib.suppress(OSError):
                p.unlink()
        return None


def read_pack(folder: Path, version: str, bundle: str = bundles.FULL) -> snap.Packed | None:
    """The packed index of a synced snapshot, checked against its recorded SHA-256; None when
    absent or corrupt (a corrupt one is removed: the snapshot itself is then read whole)."""
    pack_path, pack_sum = pack_paths(folder, version, bundle)
    data_path, sum_path = paths(folder, version, bundle)
    if not pack_path.exists() or not data_path.exists():
        return None
    try:
        data = pack_path.read_bytes()
        if snap.sha256_bytes(data) != pack_sum.read_text(encoding="ascii").strip():
            raise DatasetError("SHA-256 mismatch")
        packed = snap.Packed(data, name=str(pack_path))
        if packed.core().get("sha256") != sum_path.read_text(encoding="ascii").strip():
            raise DatasetError("indexes another snapshot")
        return packed
    except (OSError, DatasetError) as exc:
        warnings.warn(
            f"packed index {pack_path} is corrupt ({exc}); removed it, reading the snapshot",
            CorruptCacheWarning,
            stacklevel=3,
        )
        for p in (pack_path, pack_sum):
            with contextlib.suppress(OSError):
                p.unlink()
        return None


def bundled_version() -> str | None:
    """Version of the snapshot bundled in the package (read from its header only)."""
    if not BUNDLED.exists():
        return None
    return snap.peek_version(BUNDLED)


def full_data() -> Path | None:
    """The ``full`` bundle's snapshot from the ``carbonfactors[full]`` data distribution
    (``carbonfactors_data_full``), when installed."""
    import importlib.util

    spec = importlib.util.find_spec("carbonfactors_data_full")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "snapshot.json.gz"
    return path if path.exists() else None


def full_data_version() -> str | None:
    path = full_data()
    return None if path is None else snap.peek_version(path)


#: Where a local snapshot comes from: synced (a bundle in the store), the wheel's own data
#: (``open``), the ``carbonfactors[full]`` data distribution (``full``).
SYNCED, BUNDLED_ORIGIN, FULL_DATA = "synced", "bundled", "full-data"


def candidates(
    folder: Path, version: str | None = None, bundle: str | None = None
) -> list[tuple[str, str]]:
    """Local snapshots able to answer, best first, as (version, origin).

    ``bundle=None``: any synced release (full before open for one version) and the wheel's
    data; ``open`` or ``full``: that bundle only, so a footprint labelled with a
    bundle is computed from that bundle.
    """
    out: list[tuple[str, str]] = []
    if bundle in (None, bundles.FULL):
        out += [(v, SYNCED) for v in synced_versions(folder)]
    if bundle in (None, bundles.OPEN):
        # Without a bundle named, an open release synced by a Client that has no
        # carbonfactors[full] (its default) answers too: after a full one of the same version.
        out += [(v, SYNCED + "-open") for v in synced_versions(folder, bundles.OPEN)]
    if bundle in (None, bundles.OPEN):
        b = bundled_version()
        if b is not None:
            out.append((b, BUNDLED_ORIGIN))
    if bundle == bundles.FULL:
        f = full_data_version()
        if f is not None:
            out.append((f, FULL_DATA))
    if version is not None:
        return [c for c in out if c[0] == version]
    return sorted(
        out,
        key=lambda c: snap.version_key(c[0]) if snap.is_release_name(c[0]) else (0, 0, 0),
        reverse=True,
    )
