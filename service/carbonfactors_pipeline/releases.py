"""Immutable dataset releases: freeze, list and verify the snapshots under factors/releases/.

A release is a canonical snapshot file plus a line in ``manifest.json`` holding its SHA-256.
Nothing here ever rewrites a released file; ``verify`` is what CI runs to prove it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbonfactors import snapshot as snap
from carbonfactors.bundles import BUNDLES, FULL, WHEEL_BUNDLE

from . import licensing as licenses

VERSION_PATTERN = re.compile(r"^(\d{4})\.(0[1-9]|1[0-2])(?:\.([1-9]\d*))?$")
DEV = "dev"


class ReleaseError(Exception):
    """A release cannot be cut or a released snapshot has been altered."""


def version_key(version: str) -> tuple[int, int, int]:
    m = VERSION_PATTERN.match(version)
    if not m:
        raise ReleaseError(
            f"version '{version}' is not a calendar version YYYY.MM or YYYY.MM.N (e.g. 2026.12)"
        )
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


@dataclass(frozen=True)
class Release:
    version: str
    released: str
    sha256: str
    counts: dict[str, int]
    previous: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "released": self.released,
            "sha256": self.sha256,
            "counts": self.counts,
            "previous": self.previous,
        }


def releases_dir(factors_root: Path) -> Path:
    return factors_root / "releases"


#: A release is stored as its canonical text, gzip-compressed without timestamp (about
#: 0.5 MB instead of 12-14 MB per release); its SHA-256 is that of the text, so the bytes
#: the service and sync serve are proven by the same checksum. Releases stored plain
#: (``<v>.json``, the test fixtures) still read.
SNAPSHOT_SUFFIXES = (".json.gz", ".json")


def snapshot_path(factors_root: Path, version: str) -> Path:
    """Where a release's snapshot is (or is written): ``<v>.json.gz``, else a plain ``<v>.json``."""
    for suffix in SNAPSHOT_SUFFIXES:
        path = releases_dir(factors_root) / f"{version}{suffix}"
        if path.exists():
            return path
    return releases_dir(factors_root) / f"{version}{SNAPSHOT_SUFFIXES[0]}"


def release_text(factors_root: Path, version: str) -> str:
    """The canonical text of a release (decompressed): what its SHA-256 is taken over."""
    path = snapshot_path(factors_root, version)
    raw = snap.gunzip(path) if path.suffix == ".gz" else path.read_bytes()
    return raw.decode("utf-8")


def _release_version(path: Path) -> str | None:
    """The version a file under releases/ stores, or None for the other files there."""
    for suffix in SNAPSHOT_SUFFIXES:
        if path.name.endswith(suffix) and not path.name.endswith(LICENSES_SUFFIX):
            name = path.name[: -len(suffix)]
            return None if name == "manifest" else name
    return None


#: Beside each release snapshot: the licence manifest and NOTICE of its ``full`` bundle
#: (``<v>.licenses.json``, ``<v>.NOTICE``) and of its ``open`` one (``<v>.open.…``).
LICENSES_SUFFIX = ".licenses.json"
NOTICE_SUFFIX = ".NOTICE"


def write_license_files(
    snapshot: snap.Snapshot, directory: Path, stem: str, bundle: str
) -> list[Path]:
    """Write ``<stem>.licenses.json`` and ``<stem>.NOTICE`` for one bundle of a snapshot."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / f"{stem}{LICENSES_SUFFIX}"
    notice = directory / f"{stem}{NOTICE_SUFFIX}"
    body = licenses.manifest(snapshot, bundle)
    manifest.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    notice.write_text(licenses.notice(snapshot, bundle), encoding="utf-8")
    return [manifest, notice]


def write_bundle(release_text: str, directory: Path, name: str) -> list[Path]:
    """One bundle of a release as a package carries it: the bundle's snapshot (gzip), its
    packed index, licence manifest and NOTICE, in ``directory``.

    ``open`` goes into the SDK's own data folder (the wheel); ``full`` into the
    ``carbonfactors-data-full`` distribution (``pip install "carbonfactors[full]"``). Which
    factor goes where is computed from each value's inputs (``licensing``).
    """
    part = licenses.bundle(snap.loads(release_text), name)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "snapshot.json.gz"
    snap.write_gzip(snap.dumps(part), target)
    written = [target]
    packed = directory / "snapshot.pack"
    if name == WHEEL_BUNDLE:
        # The packed index beside it is what makes a first offline footprint fast; the
        # full bundle is read whole (its pack would add megabytes to the tree per release).
        packed.write_bytes(snap.pack(part))
        written.append(packed)
    elif packed.exists():
        packed.unlink()
    return [*written, *write_license_files(part, directory, "snapshot", name)]


def write_full_distribution(
    release_text: str, version: str, folder: Path, licence: Path
) -> list[Path]:
    """The ``carbonfactors-data-full`` distribution of a release (``pip install
    "carbonfactors[full]"``): the full bundle's data, the dataset licence page, and the
    distribution's version set to the release's."""
    written = write_bundle(release_text, folder / "carbonfactors_data_full" / "data", FULL)
    page = folder / "LICENSE-DATA.md"
    page.write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
    project = folder / "pyproject.toml"
    text = project.read_text(encoding="utf-8")
    text = re.sub(r'^version = ".*"$', f'version = "{version}"', text, count=1, flags=re.M)
    project.write_text(text, encoding="utf-8")
    return [*written, page, project]


def write_sdk_bundle(release_text: str, directory: Path) -> list[Path]:
    """The wheel's data: the ``open`` bundle of a release (see ``write_bundle``)."""
    return write_bundle(release_text, directory, WHEEL_BUNDLE)


def read_manifest(factors_root: Path) -> list[Release]:
    """Releases in version order, oldest first."""
    path = releases_dir(factors_root) / "manifest.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    out = [Release(**r) for r in data["releases"]]
    return sorted(out, key=lambda r: version_key(r.version))


def _write_manifest(factors_root: Path, releases: list[Release]) -> None:
    body = {
        "releases": [r.to_dict() for r in sorted(releases, key=lambda r: version_key(r.version))]
    }
    path = releases_dir(factors_root) / "manifest.json"
    path.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def verify(factors_root: Path) -> list[str]:
    """Every way the released snapshots disagree with the manifest; empty means intact."""
    problems = []
    releases = read_manifest(factors_root)
    seen: set[str] = set()
    for r in releases:
        if r.version in seen:
            problems.append(f"{r.version}: released twice in manifest.json")
        seen.add(r.version)
        path = snapshot_path(factors_root, r.version)
        if not path.exists():
            problems.append(f"{r.version}: snapshot {path.name} is missing")
            continue
        try:
            actual = snap.sha256_text(release_text(factors_root, r.version))
        except (OSError, UnicodeDecodeError, snap.DatasetError) as exc:
            problems.append(f"{r.version}: {path.name} is unreadable ({exc})")
            continue
        if actual != r.sha256:
            problems.append(
                f"{r.version}: {path.name} has SHA-256 {actual}, manifest records {r.sha256}:"
                " released snapshots are immutable; cut a correction release instead"
            )
    listed = {r.version for r in releases}
    stored: dict[str, list[str]] = {}
    for path in sorted(releases_dir(factors_root).glob("*.json*")):
        version = _release_version(path)
        if version is None:
            continue
        stored.setdefault(version, []).append(path.name)
        if version not in listed:
            problems.append(f"{version}: snapshot {path.name} is not recorded in manifest.json")
    for version, names in sorted(stored.items()):
        if len(names) > 1:
            problems.append(f"{version}: stored twice ({', '.join(names)}); keep one")
    return problems


def load_release(factors_root: Path, release: Release) -> snap.Snapshot:
    return snap.read(snapshot_path(factors_root, release.version), expected_sha256=release.sha256)


def _changelog_entry(
    version: str, released: str, previous: str | None, changes: dict[str, Any]
) -> str:
    lines = [f"## {version} — {released}", ""]
    if previous is None:
        lines.append("First release.")
    else:
        lines.append(f"Against {previous}:")
    for what in ("added", "changed", "removed"):
        items = changes[what]
        per_kind: dict[str, int] = {}
        for item in items:
            kind = item["kind"] if "kind" in item else item["new"]["kind"]
            per_kind[kind] = per_kind.get(kind, 0) + 1
        summary = ", ".join(f"{k} {n}" for k, n in sorted(per_kind.items())) or "none"
        lines.append(f"- {what}: {len(items)} ({summary})")
    changed = changes["changed"]
    if previous is not None and changed and len(changed) <= 50:
        lines.append("")
        lines.append("Changed values:")
        for c in changed:
            lines.append(
                f"- `{c['id']}`: {c['old']['value']:g} → {c['new']['value']:g} {c['new']['unit']}"
                f" ({', '.join(c['fields'])})"
            )
    return "\n".join(lines) + "\n"


def _licence_lines(snapshot: snap.Snapshot) -> str:
    """Factor counts per computed licence of each bundle."""
    lines = [""]
    where = {WHEEL_BUNDLE: "in the wheel", FULL: "carbonfactors[full] and the service default"}
    for name in BUNDLES:
        m = licenses.manifest(snapshot, name)
        mix = ", ".join(f"{lic['license']} {lic['factor_count']}" for lic in m["licenses"])
        lines.append(
            f"- bundle {name} ({where[name]}): {m['factor_count']} factors ({mix or 'none'})"
        )
    return "\n".join(lines) + "\n"


def _next_month(version: str) -> str:
    year, month, _ = version_key(version)
    return f"{year + month // 12}.{month % 12 + 1:02d}"


def cut_release(
    factors_root: Path, version: str, dev_snapshot: snap.Snapshot, today: dt.date | None = None
) -> Release:
    """Freeze ``dev_snapshot`` as ``version``: write snapshot, manifest line, changelog entry."""
    key = version_key(version)
    releases = read_manifest(factors_root)
    if any(r.version == version for r in releases):
        raise ReleaseError(
            f"version {version} is already released; released versions are immutable"
        )
    if snapshot_path(factors_root, version).exists():
        raise ReleaseError(f"{snapshot_path(factors_root, version)} already exists")
    if releases and key <= version_key(releases[-1].version):
        raise ReleaseError(
            f"version {version} must be newer than the latest release {releases[-1].version}"
        )
    problems = verify(factors_root)
    if problems:
        raise ReleaseError("released snapshots are not intact:\n" + "\n".join(problems))
    released = (today or dt.date.today()).isoformat()
    frozen = dict(dev_snapshot, version=version, released=released)
    text = snap.dumps(frozen)
    previous = releases[-1] if releases else None
    old = load_release(factors_root, previous) if previous else {"factors": []}
    changes = snap.diff(old, frozen)
    if key[2] and changes["added"]:
        raise ReleaseError(
            f"{version} names a correction (.N), but it adds {len(changes['added'])} factor(s); "
            f"a correction only changes or removes values: release new data as "
            f"YYYY.MM (e.g. {_next_month(releases[-1].version if releases else version)})"
        )
    rel = Release(
        version,
        released,
        snap.sha256_text(text),
        snap.counts(frozen),
        previous.version if previous else None,
    )
    releases_dir(factors_root).mkdir(parents=True, exist_ok=True)
    snap.write_gzip(text, snapshot_path(factors_root, version))
    for name in BUNDLES:
        stem = version if name == FULL else f"{version}.{name}"
        write_license_files(frozen, releases_dir(factors_root), stem, name)
    _write_manifest(factors_root, [*releases, rel])
    changelog = releases_dir(factors_root) / "CHANGELOG.md"
    head = "# Dataset changelog\n\nOne entry per release, newest first.\n\n"
    existing = changelog.read_text(encoding="utf-8") if changelog.exists() else head
    body = existing[len(head) :] if existing.startswith(head) else existing
    entry = _changelog_entry(version, released, rel.previous, changes) + _licence_lines(frozen)
    changelog.write_text(head + entry + ("\n" + body if body.strip() else ""), encoding="utf-8")
    return rel
