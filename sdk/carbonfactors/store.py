"""The per-user store of synced snapshots, and which local snapshot answers offline.

``carbonfactors sync`` (``Client.sync``) downloads a release snapshot, checks its SHA-256
against the release manifest and writes it here as ``<version>.json.gz`` beside
``<version>.sha256``. Writes go to a temporary file in the same folder, are flushed to disk
and renamed over the target (atomic on POSIX and Windows), under an advisory lock where the
platform has one: several processes syncing at once each write a whole file or nothing, and
a reader never sees half of one. Every read checks the checksum again; a corrupted or
truncated file is removed (with a warning), never used.

Offline, the newest local snapshot wins: the newest synced release, or the one bundled in
the package when it is at least as new.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

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


def paths(folder: Path, version: str) -> tuple[Path, Path]:
    snap.version_key(version)  # never a path outside the folder
    return folder / f"{version}.json.gz", folder / f"{version}.sha256"


def pack_paths(folder: Path, version: str) -> tuple[Path, Path]:
    snap.version_key(version)
    return folder / f"{version}.pack", folder / f"{version}.pack.sha256"


def synced_versions(folder: Path) -> list[str]:
    """Versions present in the store, newest first (not yet checked: see ``read``)."""
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob("*.json.gz"):
        name = p.name[: -len(".json.gz")]
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


def write(folder: Path, version: str, text: str, sha256: str) -> Path:
    """Store a snapshot whose text must hash to ``sha256`` (the manifest's); atomic."""
    actual = snap.sha256_text(text)
    if actual != sha256:
        raise DatasetError(
            f"snapshot {version}: SHA-256 {actual} does not match the manifest's {sha256}; "
            "the download is corrupt or truncated: nothing was written"
        )
    folder.mkdir(parents=True, exist_ok=True)
    data_path, sum_path = paths(folder, version)
    with _locked(folder):
        if _intact(data_path, sum_path, sha256):
            return data_path  # another process synced the same release meanwhile
        # The packed index first: a reader that finds the snapshot finds its index too.
        packed = snap.pack(snap.loads(text))
        pack_path, pack_sum = pack_paths(folder, version)
        _atomic_write(pack_sum, (snap.sha256_bytes(packed) + "\n").encode())
        _atomic_write(pack_path, packed)
        _atomic_write(sum_path, (sha256 + "\n").encode())
        _atomic_write(data_path, snap.gzip_bytes(text))
    return data_path


def intact(folder: Path, version: str, sha256: str) -> bool:
    """True when the store holds ``version`` with exactly this SHA-256 (checked, not trusted)."""
    return _intact(*paths(folder, version), sha256)


def _intact(data_path: Path, sum_path: Path, sha256: str) -> bool:
    try:
        recorded = sum_path.read_text(encoding="ascii").strip()
        return recorded == sha256 and snap.sha256_bytes(snap.gunzip(data_path)) == sha256
    except (OSError, DatasetError, ValueError):
        return False


def read(folder: Path, version: str) -> snap.Snapshot | None:
    """A synced snapshot, checked against its recorded SHA-256; None when absent or corrupt
    (a corrupt one is removed, so the next sync rewrites it)."""
    data_path, sum_path = paths(folder, version)
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
        for p in (data_path, sum_path, *pack_paths(folder, version)):
            with contextlib.suppress(OSError):
                p.unlink()
        return None


def read_pack(folder: Path, version: str) -> snap.Packed | None:
    """The packed index of a synced snapshot, checked against its recorded SHA-256; None when
    absent or corrupt (a corrupt one is removed: the snapshot itself is then read whole)."""
    pack_path, pack_sum = pack_paths(folder, version)
    data_path, sum_path = paths(folder, version)
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


def candidates(folder: Path, version: str | None = None) -> list[tuple[str, str]]:
    """Local snapshots able to answer, best first, as (version, "synced" | "bundled")."""
    bundled = bundled_version()
    synced = synced_versions(folder)
    if version is not None:
        out = [(version, "synced")] if version in synced else []
        if bundled == version:
            out.append((version, "bundled"))
        return out
    out = [(v, "synced") for v in synced]
    if bundled is not None:
        out.append((bundled, "bundled"))
    return sorted(
        out,
        key=lambda c: snap.version_key(c[0]) if snap.is_release_name(c[0]) else (0, 0, 0),
        reverse=True,
    )
