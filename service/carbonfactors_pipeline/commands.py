"""Data commands behind ``carbonfactors validate|changes|review|resolved|audit|build|release|import``.

They need only the pipeline's own dependencies (marshmallow, sqlite-utils, PyYAML), not the
web stack, so a data pull request can be checked with ``pip install 'carbonfactors[pipeline]'``.
``main`` parses a command's options (``cli_args``, beside this module) and runs it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from carbonfactors import snapshot as snap
from carbonfactors import store
from carbonfactors.cli import default_db, default_factors

from . import cli_args, coverage, screens
from .build import build_database
from .releases import (
    ReleaseError,
    cut_release,
    load_release,
    read_manifest,
    release_text,
    snapshot_path,
    verify,
    write_full_distribution,
    write_sdk_bundle,
)
from .validate import validate_tree

#: Where the SDK looks for its bundled snapshot: the installed package's own data folder
#: (``carbonfactors.store.BUNDLED``), never a path relative to a source checkout.
BUNDLE = store.BUNDLED.parent
#: The ``carbonfactors[full]`` data distribution, beside ``factors/`` in a checkout.
FULL_DISTRIBUTION = "data-full"


def main(name: str, argv: Sequence[str]) -> int:
    """Run data command ``name`` with the rest of its command line."""
    args = cli_args.parser(name).parse_args(list(argv))
    args.command = name
    code: int = globals()["run_" + name.replace("-", "_")](args)
    return code


def _factors(args: argparse.Namespace) -> Path:
    return getattr(args, "factors", None) or getattr(args, "path", None) or default_factors()


def run_validate(args: argparse.Namespace) -> int:
    root = _factors(args)
    result = validate_tree(root)
    report = coverage.summarize(result.snapshot)
    if args.json:
        print(
            json.dumps(
                {
                    "ok": result.ok,
                    "problems": [str(p) for p in result.problems],
                    "disagreements": result.disagreements,
                    "flags": [f.to_dict() for f in result.flags],
                    "coverage": report,
                },
                indent=2,
            )
        )
        return 0 if result.ok else 1
    for p in result.problems:
        print(p)
    if not result.ok:
        print(f"{len(result.problems)} problem(s) in {root}", file=sys.stderr)
        return 1
    print(coverage.render(report))
    brief = getattr(args, "brief", False)
    if result.flags:
        counts = screens.plain_reasons(result.flags)
        print(
            f"\nPlausibility screens: {len(result.flags)} grid and hardware value(s) flagged ("
            + ", ".join(
                f"{r} " + ", ".join(f"{n} {k}" for k, n in c.items()) for r, c in counts.items()
            )
            + "); excluded values stay queryable but are never a default; values to review"
            " stay defaults and their lookups say so"
        )
        shown = [
            fl
            for fl in result.flags
            if not brief or (fl.rule in screens.REVIEW_RULES and not fl.kept)
        ]
        for fl in shown:
            print(f"  {fl.factor}: {fl.rule}: " + (f"kept: {fl.kept}" if fl.kept else fl.reason))
        if len(shown) < len(result.flags):
            print(
                f"  ({len(result.flags) - len(shown)} excluded or kept by a reviewer, not "
                "listed; carbonfactors validate lists all)"
            )
    if result.disagreements:
        open_ = [d for d in result.disagreements if d["status"] == "open"]
        print(
            f"\nSources disagreeing by more than 25% (for review, not errors): "
            f"{len(result.disagreements)}, {len(open_)} open, "
            f"{len(result.disagreements) - len(open_)} explained in factors/screens.yaml"
            + (" (the open ones listed; carbonfactors validate lists all)" if brief else "")
        )
        for d in open_ if brief else result.disagreements:
            lo, hi = d["low"], d["high"]
            acc = ""
            if lo.get("accounting") != hi.get("accounting"):
                acc = (
                    f" [{lo.get('accounting') or '?'} vs {hi.get('accounting') or '?'} accounting]"
                )
            why = f" explained: {d['note']}" if d["note"] else " OPEN"
            print(
                f"  {d['subject']} {d['year']} {d['basis']}: {lo['value']:g} ({lo['source']})"
                f" vs {hi['value']:g} ({hi['source']}) {screens.pct(d['spread'])}{acc}{why}"
            )
    return 0


def _validated(root: Path) -> snap.Snapshot | None:
    result = validate_tree(root)
    if not result.ok:
        for p in result.problems:
            print(p, file=sys.stderr)
        print(
            f"{len(result.problems)} problem(s): fix them first (carbonfactors validate)",
            file=sys.stderr,
        )
        return None
    return result.snapshot


def run_build(args: argparse.Namespace) -> int:
    root = _factors(args)
    dev = _validated(root)
    if dev is None:
        return 1
    broken = verify(root)
    if broken:
        print("\n".join(broken), file=sys.stderr)
        return 1
    out = args.out or default_db()
    checksum = build_database(root, dev, out, answers=args.answers)
    print(f"built {out} (content sha256 {checksum})")
    return 0


def bundle_into_sdk(root: Path, version: str, directory: Path = BUNDLE) -> list[Path]:
    """Put a release's default bundle (with its packed index, licence manifest and NOTICE) in
    the SDK package, through the package's own path (``BUNDLE``)."""
    return write_sdk_bundle(release_text(root, version), directory)


def _uncommitted(root: Path) -> list[str]:
    """Uncommitted changes under ``root`` (empty outside a git checkout: nothing to compare)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "."],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [line for line in out.splitlines() if line.strip()]


def run_release(args: argparse.Namespace) -> int:
    root = _factors(args)
    dirty = [] if args.allow_dirty else _uncommitted(root)
    if dirty:
        print(
            f"release: {root} has uncommitted changes; a release must be reproducible from a "
            f"commit (commit them, or pass --allow-dirty):\n" + "\n".join(dirty[:20]),
            file=sys.stderr,
        )
        return 1
    dev = _validated(root)
    if dev is None:
        return 1
    try:
        rel = cut_release(root, args.version, dev)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    print(f"released {rel.version} sha256 {rel.sha256}")
    print(", ".join(f"{k} {v}" for k, v in rel.counts.items()))
    if not args.no_bundle:
        for path in bundle_into_sdk(root, rel.version):
            print(f"bundled {path}")
        full = root.parent / FULL_DISTRIBUTION
        if full.is_dir():
            text = release_text(root, rel.version)
            for path in write_full_distribution(text, rel.version, full, root / "LICENSE.md"):
                print(f"bundled {path}")
    return 0


def run_verify_releases(args: argparse.Namespace) -> int:
    problems = verify(_factors(args))
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("all released snapshots match their checksums")
    return 1 if problems else 0


def run_changes(args: argparse.Namespace) -> int:
    """The review report of a data pull request: its effect on the served numbers."""
    root = _factors(args)
    dev = _validated(root)
    if dev is None:
        return 1
    releases = read_manifest(root)
    base = args.from_version or (releases[-1].version if releases else None)
    chosen = next((r for r in releases if r.version == base), None)
    if base is not None and chosen is None:
        print(f"changes: no release '{base}'", file=sys.stderr)
        return 2
    old = load_release(root, chosen) if chosen else {"factors": []}
    changes = snap.diff(old, dev)
    if args.json:
        print(json.dumps({"from": base, **changes}, indent=2, sort_keys=True))
        return 0
    print(f"factors/ against {base or 'nothing released'}:")
    for what in ("added", "changed", "removed"):
        print(f"  {what}: {len(changes[what])}")
    for f in changes["added"]:
        print(f"+ {f['id']}: {f['value']:g} {f['unit']} ({f['source']})")
    for c in changes["changed"]:
        old_f, new_f = c["old"], c["new"]
        print(
            f"~ {c['id']}: {old_f['value']:g} -> {new_f['value']:g} {new_f['unit']}"
            f" [{', '.join(c['fields'])}]"
        )
    for f in changes["removed"]:
        print(f"- {f['id']}: {f['value']:g} {f['unit']} ({f['source']})")
    return 0


def run_review(args: argparse.Namespace) -> int:
    """The self-review of a data pull request against a git revision (exit 1: invalid)."""
    from .review import ReviewError, render_markdown, review

    root = _factors(args).resolve()
    try:
        repo = Path(
            subprocess.run(
                ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        report = review(repo, args.base, str(root.relative_to(repo)))
    except (ReviewError, subprocess.CalledProcessError, FileNotFoundError, ValueError) as exc:
        detail = getattr(exc, "stderr", None) or exc
        print(f"review: {str(detail).strip()}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, sort_keys=True))
    else:
        print(render_markdown(report), end="")
    return 0 if report.ok else 1


def run_resolved(args: argparse.Namespace) -> int:
    """Write (or with --check, verify) the resolved-factor tables under factors/resolved/."""
    from . import resolved

    root = _factors(args)
    dev = _validated(root)
    if dev is None:
        return 1
    if args.check:
        stale = resolved.stale(root, dev)
        for name in stale:
            print(f"{name}: stale; run 'carbonfactors resolved' and commit it", file=sys.stderr)
        return 1 if stale else 0
    for written in resolved.write(root, dev):
        print(f"wrote {written}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """Draw a stratified random sample of default values and write the audit worksheet."""
    from . import audit

    root = _factors(args)
    if args.release:
        path = snapshot_path(root, args.release)  # stored gzip-compressed; plain still reads
        if not path.exists():
            print(f"carbonfactors audit: no release {args.release} ({path})", file=sys.stderr)
            return 2
        data: snap.Snapshot | None = snap.read(path)
    else:
        data = _validated(root)
    if data is None:
        return 1
    if args.sample < 1:
        print("carbonfactors audit: --sample must be at least 1", file=sys.stderr)
        return 2
    if args.items:
        items = audit.items_of(args.items.read_text(encoding="utf-8"))
        rows = audit.resolve(dict(data), root, items, args.bundle)
        args.sample = len(items)
    else:
        rows = audit.worksheet(dict(data), root, args.sample, args.seed, args.bundle)
    text = audit.render(rows, args.format, args.seed, args.sample)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}: {args.sample} defaults ({len(rows)} rows), seed {args.seed}")
    else:
        sys.stdout.write(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from .importers import REGISTRY, ordered

    if not args.importer and not args.all:
        for name, imp in sorted(REGISTRY.items()):
            print(f"{name:32} {imp.description}")
        return 0
    names = [imp.name for imp in ordered()] if args.all else [args.importer]
    root = _factors(args)
    for name in names:
        if name not in REGISTRY:
            print(
                f"import: unknown importer '{name}' (see 'carbonfactors import')", file=sys.stderr
            )
            return 2
        try:
            changed = REGISTRY[name].run(args.sources, root)
        except FileNotFoundError as exc:
            print(
                f"import {name}: upstream file missing: {exc.filename}\n"
                f"  --sources must point at the folder of upstream datasets "
                f"(default ../shared/sources); each dataset's SOURCE.md there says where it "
                f"comes from, and shared/sources/README.md how to fetch what is missing.",
                file=sys.stderr,
            )
            return 1
        print(f"{name}: {len(changed)} file(s) changed")
    return 0
